"""Follow-ups per measure (step 5): starting one, the lead partner's draft with each partner's
commitments, handing in, approving, sending back and reopening; and the reminder e-mails.

Reminders: `send_due_reminders()` is what the daily `send_followup_reminders` command runs. For every
period in its reminder window (from `closes_on - remind_days_before` to `closes_on`), each measure
whose follow-up is missing or still a draft gets one e-mail to its lead contact. The FollowUpReminder
row and the e-mail share a transaction, and the row is unique per measure and period: a reminder is
never sent twice, also when the command runs twice or twice at the same time (the second one waits
on the unique index, then finds the row). The e-mail is queued (trygg.mail): a mail relay that is down
delays it, and the queue tries again until it is sent. A follow-up sent back reaches the partner by
e-mail with the coordinator's reason."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.concurrency import EditConflict
from trygg.links import absolute_url
from trygg.mail import queue_mail
from trygg.models import MunicipalitySettings
from trygg.workflow import check_move

from ..models import (
    FOLLOWUP_MOVES,
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReminder,
    FollowUpStatus,
    Measure,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def start_follow_up(*, period: FollowUpPeriod, measure: Measure, by) -> FollowUp:
    """The measure's follow-up for the period, created with one commitment row per partner if new."""
    if not period.measures().filter(pk=measure.pk).exists():
        raise ValidationError(
            _("Åtgärden ”%(measure)s” ingår inte i %(period)s.") % {"measure": measure, "period": period}
        )
    follow_up, created = FollowUp.objects.get_or_create(period=period, measure=measure)
    if created:
        actors = [measure.lead_actor, *measure.contributors.exclude(pk=measure.lead_actor_id)]
        FollowUpCommitment.objects.bulk_create(
            FollowUpCommitment(follow_up=follow_up, actor=a) for a in actors
        )
    return follow_up


@transaction.atomic
def save_follow_up(*, follow_up: FollowUp, commitments: Iterable[dict], by) -> FollowUp:
    """Save the lead partner's draft: the follow-up (created with one commitment row per partner on the
    first save) and each partner's commitment, given as rows {"actor": pk, "kept": …, "comment": …}.
    Raises EditConflict when someone else saved the follow-up while this one was being written."""
    if follow_up.pk is None:
        stored = start_follow_up(period=follow_up.period, measure=follow_up.measure, by=by)
        if stored.version != 0:  # someone else saved a follow-up while this page was open
            raise EditConflict(f"FollowUp {stored.pk} was written meanwhile")
        for name in FollowUp.WRITTEN_FIELDS:
            setattr(stored, name, getattr(follow_up, name))
        follow_up = stored
    follow_up.save()
    stored_rows = {c.actor_id: c for c in follow_up.commitments.all()}
    for row in commitments:
        commitment = stored_rows.get(row.get("actor"))
        if commitment is None:
            continue
        if (commitment.kept, commitment.comment) != (row["kept"], row["comment"]):
            commitment.kept, commitment.comment = row["kept"], row["comment"]
            commitment.save(update_fields=["kept", "comment"])
    return follow_up


def _move_follow_up(follow_up: FollowUp, *, to: str, by, version: int | None) -> str:
    return check_move(
        follow_up,
        to=to,
        choices=FollowUpStatus,
        moves=FOLLOWUP_MOVES,
        what=_("en uppföljning"),
        by=by,
        version=version,
    )


@transaction.atomic
def submit_follow_up(*, follow_up: FollowUp, by, version: int | None = None) -> FollowUp:
    """The lead partner hands in the follow-up; everything the assessment needs must be written."""
    _move_follow_up(follow_up, to=FollowUpStatus.SUBMITTED, by=by, version=version)
    missing = follow_up.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Fyll i %(fields)s innan uppföljningen lämnas in.") % {"fields": _(", ").join(missing)}
        )
    follow_up.full_clean()
    follow_up.status = FollowUpStatus.SUBMITTED
    follow_up.submitted_at, follow_up.submitted_by = timezone.now(), by
    follow_up.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return follow_up


@transaction.atomic
def approve_follow_up(*, follow_up: FollowUp, by, version: int | None = None) -> FollowUp:
    """A coordinator approves a handed-in follow-up; a public one then shows on /uppfoljning/."""
    _move_follow_up(follow_up, to=FollowUpStatus.APPROVED, by=by, version=version)
    follow_up.full_clean()
    follow_up.status = FollowUpStatus.APPROVED
    follow_up.approved_at, follow_up.approved_by = timezone.now(), by
    follow_up.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return follow_up


