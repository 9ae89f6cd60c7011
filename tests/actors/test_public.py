"""/samverkan/: active partners, public forums, public decisions; never contacts or internal material."""

import datetime

import pytest

from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
)
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

URL = "/samverkan/"


def test_page_shows_active_partners_public_forums_and_public_decisions(client):
    police = ActorFactory(name="Polisen LPO Nybro", contribution="Kommunpolis och medborgarlöften.")
    ActorFactory(name="Nedlagda föreningen", active=False)
    forum = ForumFactory(name="Lokala BRÅ", visibility=Visibility.PUBLIC, description="Tar fram lägesbilden.")
    decision = DecisionFactory(
        forum=ForumFactory(name="Kommunstyrelsen", visibility=Visibility.PUBLIC),
        visibility=Visibility.PUBLIC,
        paragraph="KS § 112",
        diary_number="KS 2025/48",
        title="Åtgärdsplan 2025–2027",
        decided_on=datetime.date(2025, 6, 10),
    )
    response = client.get(URL)
    html = response.content.decode()
    assert [a.name for a in response.context["actors"]] == ["Polisen LPO Nybro"]
    assert list(response.context["forums"]) == [decision.forum, forum]
    assert list(response.context["decisions"]) == [decision]
    assert police.contribution in html
    assert "Nedlagda föreningen" not in html
    assert "Tar fram lägesbilden." in html
    for text in ("KS § 112", "KS 2025/48", "Åtgärdsplan 2025–2027", "2025-06-10"):
        assert text in html


def test_page_never_shows_contacts_or_internal_material(client):
    actor = ActorFactory(name="Tingsryds Bostäder AB")
    contact = ContactFactory(
        actor=actor,
        name="Bodil Hemligsson",
        email="bodil.hemlig@example.org",
        phone="0477-999 99",
        title="Chef",
    )
    public_forum = ForumFactory(name="Styrgruppen", visibility=Visibility.PUBLIC)
    MembershipFactory(forum=public_forum, contact=contact)
    internal_forum = ForumFactory(name="EST-gruppen Ryd", visibility=Visibility.INTERNAL)
    meeting = MeetingFactory(
        forum=public_forum, visibility=Visibility.PUBLIC, minutes="Protokoll: Ryd diskuterades"
    )
    meeting.attendees.set([contact])
    internal_meeting = MeetingFactory(forum=public_forum, minutes="Hemligt protokoll om Urshult")
    hidden = [
        DecisionFactory(
            forum=public_forum,
            visibility=Visibility.INTERNAL,
            title="Internt beslut",
            diary_number="KS 2025/901",
        ),
        DecisionFactory(
            forum=public_forum,
            visibility=Visibility.CONFIDENTIAL,
            title="Sekretessbeslut",
            diary_number="KS 2025/902",
        ),
        DecisionFactory(
            forum=public_forum, visibility=Visibility.INTERNAL, meeting=internal_meeting, title="Mötesbeslut"
        ),
    ]
    html = client.get(URL).content.decode()
    assert actor.name in html  # the actor is public …
    for secret in (contact.name, contact.email, contact.phone, "Chef", internal_forum.name):
        assert secret not in html  # … the people and internal forums are not
    assert meeting.minutes not in html  # minutes are for the workspace only
    assert internal_meeting.minutes not in html
    for decision in hidden:
        assert decision.title not in html
        assert decision.diary_number not in html


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_is_constant(client, django_assert_num_queries, count):
    for i in range(count):
        actor = ActorFactory(part_of=ActorFactory(name=f"Kommunen {i}"))
        ContactFactory(actor=actor)
        forum = ForumFactory(visibility=Visibility.PUBLIC, actor=actor)
        DecisionFactory(forum=forum, visibility=Visibility.PUBLIC)
    MunicipalitySettings.load()  # the settings row exists on a running site
    # settings, 3 × "last updated", actors (with part_of), forums, decisions count and page,
    # and the agreements section from the cycles app (none here, so no prefetch of parties)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["decisions"]) == count


def test_decisions_are_paginated_by_twenty(client):
    forum = ForumFactory(visibility=Visibility.PUBLIC)
    DecisionFactory.create_batch(25, forum=forum, visibility=Visibility.PUBLIC)
    first = client.get(URL)
    second = client.get(URL + "?page=2")
    assert len(first.context["decisions"]) == 20
    assert len(second.context["decisions"]) == 5
    assert "Sida 1 av 2 (25 träffar)" in first.content.decode()


def test_page_is_accessible_by_construction(client):
    DecisionFactory(forum=ForumFactory(visibility=Visibility.PUBLIC), visibility=Visibility.PUBLIC)
    ActorFactory()
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert html.count("<caption") == 2
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "Senast uppdaterad" in html


def test_page_is_in_the_public_menu_as_current(client):
    html = client.get(URL).content.decode()
    assert '<a class="nav-link" href="/samverkan/" aria-current="page">Samverkan</a>' in html


def test_last_updated_follows_the_newest_public_change(client):
    MunicipalitySettings.load()
    decision = DecisionFactory(forum=ForumFactory(visibility=Visibility.PUBLIC), visibility=Visibility.PUBLIC)
    response = client.get(URL)
    assert response.context["last_updated"] == decision.updated_at
