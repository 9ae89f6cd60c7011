"""Writes to dialogues: a dialogue and its observations are saved together or not at all."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Dialogue, Observation


@transaction.atomic
def record_dialogue(*, dialogue: Dialogue, observations: Iterable[Observation] = ()) -> Dialogue:
    """Save a dialogue and its observations together: one bad observation saves nothing."""
    dialogue.full_clean()
    dialogue.save()
    for observation in observations:
        observation.dialogue = dialogue
        observation.full_clean()
        observation.save()
    return dialogue


record_dialogue.alters_data = True
