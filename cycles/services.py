"""Writes in the cycles app: starting a period, ticking checklist items, moving between steps, and the
status transitions of agreements and medborgarlöften (checked against the tables in models.py)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Decision, Meeting
from lagesbild.models import SituationReport

from .models import (
    AGREEMENT_MOVES,
    MEASURE_MOVES,
    PLAN_MOVES,
    PROMISE_MOVES,
    ActionPlan,
    Agreement,
    AgreementStatus,
    ChecklistItem,
    ChecklistTemplateItem,
    CitizenPromise,
    Cycle,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    PlanStatus,
    PromiseStatus,
    Step,
    StepTransition,
)

LAST_STEP = 5


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
) -> ChecklistItem:
    """Mark an item done with its date, who, and evidence. `version` is the one the user saw (locking)."""
    if version is not None:
        item.version = version
    item.done_on, item.done_by, item._history_user = done_on, by, by
    item.evidence_decision, item.evidence_meeting, item.evidence_agreement = decision, meeting, agreement
    item.evidence_report = report
    if document is not None:
        item.evidence_document = document
    item.evidence_url, item.evidence_note, item.evidence_public = url, note, public
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


def _prepare_move(obj, *, to, choices, moves, what, by, version):
    """Check a status move against its table; returns the target status or refuses in Swedish."""
    if version is not None:
        obj.version = version
    if by is not None:
        obj._history_user = by  # the history names who moved it, also outside a request
    target = choices(to)
    if target not in moves[obj.status]:
        raise ValidationError(
            _("Det går inte att ändra status från ”%(current)s” till ”%(target)s” för %(what)s.")
            % {"current": obj.get_status_display(), "target": target.label, "what": what}
        )
    return target


@transaction.atomic
def change_agreement_status(
    *, agreement: Agreement, to: str, by=None, version: int | None = None
) -> Agreement:
    """Move an agreement along utkast → undertecknad → gällande → upphörd/ersatt (see AGREEMENT_MOVES)."""
    to = _prepare_move(
        agreement,
        to=to,
        choices=AgreementStatus,
        moves=AGREEMENT_MOVES,
        what=_("en överenskommelse"),
        by=by,
        version=version,
    )
    if to == AgreementStatus.SIGNED:
        missing = [
            str(label)
            for label, value in ((_("syften"), agreement.purposes), (_("samverkansområden"), agreement.areas))
            if not value.strip()
        ]
        if missing:
            raise ValidationError(
                _("Överenskommelsen kan inte undertecknas förrän %(missing)s är ifyllda (9 §).")
                % {"missing": _(" och ").join(missing)}
            )
        if not agreement.parties.exists():
            raise ValidationError(_("Ange överenskommelsens parter innan den undertecknas."))
    agreement.status = to
    agreement.save(update_fields=["status", "updated_at"])
    return agreement


@transaction.atomic
def change_promise_status(
    *, promise: CitizenPromise, to: str, by=None, version: int | None = None
) -> CitizenPromise:
    """Move a medborgarlöfte along utkast → undertecknat → publicerat → uppföljt (see PROMISE_MOVES)."""
    to = _prepare_move(
        promise,
        to=to,
        choices=PromiseStatus,
        moves=PROMISE_MOVES,
        what=_("ett medborgarlöfte"),
        by=by,
        version=version,
    )
    if to == PromiseStatus.SIGNED:
        if promise.signed_on is None or not promise.signatories.strip():
            raise ValidationError(
                _("Ange undertecknare och datum innan medborgarlöftet markeras som undertecknat.")
            )
        if not promise.lines.exists():
            raise ValidationError(_("Ett medborgarlöfte måste ha minst ett löfte."))
    if to == PromiseStatus.FOLLOWED_UP and promise.lines.filter(follow_up="").exists():
        raise ValidationError(
            _("Skriv en uppföljning för varje löfte innan medborgarlöftet markeras som uppföljt.")
        )
    promise.status = to
    promise.save(update_fields=["status", "updated_at"])
    return promise


# --- Åtgärdsplan, åtgärder och lägesrapporter -----------------------------------------------------


@transaction.atomic
def change_plan_status(*, plan: ActionPlan, to: str, by=None, version: int | None = None) -> ActionPlan:
    """Move a plan along utkast → remiss → beslutad → genomförs → uppföljd → ersatt (see PLAN_MOVES).

    A plan is decided only with a decision, the lägesbild it rests on, and a cause for every measure.
    """
    to = _prepare_move(
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


def check_measure_move(measure: Measure, to: str) -> str:
    """The target status when the measure may move there (or keep its status), else a Swedish error."""
    target = MeasureStatus(to)
    if target != measure.status and target not in MEASURE_MOVES[measure.status]:
        raise ValidationError(
            _("Det går inte att ändra status från ”%(current)s” till ”%(target)s” för en åtgärd.")
            % {"current": measure.get_status_display(), "target": target.label}
        )
    return target


def _follow_latest_approved(measure: Measure, *, by) -> Measure:
    """Give the measure the status and progress of its latest approved update."""
    latest = measure.updates.approved().order_by("-date", "-pk").first()
    last_any = measure.updates.order_by("-date").values_list("date", flat=True).first()
    measure.last_update_on = last_any
    if latest is not None:
        measure.status, measure.progress = latest.status, latest.progress
    measure._history_user = by
    measure.save(update_fields=["status", "progress", "last_update_on", "updated_at"])
    return measure


@transaction.atomic
def post_update(
    *,
    measure: Measure,
    by,
    date: datetime.date,
    status: str,
    progress: int,
    text: str,
    evidence_url: str = "",
    evidence_document=None,
    needs_approval: bool | None = None,
) -> MeasureUpdate:
    """Write a lägesrapport. A coordinator's is approved at once; a partner's waits for approval when
    the measure says so (`updates_need_approval`). Approved reports move the measure's status/progress."""
    from trygg.rules import is_coordinator

    if not measure.plan.is_running:
        raise ValidationError(
            _("Lägesrapporter skrivs när planen är beslutad eller genomförs. Planen har status ”%(s)s”.")
            % {"s": measure.plan.get_status_display()}
        )
    check_measure_move(measure, status)
    if needs_approval is None:
        needs_approval = measure.updates_need_approval and not is_coordinator(by)
    update = MeasureUpdate(
        measure=measure,
        date=date,
        status=status,
        progress=progress,
        text=text.strip(),
        evidence_url=evidence_url,
        author=by,
        needs_approval=needs_approval,
    )
    if evidence_document is not None:
        update.evidence_document = evidence_document
    if not needs_approval:
        update.approved_at, update.approved_by = timezone.now(), by
    update._history_user = by
    update.full_clean()
    update.save()
    _follow_latest_approved(measure, by=by)
    return update


@transaction.atomic
def approve_update(*, update: MeasureUpdate, by) -> MeasureUpdate:
    """A coordinator approves a partner's lägesrapport: it goes public and the measure follows it."""
    if update.is_approved:
        raise ValidationError(_("Lägesrapporten är redan godkänd."))
    measure = update.measure
    latest = measure.updates.approved().order_by("-date", "-pk").first()
    if latest is None or (update.date, update.pk) > (latest.date, latest.pk):
        check_measure_move(measure, update.status)
    update.approved_at, update.approved_by = timezone.now(), by
    update._history_user = by
    update.save(update_fields=["approved_at", "approved_by"])
    _follow_latest_approved(measure, by=by)
    return update
