"""Dialogues in the workspace: recording a trygghetsvandring with its observations in one form,
editing it, and a partner recording one for their own actor."""

import pytest
from django.utils import timezone

from lagesbild.models import Dialogue, Observation
from tests.actors.factories import ActorFactory, ContactFactory
from tests.lagesbild.factories import AreaFactory, DialogueFactory, ObservationFactory, PlaceFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def _dialogue_data(area, observations, **overrides):
    data = {
        "dialog-kind": "trygghetsvandring",
        "dialog-held_on": "2025-10-14",
        "dialog-area": area.pk,
        "dialog-organiser": "",
        "dialog-residents": "12",
        "dialog-staff": "3",
        "dialog-police": "2",
        "dialog-politicians": "1",
        "dialog-other": "0",
        "dialog-summary": "Vi gick från torget till parken.",
        "dialog-visibility": "internal",
        "obs-TOTAL_FORMS": "5",
        "obs-INITIAL_FORMS": "0",
        "obs-MIN_NUM_FORMS": "0",
        "obs-MAX_NUM_FORMS": "40",
    }
    for i, (place, category, note, proposal) in enumerate(observations):
        data |= {
            f"obs-{i}-place": place.pk,
            f"obs-{i}-category": category,
            f"obs-{i}-note": note,
            f"obs-{i}-proposal": proposal,
        }
    return data | overrides


def test_new_dialogue_form_starts_as_a_trygghetsvandring_today(coordinator_client):
    response = coordinator_client.get("/arbete/dialoger/ny/")
    form = response.context["form"]
    assert (form["kind"].value(), form["held_on"].value()) == ("trygghetsvandring", timezone.localdate())
    assert len(response.context["formset"].forms) == 5
    html = response.content.decode()
    assert 'for="id_obs-0-note"' in html and 'for="id_dialog-residents"' in html
    assert "skriv aldrig deras namn" in html


