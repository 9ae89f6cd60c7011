"""Measures as data: progress within 0–100 and end after start (clean and database), staleness, and
optimistic locking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cycles.models import (
    Measure,
    MeasureStatus,
)
from tests.cycles.factories import (
    MeasureFactory,
    running_plan,
)
from trygg.concurrency import EditConflict

pytestmark = pytest.mark.django_db


TODAY = timezone.localdate()


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_outside_0_to_100_is_refused(progress):
    measure = MeasureFactory()
    measure.progress = progress
    with pytest.raises(ValidationError) as exc:
        measure.full_clean()
    assert "progress" in exc.value.message_dict


def test_progress_constraint_holds_in_the_database():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(progress=101)


def test_end_before_start_is_refused_by_clean_and_database():
    measure = MeasureFactory(start_date=datetime.date(2026, 1, 1))
    measure.end_date = datetime.date(2025, 12, 31)
    with pytest.raises(ValidationError) as exc:
        measure.full_clean()
    assert exc.value.message_dict["end_date"] == ["Slutdatumet kan inte vara före startdatumet."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(end_date=datetime.date(2025, 12, 31))


def test_same_day_start_and_end_is_fine():
    measure = MeasureFactory(start_date=TODAY, end_date=TODAY)
    measure.full_clean()


def test_stale_uses_the_setting_and_ignores_finished_measures(settings):
    plan = running_plan()
    old = TODAY - datetime.timedelta(days=100)
    stale = MeasureFactory(plan=plan, status=MeasureStatus.ONGOING)
    Measure.objects.filter(pk=stale.pk).update(last_update_on=old)
    fresh = MeasureFactory(plan=plan, status=MeasureStatus.ONGOING)
    Measure.objects.filter(pk=fresh.pk).update(last_update_on=TODAY - datetime.timedelta(days=10))
    never = MeasureFactory(plan=plan)
    Measure.objects.filter(pk=never.pk).update(created_on=old)
    done = MeasureFactory(plan=plan, status=MeasureStatus.DONE)
    Measure.objects.filter(pk=done.pk).update(last_update_on=old)

    assert set(Measure.objects.stale()) == {stale, never}
    assert Measure.objects.get(pk=stale.pk).is_stale
    assert not Measure.objects.get(pk=done.pk).is_stale
    settings.TRYGG_STALE_DAYS = 5
    assert set(Measure.objects.stale()) == {stale, never, fresh}
    assert set(Measure.objects.stale(days=200)) == set()


def test_two_saves_of_the_same_measure_conflict():
    measure = MeasureFactory()
    first, second = Measure.objects.get(pk=measure.pk), Measure.objects.get(pk=measure.pk)
    first.public_text = "Första"
    first.save()
    second.public_text = "Andra"
    with pytest.raises(EditConflict):
        second.save()
    assert Measure.objects.get(pk=measure.pk).public_text == "Första"
