"""Residents' feedback on a measure: saving it, telling staff it came, and every move of a case
(propose a text, publish, answer, reject, close), each with its e-mail to the resident when they left an
address. The personal-data flags are the unsafe-place reports' (lagesbild.services.unsafe_place).

Mail to the resident goes with purpose MAIL_PURPOSE, whose recipients trygg.mail forgets once sent
(CyclesConfig.ready); the address on the case is erased when the case ends (rejected or closed).
The mail to staff names the measure and links the case page: never the resident's text or address.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.links import absolute_url
from trygg.mail import queue_mail
from trygg.moderation import end_case
from trygg.personaldata import personal_data_flags
from trygg.roles import Role

from ..models import FeedbackStatus, Measure, MeasureFeedback

MAIL_PURPOSE = "measure-feedback"
STAFF_MAIL_PURPOSE = "measure-feedback-staff"


def case_url(feedback: MeasureFeedback) -> str:
    return reverse("cycles:feedback-case", args=[feedback.pk])


def repeat_key(*, address: str, measure: Measure, text: str) -> str:
    """What identifies the same feedback sent twice (a double tap): hashed, nothing readable in the cache."""
    return hashlib.sha256(f"{address}\n{measure.pk}\n{text.strip()}".encode()).hexdigest()


def certain_personal_data(text: str):
    """The first flag that is certainly personal data (personnummer, phone, e-mail), or None. Names are
    only guessed: the moderator judges those."""
    return next((flag for flag in personal_data_flags(text) if flag.kind != "namn"), None)


def staff_recipients(measure: Measure) -> list[str]:
    """The addresses of the lead actor's partner editors (users linked to its contacts) and of the
    coordinators, active users with an address only, each once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    coordinators = users.filter(groups__name=Role.COORDINATOR.value)
    partners = users.filter(
        groups__name=Role.PARTNER_EDITOR.value, actor_contact__actor=measure.lead_actor_id
    )
    return sorted(
        set(coordinators.values_list("email", flat=True)) | set(partners.values_list("email", flat=True))
    )


def submit_feedback(*, feedback: MeasureFeedback) -> MeasureFeedback:
    """Save a resident's new feedback, always 'ny' and nothing of it public, and tell staff in one mail."""
    feedback.status = FeedbackStatus.NEW
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
        recipients = staff_recipients(feedback.measure)
        if recipients:
            body = "\n\n".join(
                [
                    _("Hej!"),
                    _("En invånare har skickat en synpunkt på åtgärden ”%(title)s”.")
                    % {"title": feedback.measure.title},
                    _("Läs den och ta hand om den i arbetsytan: %(url)s")
                    % {"url": absolute_url(case_url(feedback))},
                    _(
                        "Det invånaren skrev visas inte offentligt förrän en samordnare har publicerat en "
                        "granskad text."
                    ),
                ]
            )
            queue_mail(
                _("Ny synpunkt på en åtgärd: %(title)s") % {"title": feedback.measure.title},
                body,
                recipients,
                purpose=STAFF_MAIL_PURPOSE,
            )
    return feedback


submit_feedback.alters_data = True


# --- Moves -----------------------------------------------------------------------------------------


def _check_move(feedback: MeasureFeedback, to: str) -> None:
    if not feedback.can_move_to(to):
        raise ValidationError(
            _("Synpunkten är %(status)s och kan inte ändras så.")
            % {"status": feedback.get_status_display().lower()}
        )


def _greeting(feedback: MeasureFeedback) -> str:
    return _("Hej!\n\nTack för din synpunkt på åtgärden ”%(title)s” (%(date)s).") % {
        "title": feedback.measure.title,
        "date": f"{feedback.created_at:%Y-%m-%d}",
    }


def _tell_resident(feedback: MeasureFeedback, text: str) -> None:
    """E-mail the resident, when they left an address (sent after the commit)."""
    if feedback.email:
        queue_mail(_("Din synpunkt på en åtgärd"), text, [feedback.email], purpose=MAIL_PURPOSE)


def _check_public(text: str, field: str) -> None:
    flag = certain_personal_data(text)
    if flag is not None:
        raise ValidationError(
            {
                field: _("Texten innehåller fortfarande %(what)s: %(text)s. Ta bort det innan du publicerar.")
                % {"what": flag.label, "text": flag.text}
            }
        )


