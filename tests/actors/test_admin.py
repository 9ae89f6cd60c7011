"""The admin for coordinators: refusing to delete a used actor, fixed query counts, uploads, history."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.models import Actor, Decision, Meeting
from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    ResourceInventoryFactory,
)
from trygg.models import MunicipalitySettings

pytestmark = pytest.mark.django_db


def test_deleting_a_referenced_actor_is_refused_with_an_explanation(coordinator_client):
    actor = ActorFactory(name="Tingsryds IF")
    ContactFactory.create_batch(2, actor=actor)
    ResourceInventoryFactory(actor=actor)
    response = coordinator_client.post(
        f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert Actor.objects.filter(pk=actor.pk).exists()
    assert response.redirect_chain == [(f"/admin/actors/actor/{actor.pk}/change/", 302)]
    message = str(next(iter(response.context["messages"])))
    assert message.startswith("Tingsryds IF kan inte tas bort eftersom aktören används av annat i systemet")
    assert "Kontaktpersoner: 2" in message
    assert "Resursinventeringar: 1" in message
    assert "Avaktivera aktören i stället" in message


def test_unreferenced_actor_can_be_deleted(coordinator_client):
    actor = ActorFactory()
    response = coordinator_client.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=actor.pk).exists()


def test_bulk_delete_is_replaced_by_deactivation(coordinator_client):
    actors = ActorFactory.create_batch(2)
    ContactFactory(actor=actors[0])
    response = coordinator_client.post(
        "/admin/actors/actor/", {"action": "deactivate", "_selected_action": [a.pk for a in actors]}
    )
    assert response.status_code == 302
    assert list(Actor.objects.filter(pk__in=[a.pk for a in actors]).values_list("active", flat=True)) == [
        False,
        False,
    ]
    changelist = coordinator_client.get("/admin/actors/actor/").content.decode()
    assert 'value="delete_selected"' not in changelist


def test_duplicate_organisation_number_in_admin_is_refused_in_swedish(coordinator_client):
    ActorFactory(organisation_number="212000-0670")
    response = coordinator_client.post(
        "/admin/actors/actor/add/",
        {
            "name": "Tingsryd en gång till",
            "kind": "municipality",
            "organisation_number": "2120000670",
            "active": "on",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Det finns redan en aktör med det här organisationsnumret." in response.content.decode()
    assert Actor.objects.count() == 1


def test_rejected_upload_in_admin_keeps_the_other_values(coordinator_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forum = ForumFactory()
    response = coordinator_client.post(
        "/admin/actors/decision/add/",
        {
            "forum": forum.pk,
            "decided_on": "2025-03-04",
            "paragraph": "KS § 45",
            "diary_number": "KS 2025/12",
            "title": "Trygghetsvandringar i Ryd",
            "summary": "Uppdrag till förvaltningen.",
            "visibility": "internal",
            "document": SimpleUploadedFile("protokoll.pdf", b"MZ\x90\x00 inte en pdf"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "stämmer inte med filändelsen .pdf" in html
    assert 'value="Trygghetsvandringar i Ryd"' in html
    assert 'value="KS 2025/12"' in html
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("count", [1, 5])
def test_decision_changelist_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    MunicipalitySettings.load()
    for _ in range(count):
        DecisionFactory(forum=ForumFactory())
    coordinator_client.get("/admin/actors/decision/")  # warm the session and permission caches
    with django_assert_num_queries(12):
        response = coordinator_client.get("/admin/actors/decision/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_meeting_changelist_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    MunicipalitySettings.load()
    for _ in range(count):
        DecisionFactory(meeting=MeetingFactory(), forum=ForumFactory())
    with django_assert_num_queries(12):
        response = coordinator_client.get("/admin/actors/meeting/")
    assert response.status_code == 200


def test_meeting_inline_decisions_take_the_meetings_forum(coordinator_client):
    meeting = MeetingFactory()
    data = {
        "forum": meeting.forum.pk,
        "starts_at_0": "2025-03-04",
        "starts_at_1": "13:00",
        "place": "Kommunhuset",
        "agenda": "",
        "minutes": "",
        "visibility": "internal",
        "loaded_version": meeting.version,
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-decided_on": "2025-03-04",
        "decisions-0-paragraph": "SG § 7",
        "decisions-0-diary_number": "",
        "decisions-0-title": "Prioritera Ryd",
        "decisions-0-summary": "",
        "decisions-0-visibility": "internal",
    }
    response = coordinator_client.post(f"/admin/actors/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    decision = Decision.objects.get()
    assert (decision.forum, decision.meeting) == (meeting.forum, meeting)


def test_history_is_visible_to_coordinators(coordinator_client):
    actor = ActorFactory(name="Tingsryds IF")
    actor.contribution = "Nattvandringar"
    actor.save()
    response = coordinator_client.get(f"/admin/actors/actor/{actor.pk}/history/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2


def test_board_reader_cannot_open_the_actors_admin(board_client):
    response = board_client.get("/admin/actors/actor/")
    assert response.status_code == 302  # not staff: sent to the admin login


def test_administrator_role_does_not_see_actors(admin_client):
    assert admin_client.get("/admin/actors/meeting/").status_code == 403
    assert "/admin/actors/" not in admin_client.get("/admin/").content.decode()


def test_meeting_change_view_needs_object_permission(admin_client):
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC))
    assert admin_client.get(f"/admin/actors/meeting/{meeting.pk}/change/").status_code == 403
    assert Meeting.objects.count() == 1
