"""Who may see and change what: every workspace view over every persona, the object rules, and the
QuerySets' visible_to() checked against the rules so that lists and single objects cannot drift apart."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from actors.models import ActorKind, Contact, Decision, Meeting
from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
)
from trygg.visibility import Visibility

ALL_PERSONAS = [
    "client",
    "coordinator_client",
    "police_partner_client",
    "other_partner_client",
    "board_client",
    "admin_client",
]


@pytest.fixture
def world(db, police_partner, other_partner, board_reader):
    """Two partner actors with linked editors, a steering group with the board reader and the housing
    company's editor as members, and meetings and decisions of each visibility."""
    police = ActorFactory(name="Polisen LPO Nybro", kind=ActorKind.POLICE)
    housing = ActorFactory(name="Tingsryds Bostäder AB", kind=ActorKind.MUNICIPAL_COMPANY)
    municipality = ActorFactory(name="Tingsryds kommun", kind=ActorKind.MUNICIPALITY)
    per = ContactFactory(actor=police, name="Per Polis", user=police_partner)
    colleague = ContactFactory(actor=police, name="Kalle Kollega")
    bodil = ContactFactory(actor=housing, name="Bodil Bostäder", user=other_partner)
    tenant_contact = ContactFactory(actor=housing, name="Hanna Hyresvärd")
    stina = ContactFactory(actor=municipality, name="Stina Styrelse", user=board_reader)
    steering = ForumFactory(name="Styrgruppen", visibility=Visibility.PUBLIC)
    MembershipFactory(forum=steering, contact=stina)
    MembershipFactory(forum=steering, contact=bodil)
    past = timezone.now() - datetime.timedelta(days=10)
    meetings = {
        v: MeetingFactory(forum=steering, visibility=v, starts_at=past - datetime.timedelta(hours=i))
        for i, v in enumerate(Visibility.values)
    }
    decisions = {v: DecisionFactory(forum=steering, visibility=v) for v in Visibility.values}
    return {
        "police": police,
        "housing": housing,
        "per": per,
        "colleague": colleague,
        "bodil": bodil,
        "tenant_contact": tenant_contact,
        "stina": stina,
        "steering": steering,
        "meetings": meetings,
        "decisions": decisions,
    }