@transaction.atomic
def reopen_follow_up(*, follow_up: FollowUp, by, reason: str = "", version: int | None = None) -> FollowUp:
    """Send a handed-in follow-up back to be completed, or reopen an approved one to correct it."""
    _move_follow_up(follow_up, to=FollowUpStatus.DRAFT, by=by, version=version)
    follow_up.status = FollowUpStatus.DRAFT
    follow_up.approved_at = follow_up.approved_by = None
    follow_up._change_reason = reason.strip() or None
    follow_up.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return follow_up


# --- Reminders -------------------------------------------------------------------------------------

SENT = "sent"

WOULD_SEND = "would_send"  # dry run

NO_EMAIL = "no_email"

ALREADY_SENT = "already_sent"  # another run got there first


@dataclass(frozen=True)
class Reminder:
    """What happened to one measure's reminder in this run."""

    period: FollowUpPeriod
    measure: Measure
    to: str
    outcome: str


def periods_to_remind(today: datetime.date):
    """Periods whose reminder window includes today (a period with 0 days before is never reminded)."""
    periods = FollowUpPeriod.objects.filter(remind_days_before__gt=0, closes_on__gte=today).order_by(
        "closes_on", "pk"
    )
    return [p for p in periods if p.closes_on - datetime.timedelta(days=p.remind_days_before) <= today]


def measures_to_remind(period: FollowUpPeriod):
    """The period's measures without a handed-in follow-up that have not been reminded in this period.
    Cancelled measures are included: the board wants to know why they stopped."""
    handed_in = FollowUp.objects.handed_in().filter(period=period).values("measure_id")
    reminded = FollowUpReminder.objects.filter(period=period).values("measure_id")
    return (
        period.measures()
        .exclude(pk__in=handed_in)
        .exclude(pk__in=reminded)
        .select_related("lead_actor", "lead_contact")
        .order_by("title", "pk")
    )


def follow_up_link(period: FollowUpPeriod, measure: Measure) -> str:
    """The follow-up page; absolute with settings.TRYGG_SITE_URL (e.g. https://trygg.tingsryd.se)."""
    return absolute_url(reverse("cycles:followup-edit", args=[period.pk, measure.slug]))


def _message(period: FollowUpPeriod, measure: Measure, today: datetime.date) -> tuple[str, str]:
    context = {
        "site": MunicipalitySettings.load(),
        "period": period,
        "measure": measure,
        "closes_on": period.closes_on.isoformat(),
        "days_left": (period.closes_on - today).days,
        "link": follow_up_link(period, measure),
    }
    return _render("reminder", context)


def _render(name: str, context: dict) -> tuple[str, str]:
    """Subject (one line) and body of the e-mail templates cycles/followup/email/<name>_subject.txt
    and <name>.txt."""
    subject = render_to_string(f"cycles/followup/email/{name}_subject.txt", context)
    return " ".join(subject.split()), render_to_string(f"cycles/followup/email/{name}.txt", context)


def _send_one(period: FollowUpPeriod, measure: Measure, to: str, today: datetime.date) -> str:
    subject, body = _message(period, measure, today)
    try:
        with transaction.atomic():
            _reminder, created = FollowUpReminder.objects.get_or_create(
                period=period, measure=measure, defaults={"sent_to": to}
            )
            if not created:
                return ALREADY_SENT
            queue_mail(subject, body, [to], purpose="followup_reminder")
    except IntegrityError:
        return ALREADY_SENT
    return SENT


def send_due_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Reminder]:
    """Send the reminders that are due today; a dry run sends and stores nothing."""
    today = today or timezone.localdate()
    done = []
    for period in periods_to_remind(today):
        for measure in measures_to_remind(period):
            to = measure.lead_contact.email if measure.lead_contact else ""
            if not to:
                outcome = NO_EMAIL
            elif dry_run:
                outcome = WOULD_SEND
            else:
                outcome = _send_one(period, measure, to, today)
            done.append(Reminder(period=period, measure=measure, to=to, outcome=outcome))
    return done


def send_returned_notice(follow_up, *, reason: str = "") -> str | None:
    """Tell the one who handed in a follow-up (or the measure's lead contact) that a coordinator has sent
    it back, with the reason. Sent after the transaction commits; returns the address, or None."""
    measure, period = follow_up.measure, follow_up.period
    to = (follow_up.submitted_by.email if follow_up.submitted_by_id else "") or (
        measure.lead_contact.email if measure.lead_contact_id else ""
    )
    if not to:
        return None
    context = {
        "site": MunicipalitySettings.load(),
        "period": period,
        "measure": measure,
        "closes_on": period.closes_on.isoformat(),
        "reason": reason.strip(),
        "link": follow_up_link(period, measure),
    }
    subject, body = _render("returned", context)
    queue_mail(subject, body, [to], purpose="followup_returned")
    return to
