"""Measures: lägesrapporter (a partner's or coordinator's report, its approval, and the measure following
its latest approved report), and a coordinator's copy and retirement of a measure."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trygg.links import absolute_url
from trygg.review import Review, check_reason, tell_author
from trygg.rules import is_coordinator

from ..models import (
    MEASURE_MOVES,
    ActionPlan,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    MeasureTextChange,
    MeasureUpdate,
    PlanStatus,
)

# A measure is added to a plan (new, copied or carried over) while the plan is written or carried out;
# a plan that is followed up or superseded keeps the measures it had.
PLAN_STATUSES_OPEN_FOR_MEASURES = (
    PlanStatus.DRAFT,
    PlanStatus.CONSULTATION,
    PlanStatus.DECIDED,
    PlanStatus.IN_PROGRESS,
)
# What a copy of a measure shares with the original (besides its plan, title and address).
COPIED_FIELDS = (
    "public_text",
    "internal_notes",
    "kind",
    "level",
    "lead_actor_id",
    "lead_contact_id",
    "start_date",
    "end_date",
    "budget",
    "funding",
    "goal",
    "indicator",
    "updates_need_approval",
    "visibility",
)
COPIED_RELATIONS = ("problems", "cause_analyses", "contributors", "areas", "places", "promise_lines")
SLUG_MAX_LENGTH = 100
# First path segments under /arbete/atgarder/ and /atgarder/ that are pages, not measures.
RESERVED_SLUGS = frozenset(
    {
        "ny",
        "mina",
        "granska",
        "rapporter",
        "texter",
        "exportera",
        "importera",
        "importer",
        "flode",
        "omrade",
        "koppla-rapport",
    }
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


# --- A coordinator's copy and retirement of a measure ---------------------------------------------------


def check_plan_open_for_measures(plan: ActionPlan) -> None:
    """Refuse, in Swedish, to add a measure to a plan that is followed up or superseded."""
    if plan.status not in PLAN_STATUSES_OPEN_FOR_MEASURES:
        raise ValidationError(
            _(
                "Planen ”%(plan)s” har status ”%(status)s” och tar inte emot nya åtgärder. Lägg åtgärden "
                "i en plan som är ett utkast, på remiss, beslutad eller genomförs."
            )
            % {"plan": plan.title, "status": plan.get_status_display()}
        )


def unique_slug(base: str) -> str:
    """A free address for a measure: `base` (made a slug), else base-2, base-3 … (at most 100 characters),
    never one of RESERVED_SLUGS."""
    base = (slugify(base) or "atgard")[:SLUG_MAX_LENGTH].strip("-")
    candidate, n = base, 1
    while candidate in RESERVED_SLUGS or Measure.objects.filter(slug=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].strip("-") + suffix
    return candidate


@transaction.atomic
def duplicate_measure(
    *, measure: Measure, plan: ActionPlan, by, title: str, slug: str, continues: bool
) -> Measure:
    """A new measure in `plan` with the content of `measure`: texts, kind, who, where, when, money, goals,
    problems and causes, promise lines and indicators with baseline and target. When it `continues` the
    measure (carried over to the next plan) it keeps the status, progress and date of the last
    lägesrapport and points back to it (`continued_from`); otherwise it starts as planned at 0 %.
    The original is not changed; its updates, milestones and links stay with it."""
    copy = Measure(plan=plan, title=title, slug=slug, **{f: getattr(measure, f) for f in COPIED_FIELDS})
    if continues:
        copy.continued_from = measure
        copy.status, copy.progress, copy.last_update_on = (
            measure.status,
            measure.progress,
            measure.last_update_on,
        )
    copy._history_user = by
    copy.full_clean()
    copy.save()
    for name in COPIED_RELATIONS:
        getattr(copy, name).set(getattr(measure, name).all())
    for link in measure.indicator_links.all():
        indicator = MeasureIndicator(
            measure=copy,
            indicator_id=link.indicator_id,
            baseline=link.baseline,
            baseline_year=link.baseline_year,
            target=link.target,
            target_year=link.target_year,
        )
        indicator._history_user = by
        indicator.save()
    return copy


@transaction.atomic
def copy_measure(*, measure: Measure, plan: ActionPlan, by, title: str) -> Measure:
    """A coordinator's copy of a measure, in the same plan or another one that takes measures: a new,
    planned measure at 0 % with the original's content (see `duplicate_measure`)."""
    check_plan_open_for_measures(plan)
    return duplicate_measure(
        measure=measure, plan=plan, by=by, title=title, slug=unique_slug(title), continues=False
    )


@transaction.atomic
def retire_measure(*, measure: Measure, by, reason: str, version: int | None = None) -> Measure:
    """Cancel a measure (status Avbruten) with a reason, through the allowed moves (MEASURE_MOVES).

    While the plan is carried out the reason becomes an approved lägesrapport, so the public page tells
    residents why; otherwise the reason is recorded in the measure's history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför åtgärden avbryts.")})
    if measure.status == MeasureStatus.CANCELLED:
        raise ValidationError(_("Åtgärden är redan avbruten."))
    check_measure_move(measure, MeasureStatus.CANCELLED)
    if version is not None:
        measure.version = version
    if measure.plan.is_running:
        post_update(
            measure=measure,
            by=by,
            date=timezone.localdate(),
            status=MeasureStatus.CANCELLED,
            progress=measure.progress,
            text=reason,
            needs_approval=False,
        )
        return measure
    measure.status = MeasureStatus.CANCELLED
    measure._history_user, measure._change_reason = by, reason
    measure.save(update_fields=["status", "updated_at"])
    return measure