def _get(request, persona, url):
    return request.getfixturevalue(persona).get(url)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 200),
        ("police_partner_client", 403),
        ("other_partner_client", 403),
        ("board_client", 403),
        ("admin_client", 403),
    ],
)
def test_collaboration_workspace_is_for_coordinators(request, world, persona, expected):
    response = _get(request, persona, "/arbete/samverkan/")
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/logga-in/?next=")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 403),  # no contact linked to the account, so no organisation of their own
        ("police_partner_client", 200),
        ("other_partner_client", 200),
        ("board_client", 403),  # board readers only read
        ("admin_client", 403),
    ],
)
def test_own_organisation_page_matrix(request, world, persona, expected):
    response = _get(request, persona, "/arbete/min-organisation/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 403),
        ("police_partner_client", 200),
        ("other_partner_client", 404),  # another actor's person: not even its existence is shown
        ("board_client", 403),
        ("admin_client", 403),
    ],
)
def test_contact_edit_page_matrix(request, world, persona, expected):
    response = _get(request, persona, f"/arbete/min-organisation/kontakter/{world['colleague'].pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 403),
        ("police_partner_client", 200),
        ("other_partner_client", 200),
        ("board_client", 403),
        ("admin_client", 403),
    ],
)
def test_contact_create_page_matrix(request, world, persona, expected):
    response = _get(request, persona, "/arbete/min-organisation/kontakter/ny/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 200),
        ("police_partner_client", 404),  # not a member of the steering group
        ("other_partner_client", 200),  # member
        ("board_client", 200),  # member
        ("admin_client", 404),
    ],
)
def test_internal_meeting_page_matrix(request, world, persona, expected):
    meeting = world["meetings"][Visibility.INTERNAL]
    response = _get(request, persona, f"/arbete/moten/{meeting.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert meeting.minutes in response.content.decode()


@pytest.mark.parametrize("persona", ["police_partner_client", "other_partner_client", "board_client"])
def test_confidential_meeting_is_only_for_coordinators(request, world, persona):
    meeting = world["meetings"][Visibility.CONFIDENTIAL]
    assert _get(request, persona, f"/arbete/moten/{meeting.pk}/").status_code == 404
    assert (
        request.getfixturevalue("coordinator_client").get(f"/arbete/moten/{meeting.pk}/").status_code == 200
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_public_collaboration_page_is_open_to_everyone(request, world, persona):
    assert _get(request, persona, "/samverkan/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "editable"),
    [
        ("coordinator", {"per", "colleague", "bodil", "tenant_contact", "stina"}),
        ("police_partner", {"per", "colleague"}),
        ("other_partner", {"bodil", "tenant_contact"}),
        ("board_reader", set()),
        ("administrator", set()),
    ],
)
def test_contact_rules_match_visible_to(request, world, persona, editable):
    user = request.getfixturevalue(persona)
    contacts = ["per", "colleague", "bodil", "tenant_contact", "stina"]
    by_rule = {name for name in contacts if user.has_perm("actors.change_contact", world[name])}
    by_list = {name for name in contacts if world[name] in Contact.objects.visible_to(user)}
    assert by_rule == editable
    assert by_list == editable


def test_anonymous_sees_no_contacts_and_may_change_none(world):
    anonymous = AnonymousUser()
    assert list(Contact.objects.visible_to(anonymous)) == []
    assert not anonymous.has_perm("actors.change_contact", world["per"])


@pytest.mark.parametrize(
    ("persona", "readable"),
    [
        ("coordinator", {"public", "internal", "confidential"}),
        ("police_partner", {"public"}),
        ("other_partner", {"public", "internal"}),
        ("board_reader", {"public", "internal"}),
        ("administrator", {"public"}),
    ],
)
@pytest.mark.parametrize(
    ("model", "key", "perm"),
    [(Meeting, "meetings", "view_meeting"), (Decision, "decisions", "view_decision")],
)
def test_minutes_and_decisions_rules_match_visible_to(request, world, persona, readable, model, key, perm):
    user = request.getfixturevalue(persona)
    objects = world[key]
    by_rule = {v for v, obj in objects.items() if user.has_perm(f"actors.{perm}", obj)}
    by_list = {v for v, obj in objects.items() if obj in model.objects.visible_to(user)}
    assert by_rule == readable
    assert by_list == readable


def test_anonymous_reads_only_public_meetings_and_decisions(world):
    anonymous = AnonymousUser()
    assert set(Meeting.objects.visible_to(anonymous)) == {world["meetings"][Visibility.PUBLIC]}
    assert set(Decision.objects.visible_to(anonymous)) == {world["decisions"][Visibility.PUBLIC]}
    assert anonymous.has_perm("actors.view_meeting", world["meetings"][Visibility.PUBLIC])
    assert not anonymous.has_perm("actors.view_meeting", world["meetings"][Visibility.INTERNAL])


def test_ended_membership_no_longer_opens_the_minutes(world, board_reader):
    membership = world["stina"].memberships.get()
    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    internal = world["meetings"][Visibility.INTERNAL]
    assert not board_reader.has_perm("actors.view_meeting", internal)
    assert internal not in Meeting.objects.visible_to(board_reader)


def test_partner_editor_may_add_contacts_only_to_own_actor(world, police_partner):
    assert police_partner.has_perm("actors.add_contact_to_actor", world["police"])
    assert not police_partner.has_perm("actors.add_contact_to_actor", world["housing"])


def test_only_coordinators_change_actors_and_decisions(world, coordinator, police_partner, board_reader):
    decision = world["decisions"][Visibility.PUBLIC]
    assert coordinator.has_perm("actors.change_actor", world["police"])
    assert coordinator.has_perm("actors.change_decision", decision)
    for user in (police_partner, board_reader):
        assert not user.has_perm("actors.change_actor", world["police"])
        assert not user.has_perm("actors.change_decision", decision)


def test_workspace_menu_shows_own_organisation_only_to_linked_partners(world, police_partner_client):
    html = police_partner_client.get("/arbete/").content.decode()
    assert 'href="/arbete/min-organisation/"' in html
    assert 'href="/arbete/samverkan/"' not in html


def test_workspace_menu_shows_collaboration_to_coordinators(world, coordinator_client):
    html = coordinator_client.get("/arbete/").content.decode()
    assert 'href="/arbete/samverkan/"' in html
    assert 'href="/arbete/min-organisation/"' not in html
