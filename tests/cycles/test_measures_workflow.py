"""Plans, measures and lägesrapporter: the allowed moves, validation, approval, staleness, history and
optimistic locking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cycles import services
from cycles.models import (
    MEASURE_MOVES,
    PLAN_MOVES,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    PlanStatus,
)
from tests.actors.factories import DecisionFactory
from tests.cycles.factories_measures import (
    ActionPlanFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import CauseAnalysisFactory, SituationReportFactory
from trygg.concurrency import EditConflict

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _plan_ready_for_decision(**kwargs):
    return ActionPlanFactory(
        status=PlanStatus.CONSULTATION,
        decision=DecisionFactory(),
        situation_report=SituationReportFactory(adopted=True),
        **kwargs,
    )


# --- Plan status -----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", list(PlanStatus))
@pytest.mark.parametrize("target", list(PlanStatus))
def test_plan_moves_follow_the_table(start, target, coordinator):
    plan = _plan_ready_for_decision()
    plan.status = start
    plan.save()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()])
    if target in PLAN_MOVES[start]:
        services.change_plan_status(plan=plan, to=target, by=coordinator)
        plan.refresh_from_db()
        assert plan.status == target
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            services.change_plan_status(plan=plan, to=target, by=coordinator)


def test_plan_cannot_be_decided_with_a_measure_without_cause(coordinator):
    plan = _plan_ready_for_decision()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()], title="Med orsak")
    MeasureFactory(plan=plan, title="Belysning utan orsak")
    MeasureFactory(plan=plan, title="Kameror utan orsak")

    with pytest.raises(ValidationError) as exc:
        services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)

    message = exc.value.messages[0]
    assert "minst en orsaksanalys" in message
    assert "”Belysning utan orsak”, ”Kameror utan orsak”" in message
    assert "Med orsak" not in message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION


def test_plan_needs_decision_report_and_measures_to_be_decided(coordinator):
    plan = ActionPlanFactory(status=PlanStatus.CONSULTATION)
    with pytest.raises(ValidationError, match="beslutet och lägesbilden"):
        services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)
    plan = _plan_ready_for_decision()
    with pytest.raises(ValidationError, match="minst en åtgärd"):
        services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)


def test_plan_decision_is_in_the_history_with_who(coordinator):
    plan = _plan_ready_for_decision()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()])
    services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)
    latest = plan.history.first()
    assert (latest.status, latest.history_user) == (PlanStatus.DECIDED, coordinator)


def test_plan_end_must_be_after_start():
    plan = ActionPlanFactory.build(
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        plan.full_clean(exclude=["cycle"])
    assert "period_end" in exc.value.message_dict


# --- Measure validation ----------------------------------------------------------------------------


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


# --- Lägesrapporter --------------------------------------------------------------------------------


def test_coordinator_update_is_approved_and_moves_the_measure(coordinator):
    measure = public_measure(status=MeasureStatus.PLANNED)
    update = services.post_update(
        measure=measure,
        by=coordinator,
        date=TODAY,
        status=MeasureStatus.ONGOING,
        progress=30,
        text="Startat.",
    )
    measure.refresh_from_db()
    assert update.is_approved and update.approved_by == coordinator
    assert (measure.status, measure.progress, measure.last_update_on) == (MeasureStatus.ONGOING, 30, TODAY)
    assert measure.history.first().history_user == coordinator


def test_partner_update_waits_for_approval_then_moves_the_measure(police_partner, coordinator):
    measure = public_measure()
    update = services.post_update(
        measure=measure, by=police_partner, date=TODAY, status=MeasureStatus.DONE, progress=100, text="Klart."
    )
    measure.refresh_from_db()
    assert update.needs_approval and not update.is_approved
    assert (measure.status, measure.progress) == (MeasureStatus.ONGOING, 0)
    assert measure.last_update_on == TODAY  # it counts as activity: not stale

    services.approve_update(update=update, by=coordinator)
    measure.refresh_from_db()
    update.refresh_from_db()
    assert update.approved_by == coordinator
    assert (measure.status, measure.progress) == (MeasureStatus.DONE, 100)
    with pytest.raises(ValidationError, match="redan godkänd"):
        services.approve_update(update=update, by=coordinator)


def test_partner_update_is_public_at_once_when_the_measure_does_not_need_approval(police_partner):
    measure = public_measure(updates_need_approval=False)
    update = services.post_update(
        measure=measure, by=police_partner, date=TODAY, status=MeasureStatus.ONGOING, progress=10, text="x"
    )
    assert update.is_approved


def test_measure_follows_its_latest_approved_update_not_the_latest_written(coordinator):
    measure = public_measure()
    MeasureUpdateFactory(measure=measure, date=TODAY, progress=70)
    older = MeasureUpdateFactory(
        measure=measure,
        date=TODAY - datetime.timedelta(days=10),
        progress=40,
        approved_at=None,
        needs_approval=True,
    )
    services.approve_update(update=older, by=coordinator)
    measure.refresh_from_db()
    assert measure.progress == 70


@pytest.mark.parametrize("start", list(MeasureStatus))
@pytest.mark.parametrize("target", list(MeasureStatus))
def test_measure_status_moves_follow_the_table(start, target, coordinator):
    measure = public_measure(status=start)
    allowed = target == start or target in MEASURE_MOVES[start]
    kwargs = {
        "measure": measure,
        "by": coordinator,
        "date": TODAY,
        "status": target,
        "progress": 50,
        "text": "x",
    }
    if allowed:
        services.post_update(**kwargs)
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            services.post_update(**kwargs)
        assert not MeasureUpdate.objects.exists()


def test_no_updates_while_the_plan_is_a_draft(coordinator):
    measure = MeasureFactory(causes=[CauseAnalysisFactory()])
    with pytest.raises(ValidationError, match="när planen är beslutad"):
        services.post_update(
            measure=measure, by=coordinator, date=TODAY, status=MeasureStatus.ONGOING, progress=5, text="x"
        )


def test_update_progress_and_future_date_are_refused(coordinator):
    measure = public_measure()
    with pytest.raises(ValidationError) as exc:
        services.post_update(
            measure=measure,
            by=coordinator,
            date=TODAY + datetime.timedelta(days=1),
            status=MeasureStatus.ONGOING,
            progress=120,
            text="x",
        )
    assert set(exc.value.message_dict) == {"date", "progress"}


# --- Staleness -------------------------------------------------------------------------------------


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


# --- Optimistic locking ----------------------------------------------------------------------------


def test_two_saves_of_the_same_measure_conflict():
    measure = MeasureFactory()
    first, second = Measure.objects.get(pk=measure.pk), Measure.objects.get(pk=measure.pk)
    first.public_text = "Första"
    first.save()
    second.public_text = "Andra"
    with pytest.raises(EditConflict):
        second.save()
    assert Measure.objects.get(pk=measure.pk).public_text == "Första"


def test_text_form_reports_a_conflict_and_keeps_the_text(coordinator_client):
    measure = public_measure()
    url = f"/arbete/atgarder/{measure.slug}/text/"
    coordinator_client.post(url, {"public_text": "Min version", "loaded_version": measure.version})
    response = coordinator_client.post(url, {"public_text": "Din version", "loaded_version": measure.version})
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert "Din version" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).public_text == "Min version"
