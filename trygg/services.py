"""Writes with side effects in the site-wide app: residents' accessibility feedback, and handling it
as a case (take, answer, close), each answer e-mailed to the reporter when they left an address."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .mail import queue_mail
from .models import (
    AccessibilityAnswer,
    AccessibilityFeedback,
    AccessibilityFeedbackStatus,
    MunicipalitySettings,
)

# Mail to a reporter: its address is not kept in the sent mail (trygg.mail.forget_recipients_of).
REPORTER_MAIL_PURPOSE = "accessibility"


@transaction.atomic
def submit_accessibility_feedback(*, form) -> AccessibilityFeedback:
    """Store a resident's accessibility feedback and tell the municipality's contact by e-mail."""
    feedback = form.save()
    site = MunicipalitySettings.load()
    if site.contact_email:
        subject = _("Synpunkt om tillgänglighet på %(site)s") % {"site": site.programme_name}
        body = f"{feedback.page_url}\n\n{feedback.description}\n\n{feedback.email or '–'}"
        # Queued: a mail server that is down delays the notice, never turns the post into an error.
        queue_mail(subject, body, [site.contact_email], purpose="accessibility_feedback")
    return feedback


def check_open(feedback: AccessibilityFeedback) -> None:
    if not feedback.is_open:
        raise ValidationError(_("Ärendet är stängt och kan inte ändras."))


def mail_reporter(feedback: AccessibilityFeedback, text: str) -> None:
    """E-mail the reporter (sent once the transaction commits)."""
    site = MunicipalitySettings.load()
    greeting = _("Hej!\n\nTack för din synpunkt om tillgängligheten på %(site)s (%(date)s).") % {
        "site": site.programme_name,
        "date": f"{feedback.created_at:%Y-%m-%d}",
    }
    body = "\n\n".join([greeting, text, _("Med vänlig hälsning\n%(name)s") % {"name": site.name}])
    subject = _("Svar på din synpunkt om tillgänglighet")
    queue_mail(subject, body, [feedback.email], purpose=REPORTER_MAIL_PURPOSE)


@transaction.atomic
def take_feedback(*, feedback: AccessibilityFeedback, by) -> AccessibilityFeedback:
    """Assign the case to `by`; a new case is then being handled (pågår)."""
    check_open(feedback)
    feedback.assigned_to = by
    if feedback.status == AccessibilityFeedbackStatus.NEW:
        feedback.status = AccessibilityFeedbackStatus.IN_PROGRESS
    feedback._history_user = by
    feedback.save(update_fields=["assigned_to", "status", "updated_at"])
    return feedback


take_feedback.alters_data = True


@transaction.atomic
def answer_feedback(*, feedback: AccessibilityFeedback, by, text: str, send: bool) -> AccessibilityAnswer:
    """Log an answer; with `send` and an address, e-mail it to the reporter (the case is then besvarad).
    A note kept in the log only moves a new case to pågår."""
    check_open(feedback)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv svaret.")})
    sent = bool(send and feedback.email)
    answer = AccessibilityAnswer.objects.create(feedback=feedback, text=text, sent_to_reporter=sent, by=by)
    if sent:
        mail_reporter(feedback, text)
        feedback.status = AccessibilityFeedbackStatus.ANSWERED
    elif feedback.status == AccessibilityFeedbackStatus.NEW:
        feedback.status = AccessibilityFeedbackStatus.IN_PROGRESS
    if feedback.assigned_to_id is None:
        feedback.assigned_to = by
    feedback._history_user = by
    # Saved even when nothing else changed: the version moves on, so a second answer form is a conflict.
    feedback.save(update_fields=["status", "assigned_to", "updated_at"])
    return answer


answer_feedback.alters_data = True


@transaction.atomic
def close_feedback(*, feedback: AccessibilityFeedback, by, message: str = "") -> AccessibilityFeedback:
    """Close the case: tell the reporter (when they left an address), then erase the address."""
    check_open(feedback)
    message = message.strip()
    if feedback.email:
        parts = [_("Nu har vi avslutat ärendet."), message, _("Din e-postadress är nu raderad hos oss.")]
        text = "\n\n".join(part for part in parts if part)
        AccessibilityAnswer.objects.create(feedback=feedback, text=text, sent_to_reporter=True, by=by)
        mail_reporter(feedback, text)
    elif message:
        AccessibilityAnswer.objects.create(feedback=feedback, text=message, sent_to_reporter=False, by=by)
    feedback.status = AccessibilityFeedbackStatus.CLOSED
    feedback.closed_at = timezone.now()
    feedback.email = ""
    if feedback.assigned_to_id is None:
        feedback.assigned_to = by
    feedback._history_user = by
    feedback.save(update_fields=["status", "closed_at", "email", "assigned_to", "updated_at"])
    return feedback


close_feedback.alters_data = True
