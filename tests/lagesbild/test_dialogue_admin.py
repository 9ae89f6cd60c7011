"""The admin for dialogues, with their observations inline."""

import pytest

from tests.lagesbild.factories import DialogueFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_dialogue_admin_pages_open_for_a_coordinator(admin_pages_open):
    admin_pages_open("dialogue", ObservationFactory().dialogue.pk)


def test_dialogue_admin_shows_observations_inline(coordinator_client):
    dialogue = DialogueFactory()
    ObservationFactory(dialogue=dialogue, note="Trasig lampa vid bron")
    html = coordinator_client.get(f"/admin/lagesbild/dialogue/{dialogue.pk}/change/").content.decode()
    assert "Trasig lampa vid bron" in html
