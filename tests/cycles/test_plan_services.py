"""A plan's status moves: the table, and what a decision needs (decision, lägesbild, a cause for every
measure), with who decided in the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cycles.models import (
    PLAN_MOVES,
    PlanStatus,
)
from cycles.services import plan as plan_services
from tests.actors.factories import DecisionFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureFactory,
)
from tests.lagesbild.factories import CauseAnalysisFactory, SituationReportFactory

pytestmark = pytest.mark.django_db


def _plan_ready_for_decision(**kwargs):
    return ActionPlanFactory(
        status=PlanStatus.CONSULTATION,
        decision=DecisionFactory(),
        situation_report=SituationReportFactory(adopted=True),
        **kwargs,
    )


@pytest.mark.parametrize("start", list(PlanStatus))
@pytest.mark.parametrize("target", list(PlanStatus))
def test_plan_moves_follow_the_table(start, target, coordinator):
    plan = _plan_ready_for_decision()
    plan.status = start
    plan.save()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()])
    if target in PLAN_MOVES[start]:
        plan_services.change_plan_status(plan=plan, to=target, by=coordinator)
        plan.refresh_from_db()
        assert plan.status == target
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            plan_services.change_plan_status(plan=plan, to=target, by=coordinator)


def test_plan_cannot_be_decided_with_a_measure_without_cause(coordinator):
    plan = _plan_ready_for_decision()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()], title="Med orsak")
    MeasureFactory(plan=plan, title="Belysning utan orsak")
    MeasureFactory(plan=plan, title="Kameror utan orsak")

    with pytest.raises(ValidationError) as exc:
        plan_services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)

    message = exc.value.messages[0]
    assert "minst en orsaksanalys" in message
    assert "”Belysning utan orsak”, ”Kameror utan orsak”" in message
    assert "Med orsak" not in message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION


def test_plan_needs_decision_report_and_measures_to_be_decided(coordinator):
    plan = ActionPlanFactory(status=PlanStatus.CONSULTATION)
    with pytest.raises(ValidationError, match="beslutet och lägesbilden"):
        plan_services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)
    plan = _plan_ready_for_decision()
    with pytest.raises(ValidationError, match="minst en åtgärd"):
        plan_services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)


def test_plan_decision_is_in_the_history_with_who(coordinator):
    plan = _plan_ready_for_decision()
    MeasureFactory(plan=plan, causes=[CauseAnalysisFactory()])
    plan_services.change_plan_status(plan=plan, to=PlanStatus.DECIDED, by=coordinator)
    latest = plan.history.first()
    assert (latest.status, latest.history_user) == (PlanStatus.DECIDED, coordinator)


def test_plan_end_must_be_after_start():
    plan = ActionPlanFactory.build(
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        plan.full_clean(exclude=["cycle"])
    assert "period_end" in exc.value.message_dict
