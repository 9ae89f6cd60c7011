"""An åtgärdsplan's status moves; a plan is decided only when every measure has a cause (§ 5)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.workflow import check_move

from ..models import (
    PLAN_MOVES,
    ActionPlan,
    PlanStatus,
)


@transaction.atomic
def change_plan_status(*, plan: ActionPlan, to: str, by=None, version: int | None = None) -> ActionPlan:
    """Move a plan along utkast → remiss → beslutad → genomförs → uppföljd → ersatt (see PLAN_MOVES).

    A plan is decided only with a decision, the lägesbild it rests on, and a cause for every measure.
    """
    to = check_move(
        plan, to=to, choices=PlanStatus, moves=PLAN_MOVES, what=_("en åtgärdsplan"), by=by, version=version
    )
    if to == PlanStatus.DECIDED:
        if plan.decision_id is None or plan.situation_report_id is None:
            raise ValidationError(
                _("Ange beslutet och lägesbilden som planen bygger på innan den markeras som beslutad (5 §).")
            )
        if not plan.measures.exists():
            raise ValidationError(_("En åtgärdsplan måste ha minst en åtgärd innan den beslutas."))
        missing = list(plan.measures.without_cause().order_by("title").values_list("title", flat=True))
        if missing:
            raise ValidationError(
                _(
                    "Planen kan inte beslutas förrän varje åtgärd är kopplad till minst en orsaksanalys. "
                    "Åtgärder utan orsak: %(titles)s."
                )
                % {"titles": ", ".join(f"”{t}”" for t in missing)}
            )
    plan.status = to
    plan.save(update_fields=["status", "updated_at"])
    return plan
