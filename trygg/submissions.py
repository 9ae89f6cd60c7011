"""A create form's work is done once, however many times the form is sent.

Every create form carries a one-time token (`{% submission_token %}` in its template). `run_once`
records the token in the same transaction as the object it creates, behind a unique index: a form
sent again after Back, a reload or a double click, even at the same moment, finds the token taken and
gets the object the first sending created, so the view says "already saved" instead of saving a copy.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import Submission

FIELD = "submission"
ALREADY_SAVED = _(
    "Formuläret hade redan skickats och det som stod i det är sparat en gång. Här ser du det som sparades."
)


@dataclass(frozen=True)
class Outcome:
    object: object  # what the action created (or, for a repeat, what the first sending created)
    repeated: bool  # True when the form had been sent before


def token_from(request) -> uuid.UUID | None:
    """The form's token, or None when it has none (or a malformed one)."""
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def first_sending(request) -> Submission | None:
    """The recorded first sending of this form's token, when the form was sent before; else None."""
    token = token_from(request) if request.method == "POST" else None
    return Submission.objects.filter(token=token).first() if token is not None else None


def forget_sending(request) -> None:
    """Free this form's token: what the sending made was refused (a file that could not be read), so
    the corrected form may be sent with the same token."""
    token = token_from(request)
    if token is not None:
        Submission.objects.filter(token=token).delete()


def run_once(request, action: Callable[[], object]) -> Outcome:
    """Run `action` (which creates and returns a model instance) once per form token."""
    token = token_from(request)
    if token is None:
        return Outcome(object=action(), repeated=False)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(token=token)  # waits for a sending in progress
            created = action()
            if created is not None and getattr(created, "pk", None) is not None:
                submission.content_type = ContentType.objects.get_for_model(created)
                submission.object_id = str(created.pk)
                submission.save(update_fields=["content_type", "object_id"])
            return Outcome(object=created, repeated=False)
    except IntegrityError:
        first = Submission.objects.filter(token=token).first()
        if first is None:
            raise  # not our token: the action itself broke a constraint
        return Outcome(object=first.created_object, repeated=True)


def save_once(request, form, *, saved_message: str) -> Outcome | None:
    """Save a model form once per form token (run_once), in the user's name, and say so: `saved_message`
    (with %(t)s for the object) the first time, "already saved" for a repeat. None when saving raised a
    ValidationError, which is then on the form for the view to show again."""
    form.instance._history_user = request.user
    try:
        outcome = run_once(request, form.save)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    if outcome.repeated:
        messages.info(request, ALREADY_SAVED)
    else:
        messages.success(request, saved_message % {"t": outcome.object})
    return outcome


class SentOnceMixin:
    """A form sent again (Back and resend, a double click) is told it is already saved and sent to what
    the first sending made or changed, before the form is validated again: by then the first sending has
    changed what the form may choose (a measure carried over is no longer offered, an address is taken,
    the version moved on), so validating again would answer with errors about the user's own first
    sending."""

    def post(self, request, *args, **kwargs):
        first = first_sending(request)
        if first is not None and first.created_object is not None:
            messages.info(request, ALREADY_SAVED)
            return redirect(self.repeated_url(first.created_object))
        return super().post(request, *args, **kwargs)

    def repeated_url(self, created) -> str:
        raise NotImplementedError