@transaction.atomic
def propose_text(*, feedback: MeasureFeedback, by, public_text: str) -> MeasureFeedback:
    """Save a proposed public text on new feedback without publishing it (a partner editor's proposal,
    which a coordinator publishes or edits)."""
    if feedback.status != FeedbackStatus.NEW:
        raise ValidationError(_("Bara nya synpunkter kan få ett förslag till text."))
    feedback.public_text = public_text.strip()
    feedback.full_clean()
    feedback._history_user = by
    feedback.save(update_fields=["public_text", "updated_at"])
    return feedback


propose_text.alters_data = True


@transaction.atomic
def publish_feedback(*, feedback: MeasureFeedback, by, public_text: str) -> MeasureFeedback:
    """Publish the feedback as the moderator's anonymous text (the resident's original stays staff-only)."""
    _check_move(feedback, FeedbackStatus.PUBLISHED)
    if not public_text.strip():
        raise ValidationError({"public_text": _("Skriv texten som ska visas offentligt.")})
    _check_public(public_text, "public_text")
    feedback.public_text = public_text.strip()
    feedback.status = FeedbackStatus.PUBLISHED
    feedback.moderated_at, feedback.moderated_by = timezone.now(), by
    feedback.full_clean()
    feedback._history_user = by
    feedback.save(update_fields=["public_text", "status", "moderated_at", "moderated_by", "updated_at"])
    _tell_resident(
        feedback,
        "\n\n".join(
            [
                _greeting(feedback),
                _("Vi har granskat den och publicerat den utan uppgifter som kan peka ut någon:"),
                feedback.public_text,
                _("Du hittar den här: %(url)s") % {"url": absolute_url(feedback.measure.get_absolute_url())},
                _("Vi hör av oss igen när ärendet är avslutat. Då raderar vi din e-postadress."),
            ]
        ),
    )
    return feedback


publish_feedback.alters_data = True


@transaction.atomic
def answer_feedback(*, feedback: MeasureFeedback, by, text: str, public: bool) -> MeasureFeedback:
    """Answer the feedback: mailed to the resident if they left an address, and shown with the published
    feedback when `public` (then it must hold no personal data)."""
    if not feedback.is_open:
        raise ValidationError(_("Ärendet är avslutat och kan inte besvaras."))
    if not text.strip():
        raise ValidationError({"answer": _("Skriv svaret.")})
    if public:
        _check_public(text, "answer")
    feedback.answer, feedback.answer_public = text.strip(), public
    feedback.answered_at, feedback.answered_by = timezone.now(), by
    feedback.full_clean()
    feedback._history_user = by
    feedback.save(update_fields=["answer", "answer_public", "answered_at", "answered_by", "updated_at"])
    _tell_resident(
        feedback,
        "\n\n".join(
            [
                _greeting(feedback),
                feedback.answer,
                _("Vi hör av oss igen när ärendet är avslutat. Då raderar vi din e-postadress."),
            ]
        ),
    )
    return feedback


answer_feedback.alters_data = True


def _end(feedback: MeasureFeedback, *, to: str, by, message: str, fields: list[str]) -> MeasureFeedback:
    """Move to a status that ends the case: tell the resident, then erase the address."""
    _check_move(feedback, to)
    return end_case(feedback, to=to, by=by, fields=fields, tell=lambda: _tell_resident(feedback, message))


@transaction.atomic
def reject_feedback(*, feedback: MeasureFeedback, by, reason: str) -> MeasureFeedback:
    """Reject the feedback with a reason the resident is told; it is never published."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför synpunkten avvisas.")})
    feedback.reject_reason = reason.strip()
    message = "\n\n".join(
        [
            _greeting(feedback),
            _("Vi kommer inte att publicera den. Skälet är:"),
            feedback.reject_reason,
            _("Din e-postadress är nu raderad."),
        ]
    )
    return _end(feedback, to=FeedbackStatus.REJECTED, by=by, message=message, fields=["reject_reason"])


reject_feedback.alters_data = True


@transaction.atomic
def close_feedback(*, feedback: MeasureFeedback, by, message: str = "") -> MeasureFeedback:
    """End the case; published feedback stays on the measure's page."""
    text = "\n\n".join(
        part
        for part in [
            _greeting(feedback),
            _("Nu har vi avslutat ärendet."),
            message.strip(),
            _("Din e-postadress är nu raderad."),
        ]
        if part
    )
    return _end(feedback, to=FeedbackStatus.CLOSED, by=by, message=text, fields=[])


close_feedback.alters_data = True