def test_coordinator_records_a_trygghetsvandring_with_three_observations(coordinator_client):
    area = AreaFactory(name="Tingsryd")
    torget, park = PlaceFactory(area=area, name="Torget"), PlaceFactory(area=area, name="Parken")
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(
            area,
            [
                (torget, "belysning", "Mörkt vid busskuren.", "Fler lampor."),
                (torget, "nedskrapning", "Skräp vid bänkarna.", ""),
                (park, "vegetation", "Buskar skymmer gångvägen.", "Röj buskarna."),
            ],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/arbete/dialoger/"
    dialogue = Dialogue.objects.get()
    assert (dialogue.kind, dialogue.area, dialogue.participant_total) == ("trygghetsvandring", area, 18)
    assert [(o.place.name, o.category, o.note) for o in dialogue.observations.order_by("pk")] == [
        ("Torget", "belysning", "Mörkt vid busskuren."),
        ("Torget", "nedskrapning", "Skräp vid bänkarna."),
        ("Parken", "vegetation", "Buskar skymmer gångvägen."),
    ]


def test_save_and_add_more_goes_to_the_dialogue_with_new_empty_rows(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(area, [(place, "trafik", "Höga hastigheter.", "")], fler="1"),
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == f"/arbete/dialoger/{dialogue.pk}/"
    page = coordinator_client.get(response["Location"])
    assert len(page.context["formset"].forms) == 6  # the saved one and five empty rows


def test_personnummer_in_an_observation_saves_nothing_and_explains(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(
            area,
            [(place, "annat", "Bra belysning.", ""), (place, "annat", "Ägaren 850709-9805 bor här.", "")],
        ),
    )
    assert response.status_code == 200
    assert (Dialogue.objects.count(), Observation.objects.count()) == (0, 0)
    html = response.content.decode()
    assert "Iakttagelse 2, Iakttagelse" in html
    assert "Uppgifter om enskilda personer får inte sparas här" in html
    assert 'aria-invalid="true"' in html


def test_missing_area_is_reported_and_keeps_the_observations(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    data = _dialogue_data(area, [(place, "annat", "Något vi såg.", "")], **{"dialog-area": ""})
    response = coordinator_client.post("/arbete/dialoger/ny/", data)
    assert response.status_code == 200
    assert Dialogue.objects.count() == 0
    assert "Något vi såg." in response.content.decode()


def test_edit_dialogue_deletes_an_observation(coordinator_client):
    dialogue = DialogueFactory()
    keep, drop = ObservationFactory(dialogue=dialogue), ObservationFactory(dialogue=dialogue)
    data = _dialogue_data(dialogue.area, [], **{"dialog-held_on": dialogue.held_on.isoformat()})
    data |= {"obs-TOTAL_FORMS": "7", "obs-INITIAL_FORMS": "2", "dialog-loaded_version": dialogue.version}
    for i, obs in enumerate([keep, drop]):
        data |= {
            f"obs-{i}-id": obs.pk,
            f"obs-{i}-place": obs.place_id,
            f"obs-{i}-category": obs.category,
            f"obs-{i}-note": obs.note,
        }
    data["obs-1-DELETE"] = "on"
    response = coordinator_client.post(f"/arbete/dialoger/{dialogue.pk}/", data)
    assert response.status_code == 302
    assert list(dialogue.observations.all()) == [keep]


def test_dialogue_list_shows_counts(coordinator_client):
    dialogue = DialogueFactory(
        residents=7, staff=1, visibility=Visibility.PUBLIC, area=AreaFactory(name="Konga")
    )
    ObservationFactory.create_batch(2, dialogue=dialogue)
    response = coordinator_client.get("/arbete/dialoger/")
    assert list(response.context["dialogues"]) == [dialogue]
    assert "Konga" in response.content.decode()


def test_partner_records_a_dialogue_for_their_actor_later_editable(police_partner_client, police_partner):
    police = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=police, user=police_partner)
    area = AreaFactory()
    data = _dialogue_data(area, [], **{"dialog-organiser": police.pk})
    assert police_partner_client.post("/arbete/dialoger/ny/", data).status_code == 302
    dialogue = Dialogue.objects.get()
    assert police_partner_client.get(f"/arbete/dialoger/{dialogue.pk}/").status_code == 200


def test_partner_can_only_name_their_own_actor_as_organiser(police_partner_client, police_partner):
    police = ActorFactory(name="Polisen LPO Nybro")
    other = ActorFactory(name="Tingsryds kommun")
    ContactFactory(actor=police, user=police_partner)
    form = police_partner_client.get("/arbete/dialoger/ny/").context["form"]
    assert list(form.fields["organiser"].queryset) == [police]
    area = AreaFactory()
    response = police_partner_client.post(
        "/arbete/dialoger/ny/", _dialogue_data(area, [], **{"dialog-organiser": other.pk})
    )
    assert response.status_code == 200
    assert Dialogue.objects.count() == 0


def test_a_forged_number_of_observation_rows_is_refused_at_once(
    coordinator_client, django_assert_max_num_queries
):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    data = _dialogue_data(area, [(place, "lighting", "Mörkt", "")], **{"obs-TOTAL_FORMS": "100000"})

    # At most the 40 rows a dialogue may have are built (and shown again), not 100 000.
    with django_assert_max_num_queries(80):
        response = coordinator_client.post("/arbete/dialoger/ny/", data)

    assert response.status_code == 200
    assert "Du kan skriva högst 40 iakttagelser per dialog." in response.content.decode()
    assert Dialogue.objects.count() == 0 and Observation.objects.count() == 0


def test_two_people_editing_the_same_dialogue_get_a_conflict(coordinator_client):
    dialogue = DialogueFactory(summary="Första versionen.")
    loaded = dialogue.version
    dialogue.summary = "Kollegans version."
    dialogue.save()
    data = _dialogue_data(
        dialogue.area, [], **{"dialog-loaded_version": loaded, "dialog-summary": "Min version."}
    )

    response = coordinator_client.post(f"/arbete/dialoger/{dialogue.pk}/", data)

    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    assert "Min version." in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.summary == "Kollegans version."


def test_a_partners_public_dialogue_waits_for_a_coordinator_before_residents_see_it(
    police_partner, police_partner_client, coordinator, client
):
    police = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=police, user=police_partner)
    data = _dialogue_data(
        AreaFactory(),
        [],
        **{
            "dialog-organiser": police.pk,
            "dialog-visibility": "public",
            "dialog-summary": "Mörkt vid torget.",
        },
    )

    response = police_partner_client.post("/arbete/dialoger/ny/", data, follow=True)

    dialogue = Dialogue.objects.get()
    assert (dialogue.visibility, dialogue.publication) == (Visibility.INTERNAL, "waiting")
    assert dialogue.publication_requested_by == police_partner
    assert "Den blir offentlig när en samordnare har godkänt den." in response.content.decode()
    assert "Mörkt vid torget." not in client.get("/lagesbild/").content.decode()
    assert police_partner_client.get("/arbete/dialoger/granska/").status_code == 403

    client.force_login(coordinator)
    assert (
        f"/arbete/dialoger/{dialogue.pk}/granska/" in client.get("/arbete/dialoger/granska/").content.decode()
    )
    client.post(f"/arbete/dialoger/{dialogue.pk}/granska/", {"decision": "approved", "reason": ""})
    client.logout()

    dialogue.refresh_from_db()
    assert (dialogue.visibility, dialogue.publication) == (Visibility.PUBLIC, "approved")
    assert "Mörkt vid torget." in client.get("/lagesbild/").content.decode()


def test_a_publication_sent_back_needs_a_reason_that_the_partner_gets(
    coordinator_client, police_partner, mailoutbox, django_capture_on_commit_callbacks
):
    police_partner.email = "per@example.org"
    police_partner.save()
    dialogue = DialogueFactory(publication="waiting", publication_requested_by=police_partner)
    url = f"/arbete/dialoger/{dialogue.pk}/granska/"

    without = coordinator_client.post(url, {"decision": "returned", "reason": ""})
    assert "Skriv varför" in without.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url, {"decision": "returned", "reason": "Ta bort adressen i sammanfattningen."}
        )

    dialogue.refresh_from_db()
    assert (dialogue.visibility, dialogue.publication) == (Visibility.INTERNAL, "returned")
    assert [m.to for m in mailoutbox] == [["per@example.org"]]
    assert "Ta bort adressen i sammanfattningen." in mailoutbox[0].body
    listing = coordinator_client.get("/arbete/dialoger/").content.decode()
    assert "Publicering: Tillbakaskickad. Ta bort adressen i sammanfattningen." in listing
