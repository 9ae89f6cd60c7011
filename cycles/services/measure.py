"""Lägesrapporter on measures: a partner's or coordinator's report, its approval, and the measure
following its latest approved report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.rules import is_coordinator

from ..models import (
    MEASURE_MOVES,
    Measure,
    MeasureStatus,
    MeasureUpdate,
)


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
