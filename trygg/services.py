"""Writes with side effects in the site-wide app."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AccessibilityFeedback, MunicipalitySettings

logger = logging.getLogger(__name__)


@transaction.atomic
def submit_accessibility_feedback(*, form) -> AccessibilityFeedback:
    """Store a resident's accessibility feedback and tell the municipality's contact by e-mail."""
    feedback = form.save()
    site = MunicipalitySettings.load()
    if site.contact_email:
        subject = _("Synpunkt om tillgänglighet på %(site)s") % {"site": site.programme_name}
        body = f"{feedback.page_url}\n\n{feedback.description}\n\n{feedback.email or '–'}"
        transaction.on_commit(lambda: _send_quietly(subject, body, [site.contact_email]))
    return feedback


def _send_quietly(subject: str, body: str, to: list[str]) -> None:
    """Send a notification; a mail server that is down must not turn the resident's post into an error."""
    try:
        send_mail(subject, body, None, to)
    except OSError:
        logger.exception("Could not send notification %r", subject)
