"""Writes with side effects in the site-wide app."""

from django.db import transaction
from django.utils.translation import gettext as _

from .mail import queue_mail
from .models import AccessibilityFeedback, MunicipalitySettings


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
