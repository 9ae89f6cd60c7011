"""The åtgärdsplan 2025–2027, decided by KS § 112 and carried out."""

import datetime

from actors.demo import find_decision
from actors.models import Actor
from lagesbild.models import SituationReport
from trygg.visibility import Visibility

from ..models import (
    ActionPlan,
    Cycle,
    PlanStatus,
)
from ..services import plan as plan_services
from .cycle import CYCLE_NAME
from .measure import MUNI, create_measures, post_updates

D = datetime.date

PLAN_TITLE = "Åtgärdsplan för brottsförebyggande arbete 2025–2027"


def load_plan(*, coordinator, partners: dict) -> ActionPlan | None:
    """The action plan with its measures and a year of lägesrapporter (idempotent by the plan's title)."""
    plan = ActionPlan.objects.filter(title=PLAN_TITLE).first()
    if plan is not None:
        return plan
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    actors = {a.name: a for a in Actor.objects.all()}
    if cycle is None or MUNI not in actors:
        return None
    plan = ActionPlan(
        cycle=cycle,
        title=PLAN_TITLE,
        period_start=D(2025, 7, 1),
        period_end=D(2027, 6, 30),
        situation_report=SituationReport.objects.filter(
            title="Gemensam lägesbild 2025 för Tingsryds kommun"
        ).first(),
        goals=(
            "Fler ska känna sig trygga i centrala Tingsryd kvällstid.\n"
            "Färre unga ska dras in i narkotikahandel.\n"
            "Gång- och cykelvägar ska vara upplysta och överblickbara."
        ),
        decision=find_decision("Kommunstyrelsen", D(2025, 6, 10), "KS § 112"),
        visibility=Visibility.PUBLIC,
    )
    plan.full_clean()
    plan.save()
    created = create_measures(plan)
    if any(not m.cause_analyses.exists() for m, _a, _u in created):
        return plan  # the lägesbild demo did not run: leave the plan as a draft
    for status in (PlanStatus.CONSULTATION, PlanStatus.DECIDED, PlanStatus.IN_PROGRESS):
        plan_services.change_plan_status(plan=plan, to=status, by=coordinator)
    post_updates(created, coordinator=coordinator, partners=partners)
    return plan
