"""Review before publication: what a partner writes for residents waits for a coordinator, who
approves it (possibly after editing it), sends it back with a reason, or rejects it with a reason.
The partner is told by e-mail and sees the reason in the workspace; the history keeps every step."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mail import queue_mail
from .models import MunicipalitySettings


class Review(models.TextChoices):
    WAITING = "waiting", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    RETURNED = "returned", _("Tillbakaskickad")
    REJECTED = "rejected", _("Avslagen")


# What a coordinator may do with something waiting, and the verb the e-mail to the author uses.
DECISIONS = {
    Review.APPROVED: _("godkänt"),
    Review.RETURNED: _("skickat tillbaka"),
    Review.REJECTED: _("avslagit"),
}


def check_reason(to: str, reason: str) -> str:
    """Sending back and rejecting need a reason the author can act on."""
    reason = reason.strip()
    if to in (Review.RETURNED, Review.REJECTED) and not reason:
        raise ValidationError(
            {"reason": _("Skriv varför, så att den som skrev vet vad som behöver ändras.")}, code="no_reason"
        )
    return reason


def tell_author(*, to: str, what: str, decision: str, reason: str, link: str) -> None:
    """E-mail the author that a coordinator has decided on what they wrote. Queued (trygg.mail): it goes
    out after the transaction commits, and a mail relay that is down delays it, never loses it or turns
    the coordinator's decision into an error."""
    if not to:
        return
    site = MunicipalitySettings.load()
    subject = _("%(what)s har %(decision)s") % {"what": what, "decision": DECISIONS[decision]}
    body = "\n\n".join(
        part
        for part in (
            _("En samordnare i %(programme)s har %(decision)s det du skrev: %(what)s.")
            % {"programme": site.programme_name, "decision": DECISIONS[decision], "what": what},
            _("Motivering: %(reason)s") % {"reason": reason} if reason else "",
            _("Se mer i arbetsytan: %(link)s") % {"link": link},
        )
        if part
    )
    queue_mail(str(subject), str(body), [to], purpose="review_decision")
