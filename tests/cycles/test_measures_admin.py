"""The admin for plans, measures and lägesrapporter: pages open, the plan's status moves through a
confirmed action that refuses a decision while measures lack a cause, and reports cannot be edited."""

import pytest

from cycles.models import PlanStatus
from tests.actors.factories import DecisionFactory
from tests.cycles.factories_measures import (
    ActionPlanFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    public_measure,
)
from tests.lagesbild.factories import SituationReportFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open(coordinator_client):
    measure = public_measure()
    update = MeasureUpdateFactory(measure=measure)
    for url in [
        "/admin/cycles/actionplan/",
        f"/admin/cycles/actionplan/{measure.plan.pk}/change/",
        f"/admin/cycles/actionplan/{measure.plan.pk}/history/",
        "/admin/cycles/measure/",
        "/admin/cycles/measure/add/",
        f"/admin/cycles/measure/{measure.pk}/change/",
        f"/admin/cycles/measure/{measure.pk}/history/",
        "/admin/cycles/measureupdate/",
        f"/admin/cycles/measureupdate/{update.pk}/change/",
    ]:
        assert coordinator_client.get(url).status_code == 200, url


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


def test_reports_are_not_edited_in_the_admin(coordinator_client):
    update = MeasureUpdateFactory(text="Som det rapporterades")
    coordinator_client.post(f"/admin/cycles/measureupdate/{update.pk}/change/", {"text": "Ändrat"})
    update.refresh_from_db()
    assert update.text == "Som det rapporterades"
