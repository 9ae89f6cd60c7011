"""E-mail that a mail relay outage does not lose.

`queue_mail()` stores the message as an OutgoingMail in the caller's transaction and queues the
`deliver` task for it. The task sends it; when the relay refuses or is down, it records the error and
queues itself again after MAIL_RETRY_SECONDS (60 by default), doubling each time up to an hour, for at
most MAIL_MAX_ATTEMPTS attempts (12: about seven hours), then gives up and logs an error. With the
immediate backend of development a failed mail waits for `manage.py send_queued_mail`, which sends
every mail that is due (also usable from cron as a safety net in production).

A mail is sent at least once: the row is locked while it is sent, so two workers never send it at the
same time, and it is marked sent in the same transaction. Once sent, its body and extra headers (they may
hold a password-reset or unsubscribe link) are erased.
"""

import email.policy
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .models import OutgoingMail
from .tasks import enqueue_after_commit, enqueue_later

logger = logging.getLogger(__name__)

SENT, ALREADY_SENT, RETRY, GAVE_UP, BUSY = "sent", "already sent", "retry", "gave up", "busy"
MAX_DELAY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the given number of failed attempts: the base, doubled each time, at most an hour."""
    base = timedelta(seconds=settings.TRYGG_MAIL_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_DELAY)


# Purposes whose recipient is erased once the mail is sent or given up: mail to residents who left an
# address for one case only (e.g. a report of an unsafe place). Apps add theirs in AppConfig.ready().
FORGET_RECIPIENT_PURPOSES: set[str] = set()


def forget_recipients_of(purpose: str) -> None:
    """Keep no address in the rows of this purpose once delivery has ended (the row keeps what and when)."""
    FORGET_RECIPIENT_PURPOSES.add(purpose)


def queue_mail(
    subject: str, body: str, to: list[str], *, purpose: str, headers: dict | None = None
) -> OutgoingMail:
    """Store an e-mail and queue its delivery; it goes out once the caller's transaction commits.
    `headers` are extra header lines, e.g. List-Unsubscribe on the residents' subscription mail."""
    mail = OutgoingMail.objects.create(
        to=list(to),
        subject=" ".join(str(subject).split())[:300],
        body=str(body),
        purpose=purpose,
        headers={str(k): str(v) for k, v in (headers or {}).items()},
    )
    enqueue_after_commit(deliver, mail.pk)
    return mail


class LongHeaderEmail(EmailMessage):
    """An EmailMessage written out with header lines up to RFC 5322's limit of 998 characters. With the
    default 78, Python folds a long value without spaces (a List-Unsubscribe URL with its token) into
    RFC 2047 encoded words, which mail programs do not read as a URL. The body is encoded as before."""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        msg.policy = policy.clone(max_line_length=998)
        return msg


def send_mail(subject: str, body: str, from_email, to: list[str], *, headers: dict | None = None) -> int:
    """Django's send_mail with extra header lines: one message, errors raised (the caller retries)."""
    kind = LongHeaderEmail if headers else EmailMessage
    return kind(subject, body, from_email, to, headers=headers or None).send()


@task()
def deliver(mail_id: int) -> str:
    """Send one queued e-mail, or record why not and try again later."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id).first()
        if mail is None:
            return BUSY  # another worker is sending it (or it was deleted)
        if mail.sent_at or mail.gave_up_at:
            return ALREADY_SENT
        mail.attempts += 1
        try:
            send_mail(mail.subject, mail.body, None, mail.to, headers=mail.headers)
        except Exception as exc:  # the relay down or refusing, or a bad address: recorded, tried again
            outcome = _failed(mail, exc)
        else:
            # The body and the extra headers may hold a link with a key (password reset, unsubscribe).
            mail.sent_at, mail.body, mail.headers = timezone.now(), "", {}
            mail.last_error, mail.next_attempt_at = "", None
            outcome = SENT
        if outcome in (SENT, GAVE_UP) and mail.purpose in FORGET_RECIPIENT_PURPOSES:
            mail.to = []
        mail.save(
            update_fields=[
                "to",
                "attempts",
                "sent_at",
                "body",
                "headers",
                "last_error",
                "next_attempt_at",
                "gave_up_at",
            ]
        )
    if outcome == RETRY:
        enqueue_later(deliver, mail.pk, delay=mail.next_attempt_at - timezone.now())
    return outcome


def _failed(mail: OutgoingMail, exc: Exception) -> str:
    mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if mail.attempts >= settings.TRYGG_MAIL_MAX_ATTEMPTS:
        mail.gave_up_at, mail.next_attempt_at = timezone.now(), None
        logger.error(
            "Gave up sending %r to %s after %s attempts: %s", mail.subject, mail.to, mail.attempts, exc
        )
        return GAVE_UP
    mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
    logger.warning(
        "Could not send %r to %s (attempt %s), trying again at %s: %s",
        mail.subject,
        mail.to,
        mail.attempts,
        mail.next_attempt_at.isoformat(timespec="seconds"),
        exc,
    )
    return RETRY


def due_mail(now=None):
    """Mail not sent and not given up on whose next attempt is due (or that was never tried)."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(sent_at=None, gave_up_at=None).filter(
        Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    )


def send_due_mail() -> dict[str, int]:
    """Try every due mail now, in this process; counts by outcome."""
    counts: dict[str, int] = {}
    for mail_id in due_mail().order_by("created_at").values_list("pk", flat=True):
        outcome = deliver.call(mail_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def trouble_panel(request) -> dict | None:
    """Dashboard (coordinators and the system owner): e-mail the relay has refused, still waiting for
    another attempt, or given up on in the last 30 days. Nothing when all mail went out."""
    user = request.user
    if not (user.has_perm("trygg.view_outgoingmail") or user.has_perm("cycles.change_followupperiod")):
        return None
    unsent = OutgoingMail.objects.filter(sent_at=None)
    waiting = unsent.filter(gave_up_at=None, attempts__gte=1)
    gave_up = unsent.filter(gave_up_at__gte=timezone.now() - timedelta(days=30))
    counts = {"waiting": waiting.count(), "gave_up": gave_up.count()}
    if not any(counts.values()):
        return None
    latest = unsent.exclude(last_error="").order_by("-created_at").first()
    return {**counts, "latest": latest, "may_list": user.has_perm("trygg.view_outgoingmail")}
