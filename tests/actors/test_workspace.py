"""A partner editor keeps their own actor's contacts up to date; the dashboard shows meetings, decisions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.models import Contact
from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
)
from trygg.visibility import Visibility


@pytest.fixture
def police(db, police_partner):
    actor = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=actor, name="Per Polis", user=police_partner)
    return actor


@pytest.fixture
def housing(db, other_partner):
    actor = ActorFactory(name="Tingsryds Bostäder AB")
    ContactFactory(actor=actor, name="Bodil Bostäder", user=other_partner)
    return actor


def test_partner_sees_only_own_actors_contacts(police, housing, police_partner_client):
    colleague = ContactFactory(actor=police, name="Kalle Kollega", email="kalle@example.org")
    stranger = ContactFactory(actor=housing, name="Hanna Hyresvärd", email="hanna@example.org")
    response = police_partner_client.get("/arbete/min-organisation/")
    html = response.content.decode()
    assert [c.name for c in response.context["contacts"]] == ["Kalle Kollega", "Per Polis"]
    assert colleague.email in html
    assert stranger.name not in html and stranger.email not in html


def test_partner_edits_a_colleague_and_cannot_move_them_to_another_actor(
    police, housing, police_partner_client
):
    colleague = ContactFactory(actor=police, name="Kalle Kollega")
    response = police_partner_client.post(
        f"/arbete/min-organisation/kontakter/{colleague.pk}/",
        {
            "name": "Kalle Kollega",
            "title": "Kommunpolis",
            "email": "kalle.kollega@example.org",
            "phone": "114 14",
            "actor": housing.pk,  # not a field of the form: ignored
            "loaded_version": colleague.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/arbete/min-organisation/"
    colleague.refresh_from_db()
    assert (colleague.title, colleague.email, colleague.actor) == (
        "Kommunpolis",
        "kalle.kollega@example.org",
        police,
    )
    assert colleague.history.first().history_user.username == "per"


def test_partner_adds_a_contact_to_own_actor(police, police_partner_client):
    response = police_partner_client.post(
        "/arbete/min-organisation/kontakter/ny/",
        {"name": "Nora Nyanställd", "title": "Polisassistent", "email": "nora@example.org", "phone": ""},
    )
    assert response.status_code == 302
    assert Contact.objects.get(name="Nora Nyanställd").actor == police


def test_invalid_phone_keeps_the_form_and_saves_nothing(police, police_partner_client):
    colleague = ContactFactory(actor=police, name="Kalle Kollega", phone="0477-100 00")
    response = police_partner_client.post(
        f"/arbete/min-organisation/kontakter/{colleague.pk}/",
        {"name": "Kalle Ändrad", "title": "", "email": "", "phone": "ring mig"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange ett telefonnummer med siffror" in html
    assert 'value="Kalle Ändrad"' in html
    assert 'aria-invalid="true"' in html
    colleague.refresh_from_db()
    assert (colleague.name, colleague.phone) == ("Kalle Kollega", "0477-100 00")


def test_partner_cannot_post_to_another_actors_contact(police, housing, police_partner_client):
    stranger = ContactFactory(actor=housing, name="Hanna Hyresvärd")
    response = police_partner_client.post(
        f"/arbete/min-organisation/kontakter/{stranger.pk}/", {"name": "Kapad", "phone": ""}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "Hanna Hyresvärd"


def test_board_reader_cannot_post_contact_changes(police, board_reader, board_client):
    ContactFactory(actor=ActorFactory(name="Tingsryds kommun"), user=board_reader)
    colleague = ContactFactory(actor=police, name="Kalle Kollega")
    response = board_client.post(f"/arbete/min-organisation/kontakter/{colleague.pk}/", {"name": "Ändrad"})
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.name == "Kalle Kollega"


@pytest.fixture
def steering(db, board_reader):
    forum = ForumFactory(name="Styrgruppen för trygghet")
    MembershipFactory(forum=forum, contact=ContactFactory(name="Stina Styrelse", user=board_reader))
    return forum


def test_dashboard_shows_upcoming_meetings_of_own_forums(steering, board_client):
    soon = MeetingFactory(forum=steering, starts_at=timezone.now() + datetime.timedelta(days=3))
    MeetingFactory(forum=steering, starts_at=timezone.now() - datetime.timedelta(days=3))
    MeetingFactory(
        forum=ForumFactory(name="Hemliga gruppen"), starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = board_client.get("/arbete/")
    panels = {panel.key: ctx for panel, ctx in response.context["panels"]}
    assert panels["upcoming-meetings"]["meetings"] == [soon]
    html = response.content.decode()
    assert "Kommande möten" in html
    assert f'href="/arbete/moten/{soon.pk}/"' in html
    assert "Hemliga gruppen" not in html


def test_dashboard_shows_latest_visible_decisions(steering, board_client):
    own = DecisionFactory(forum=steering, title="Intern prioritering", decided_on=datetime.date(2025, 5, 1))
    public = DecisionFactory(
        forum=ForumFactory(),
        title="Offentligt beslut",
        visibility=Visibility.PUBLIC,
        decided_on=datetime.date(2025, 4, 1),
    )
    response = board_client.get("/arbete/")
    panels = {panel.key: ctx for panel, ctx in response.context["panels"]}
    assert panels["latest-decisions"]["decisions"] == [own, public]


def test_dashboard_hides_internal_decisions_from_non_members(steering, police_partner_client):
    DecisionFactory(forum=steering, title="Intern prioritering")
    response = police_partner_client.get("/arbete/")
    assert "Intern prioritering" not in response.content.decode()
    assert "Inga beslut som du kan se." in response.content.decode()


def test_coordinator_overview_links_to_the_admin(db, coordinator_client):
    actor = ActorFactory(name="Tingsryds IF")
    forum = ForumFactory(name="Lokala BRÅ")
    meeting = MeetingFactory(forum=forum)
    html = coordinator_client.get("/arbete/samverkan/").content.decode()
    assert f'href="/admin/actors/actor/{actor.pk}/change/"' in html
    assert f'href="/admin/actors/forum/{forum.pk}/change/"' in html
    assert f'href="/admin/actors/meeting/{meeting.pk}/change/"' in html


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/arbete/").status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_meetings_and_decisions(steering, board_client):
    MeetingFactory(forum=steering, starts_at=timezone.now() + datetime.timedelta(days=1))
    DecisionFactory(forum=steering)
    board_client.get("/arbete/")  # warm the settings row and the session
    with_one = _dashboard_queries(board_client)
    for i in range(4):
        MeetingFactory(forum=steering, starts_at=timezone.now() + datetime.timedelta(days=2 + i))
        DecisionFactory(forum=ForumFactory(), visibility=Visibility.PUBLIC)
    assert _dashboard_queries(board_client) == with_one


def test_two_partners_editing_the_same_contact_get_a_conflict_not_an_overwrite(police, police_partner_client):
    colleague = ContactFactory(actor=police, name="Kalle Kollega", title="Kommunpolis")
    loaded = colleague.version
    colleague.title = "Områdespolis"
    colleague.save()  # a colleague saved first

    response = police_partner_client.post(
        f"/arbete/min-organisation/kontakter/{colleague.pk}/",
        {"name": "Kalle Kollega", "title": "Gruppchef", "email": "", "phone": "", "loaded_version": loaded},
    )

    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    assert 'value="Gruppchef"' in response.content.decode()  # what was typed is kept
    colleague.refresh_from_db()
    assert colleague.title == "Områdespolis"
