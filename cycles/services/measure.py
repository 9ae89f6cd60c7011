"""Lägesrapporter on measures: a partner's or coordinator's report, its approval, and the measure
following its latest approved report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.links import absolute_url
from trygg.review import Review, check_reason, tell_author
from trygg.rules import is_coordinator

from ..models import (
    MEASURE_MOVES,
    Measure,
    MeasureStatus,
    MeasureTextChange,
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
        update.review, update.reviewed_at = Review.APPROVED, update.approved_at
    update._history_user = by
    update.full_clean()
    update.save()
    _follow_latest_approved(measure, by=by)
    return update


@transaction.atomic
def approve_update(*, update: MeasureUpdate, by, text: str | None = None) -> MeasureUpdate:
    """A coordinator approves a partner's lägesrapport, possibly after editing its text (the history
    keeps what the partner wrote): it goes public and the measure follows it."""
    if update.review != Review.WAITING:
        raise ValidationError(
            _("Lägesrapporten är redan granskad: %(review)s.") % {"review": update.get_review_display()}
        )
    measure = update.measure
    latest = measure.updates.approved().order_by("-date", "-pk").first()
    if latest is None or (update.date, update.pk) > (latest.date, latest.pk):
        check_measure_move(measure, update.status)
    fields = ["approved_at", "approved_by", "review", "reviewed_at"]
    if text is not None and text.strip() and text.strip() != update.text:
        update.text = text.strip()
        fields.append("text")
    update.approved_at, update.approved_by = timezone.now(), by
    update.review, update.reviewed_at = Review.APPROVED, update.approved_at
    update._history_user = by
    update.full_clean()
    update.save(update_fields=fields)
    _follow_latest_approved(measure, by=by)
    return update


@transaction.atomic
def decline_update(*, update: MeasureUpdate, by, to: str, reason: str) -> MeasureUpdate:
    """Send a partner's lägesrapport back (to be written again) or reject it, with a reason that the
    partner gets by e-mail and sees in "Mina åtgärder". It is never shown publicly."""
    reason = check_reason(to, reason)
    if to not in (Review.RETURNED, Review.REJECTED):
        raise ValueError(to)
    if update.review != Review.WAITING:
        raise ValidationError(
            _("Lägesrapporten är redan granskad: %(review)s.") % {"review": update.get_review_display()}
        )
    update.review, update.review_reason, update.reviewed_at = to, reason, timezone.now()
    update._history_user = by
    update._change_reason = reason
    update.save(update_fields=["review", "review_reason", "reviewed_at"])
    tell_author(
        to=update.author.email if update.author_id else "",
        what=_("Lägesrapporten om ”%(m)s”") % {"m": update.measure.title},
        decision=to,
        reason=reason,
        link=absolute_url(reverse("cycles:my-measures")),
    )
    return update


@transaction.atomic
def propose_text(*, measure: Measure, text: str, by) -> MeasureTextChange:
    """A partner's new text for residents; it waits for a coordinator (a newer one replaces a waiting
    one by the same partner)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv texten för invånare.")})
    measure.text_changes.pending().filter(author=by).update(
        review=Review.REJECTED, review_reason=_("Ersatt av en nyare ändring."), reviewed_at=timezone.now()
    )
    change = MeasureTextChange(measure=measure, text=text, previous_text=measure.public_text, author=by)
    change._history_user = by
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def review_text_change(
    *, change: MeasureTextChange, by, to: str, reason: str = "", text: str | None = None
) -> MeasureTextChange:
    """Approve a partner's text (possibly edited: the measure gets it at once), send it back or reject
    it with a reason that the partner gets by e-mail."""
    reason = check_reason(to, reason)
    if change.review != Review.WAITING:
        raise ValidationError(
            _("Ändringen är redan granskad: %(review)s.") % {"review": change.get_review_display()}
        )
    change.review, change.review_reason = to, reason
    change.reviewed_by, change.reviewed_at = by, timezone.now()
    change._history_user = by
    if to == Review.APPROVED:
        if text is not None and text.strip():
            change.text = text.strip()
        measure = change.measure
        measure.public_text = change.text
        measure._history_user = by
        measure._change_reason = _("Text från partnern, godkänd av samordnaren.")
        measure.save(update_fields=["public_text", "updated_at"])
    change.save()
    if to != Review.APPROVED:
        tell_author(
            to=change.author.email if change.author_id else "",
            what=_("Texten om ”%(m)s”") % {"m": change.measure.title},
            decision=to,
            reason=reason,
            link=absolute_url(reverse("cycles:my-measures")),
        )
    return change
