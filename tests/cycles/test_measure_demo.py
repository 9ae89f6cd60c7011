"""The demo plan: decided, with measures in every status, and loading it twice changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cycles.models import ActionPlan, Measure, MeasureStatus, MeasureUpdate, PlanStatus
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_demo_plan_is_decided_with_measures_in_every_status_and_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    plan = ActionPlan.objects.get()
    assert plan.status == PlanStatus.IN_PROGRESS
    assert plan.decision.paragraph == "KS § 112"
    assert plan.situation_report is not None
    measures = plan.measures.all()
    assert 12 <= measures.count() <= 20
    assert {m.status for m in measures} == set(MeasureStatus)
    assert {m.visibility for m in measures} == {Visibility.PUBLIC, Visibility.INTERNAL}
    assert not measures.without_cause().exists()
    assert Measure.objects.stale().exists()
    assert MeasureUpdate.objects.pending().exists()
    assert MeasureUpdate.objects.filter(
        date__lte=timezone.localdate() - datetime.timedelta(days=300)
    ).exists()
    assert Measure.objects.filter(promise_lines__isnull=False).exists()
    assert Measure.objects.filter(places__isnull=False).exists()
