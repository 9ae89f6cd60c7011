"""The kretslopp: starting a samverkansperiod, ticking and adding checklist items, moving to the next step."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Decision, Meeting
from lagesbild.models import SituationReport

from ..models import (
    Agreement,
    ChecklistItem,
    ChecklistTemplateItem,
    Cycle,
    Step,
    StepTransition,
)

LAST_STEP = 5
MISSING_EVIDENCE = gettext_lazy(
    "Välj ett beslut, ett möte, en överenskommelse eller en lägesbild, ladda upp ett dokument eller ange en "
    "länk. Finns inget underlag skriver du varför."
)


@transaction.atomic
def start_cycle(
    *,
    name: str,
    start: datetime.date,
    end: datetime.date,
    by,
    carry_over_from: Cycle | None = None,
    carry_items: Iterable[ChecklistItem] = (),
) -> Cycle:
    """Start a new current period in step 1 with fresh checklists; chosen open items are carried over."""
    first_step = Step.objects.get(number=1)
    previous = Cycle.objects.filter(is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
    cycle = Cycle(name=name, start_date=start, end_date=end, current_step=first_step, is_current=True)
    cycle.full_clean()
    cycle.save()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(cycle=cycle, step_id=t.step_id, text=t.text, order=t.order)
        for t in ChecklistTemplateItem.objects.all()
    )
    carried = []
    for item in carry_items:
        if carry_over_from is None or item.cycle_id != carry_over_from.pk:
            raise ValidationError(_("Bara punkter från den förra perioden kan föras över."))
        if item.is_done:
            raise ValidationError(
                _("Punkten ”%(text)s” är redan klar och behöver inte föras över.") % {"text": item.text}
            )
        carried.append(
            ChecklistItem(
                cycle=cycle,
                step_id=item.step_id,
                text=item.text,
                order=100 + item.order,
                local=True,
                carried_over_from=item,
            )
        )
    ChecklistItem.objects.bulk_create(carried)
    StepTransition.objects.create(
        cycle=cycle,
        from_step=previous.current_step if previous else None,
        to_step=first_step,
        by=by,
        reason=_("Ny samverkansperiod startad.") if previous else "",
    )
    return cycle


@transaction.atomic
def tick_item(
    *,
    item: ChecklistItem,
    by,
    done_on: datetime.date,
    version: int | None = None,
    decision: Decision | None = None,
    meeting: Meeting | None = None,
    agreement: Agreement | None = None,
    report: SituationReport | None = None,
    document=None,
    url: str = "",
    note: str = "",
    public: bool = False,
    no_evidence_reason: str = "",
) -> ChecklistItem:
    """Mark an item done with its date, who, and evidence, or with a written reason why there is none.
    `version` is the one the user saw (locking)."""
    if version is not None:
        item.version = version
    item.done_on, item.done_by, item._history_user = done_on, by, by
    item.evidence_decision, item.evidence_meeting, item.evidence_agreement = decision, meeting, agreement
    item.evidence_report = report
    if document is not None:
        item.evidence_document = document
    item.evidence_url, item.evidence_note, item.evidence_public = url, note, public
    item.no_evidence_reason = no_evidence_reason.strip()
    if not item.has_evidence and not item.no_evidence_reason:
        raise ValidationError(
            {"no_evidence_reason": ValidationError(MISSING_EVIDENCE, code="missing_evidence")}
        )
    item.full_clean(exclude=["cycle", "step"])
    item.save()  # raises EditConflict when someone else saved in between
    return item


@transaction.atomic
def untick_item(*, item: ChecklistItem, by, version: int | None = None) -> ChecklistItem:
    """Mark an item as not done; the evidence stays, so that ticking it again is quick."""
    if version is not None:
        item.version = version
    item.done_on, item.done_by, item._history_user = None, None, by
    item.save(update_fields=["done_on", "done_by", "updated_at"])
    return item


@transaction.atomic
def add_local_item(
    *, cycle: Cycle, step: Step, text: str, by, due_date: datetime.date | None = None
) -> ChecklistItem:
    """Add the coordinator's own checklist item to a step of the cycle, after the handbook's items."""
    last = cycle.checklist.filter(step=step).order_by("-order").values_list("order", flat=True).first()
    item = ChecklistItem(
        cycle=cycle, step=step, text=text.strip(), order=(last or 0) + 1, local=True, due_date=due_date
    )
    item.full_clean()
    item.save()
    return item


def open_items(cycle: Cycle) -> list[ChecklistItem]:
    """The unticked items of the cycle's current step."""
    return list(cycle.checklist.filter(step_id=cycle.current_step_id).open())


@transaction.atomic
def move_to_next_step(*, cycle: Cycle, by, reason: str = "", version: int | None = None) -> StepTransition:
    """Move the cycle on one step; with unticked items only when a reason is given (kept in the history)."""
    if version is not None:
        cycle.version = version
    current = cycle.current_step
    if current.number >= LAST_STEP:
        raise ValidationError(
            _("Steg 5 är det sista steget. Starta en ny samverkansperiod för att börja om från steg 1.")
        )
    reason = reason.strip()
    unticked = len(open_items(cycle))
    if unticked and not reason:
        raise ValidationError(
            _("%(n)s punkter i steget är inte klara. Skriv varför ni ändå går vidare.") % {"n": unticked}
        )
    next_step = Step.objects.get(number=current.number + 1)
    cycle.current_step = next_step
    cycle._change_reason = reason or None
    cycle._history_user = by
    cycle.save(update_fields=["current_step", "updated_at"])
    return StepTransition.objects.create(
        cycle=cycle, from_step=current, to_step=next_step, by=by, reason=reason, open_items=unticked
    )
