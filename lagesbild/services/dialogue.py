"""Writes to dialogues: a dialogue and its observations are saved together or not at all, and a
partner's wish to publish a dialogue waits for a coordinator (trygg.review)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.links import absolute_url
from trygg.review import Review, check_reason, tell_author
from trygg.visibility import Visibility

from ..models import Dialogue, Observation


@transaction.atomic
def record_dialogue(
    *,
    dialogue: Dialogue,
    observations: Iterable[Observation] = (),
    removed: Iterable[Observation] = (),
    publication_asked_by=None,
) -> Dialogue:
    """Save a dialogue with its new and changed observations and delete the removed ones, together: one
    bad observation saves nothing. `publication_asked_by`: a partner who marked the dialogue public
    without the right to publish; it is saved as internal and waits for a coordinator (ask_to_publish)."""
    if publication_asked_by is not None:
        ask_to_publish(dialogue, by=publication_asked_by)
    dialogue.full_clean()
    dialogue.save()
    for observation in observations:
        observation.dialogue = dialogue
        observation.full_clean()
        observation.save()
    for observation in removed:
        if observation.pk is not None:
            observation.delete()
    return dialogue


record_dialogue.alters_data = True


def ask_to_publish(dialogue: Dialogue, *, by) -> None:
    """A partner who marks a dialogue public asks for it: it stays internal until a coordinator approves
    (call before saving the dialogue)."""
    dialogue.visibility = Visibility.INTERNAL
    dialogue.publication, dialogue.publication_reason = Review.WAITING, ""
    dialogue.publication_requested_by = by


@transaction.atomic
def review_publication(*, dialogue: Dialogue, by, to: str, reason: str = "") -> Dialogue:
    """A coordinator makes a partner's dialogue public, sends the request back or rejects it, with a
    reason that the partner gets by e-mail (and sees in the workspace). A dialogue sent back or rejected
    is internal afterwards, even if someone made it public in the form while it was waiting."""
    reason = check_reason(to, reason)
    if dialogue.publication != Review.WAITING:
        raise ValidationError(_("Ingen begäran om publicering väntar för dialogen."))
    dialogue.publication, dialogue.publication_reason = to, reason
    dialogue.visibility = Visibility.PUBLIC if to == Review.APPROVED else Visibility.INTERNAL
    dialogue._history_user = by
    dialogue._change_reason = reason or None
    dialogue.save(update_fields=["publication", "publication_reason", "visibility", "updated_at"])
    if to != Review.APPROVED:
        requester = dialogue.publication_requested_by
        tell_author(
            to=requester.email if requester is not None else "",
            what=_("Dialogen %(dialogue)s") % {"dialogue": dialogue},
            decision=to,
            reason=reason,
            link=absolute_url(reverse("lagesbild:workspace-dialogue-update", args=[dialogue.pk])),
        )
    return dialogue
