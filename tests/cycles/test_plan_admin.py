"""The admin for plans: the decision action names the measures that lack a cause."""

import pytest

from cycles.models import PlanStatus
from tests.actors.factories import DecisionFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureFactory,
)
from tests.lagesbild.factories import SituationReportFactory

pytestmark = pytest.mark.django_db


def test_plan_decision_action_names_the_measures_without_cause(coordinator_client):
    plan = ActionPlanFactory(
        status=PlanStatus.CONSULTATION,
        decision=DecisionFactory(),
        situation_report=SituationReportFactory(adopted=True),
    )
    MeasureFactory(plan=plan, title="Åtgärd utan orsak")
    response = coordinator_client.post(
        "/admin/cycles/actionplan/",
        {"action": "mark_decided", "_selected_action": [plan.pk], "confirm": "yes"},
        follow=True,
    )
    assert "Åtgärder utan orsak: ”Åtgärd utan orsak”" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION
