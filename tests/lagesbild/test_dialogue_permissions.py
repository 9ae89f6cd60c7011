"""Who may record and change which dialogue: the workspace pages over the personas."""

import pytest

from tests.lagesbild.factories import DialogueFactory
from trygg.visibility import Visibility


@pytest.mark.parametrize(
    ("persona", "dialogue", "expected"),
    [
        ("coordinator_client", "housing_dialogue", 200),
        ("other_partner_client", "housing_dialogue", 200),
        ("other_partner_client", "police_dialogue", 403),
        ("police_partner_client", "housing_dialogue", 403),
        ("board_client", "housing_dialogue", 403),
    ],
)
def test_dialogue_edit_page_by_persona(request, world, persona, dialogue, expected):
    response = request.getfixturevalue(persona).get(f"/arbete/dialoger/{world[dialogue].pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 200),
        ("police_partner_client", 200),
        ("board_client", 403),
        ("admin_client", 403),
    ],
)
def test_new_dialogue_page_by_persona(request, world, persona, expected):
    assert request.getfixturevalue(persona).get("/arbete/dialoger/ny/").status_code == expected


def test_confidential_dialogue_is_404_for_a_board_reader(board_client, db):
    dialogue = DialogueFactory(visibility=Visibility.CONFIDENTIAL)
    assert board_client.get(f"/arbete/dialoger/{dialogue.pk}/").status_code == 404
