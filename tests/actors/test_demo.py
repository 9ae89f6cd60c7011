"""load_demo builds the Tingsryd collaboration data, valid and idempotent."""

import pytest
from django.contrib.auth import get_user_model

from actors.models import Actor, Contact, Decision, Forum, Meeting, Membership, ResourceInventory, luhn_ok
from actors.rules import own_actor
from tests.shared_data import load_demo, loaded_once_per_module

pytestmark = pytest.mark.django_db

loaded_demo = loaded_once_per_module(load_demo)  # every test here starts from one load_demo

MODELS = [Actor, Contact, Forum, Membership, Meeting, Decision, ResourceInventory]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_twice_gives_the_same_data():
    first = _counts()  # after the module's load_demo
    history = (Actor.history.count(), Meeting.history.count())
    load_demo()
    assert _counts() == first
    assert (
        Actor.history.count(),
        Meeting.history.count(),
    ) == history  # unchanged objects are not saved again
    assert first["Actor"] == 9
    assert first["Forum"] == 5
    assert first["Decision"] >= 12


def test_demo_users_are_linked_to_their_actors_and_forums():
    users = {u.username: u for u in get_user_model().objects.all()}
    assert own_actor(users["polis"]).name == "Polisen LPO Nybro"
    assert own_actor(users["bostader"]).name == "Tingsryds Bostäder AB"
    assert own_actor(users["samordnare"]).name == "Kommunledningsförvaltningen"
    stina_forums = set(
        Membership.objects.filter(contact__user=users["styrelse"]).values_list("forum__name", flat=True)
    )
    assert "Styrgruppen för trygghet" in stina_forums


def test_demo_data_is_valid_and_mixes_public_and_internal():
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()
    numbers = [a.organisation_number for a in Actor.objects.exclude(organisation_number=None)]
    assert "212000-0670" in numbers and "202100-0076" in numbers
    assert all(luhn_ok(n.replace("-", "")) for n in numbers)
    assert set(Decision.objects.values_list("visibility", flat=True)) == {"public", "internal"}
    assert Meeting.objects.exclude(minutes="").count() >= 12
