"""Review of a partner's wish to publish a dialogue: the partner sees a coordinator's reason for sending
it back or rejecting it (in "Mina åtgärder" and on the dialogue's own page, which the e-mail links to),
a dialogue sent back or rejected is internal whatever was done to it while waiting, and a coordinator
can edit a waiting dialogue and approve it in one step, with each step in the history."""

import pytest
from django.test import Client

from lagesbild.models import Dialogue
from lagesbild.services.dialogue import review_publication
from tests.actors.factories import ActorFactory
from tests.cycles.factories import link_user_to_actor
from tests.lagesbild.factories import DialogueFactory
from trygg.review import Review
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

MY_MEASURES = "/arbete/atgarder/mina/"
QUEUE = "/arbete/dialoger/granska/"


@pytest.fixture
def waiting(police_partner):
    """A partner's dialogue, waiting for a coordinator to approve its publication."""
    actor = link_user_to_actor(police_partner)
    return DialogueFactory(
        organiser=actor,
        summary="Mörkt vid busshållplatsen.",
        publication=Review.WAITING,
        publication_requested_by=police_partner,
    )


@pytest.fixture
def coordinator_browser(coordinator):
    """A coordinator's own client, next to the partner's."""
    browser = Client()
    browser.force_login(coordinator)
    return browser


def form_data(dialogue: Dialogue, **changes) -> dict:
    data = {
        "dialog-loaded_version": dialogue.version,
        "dialog-kind": dialogue.kind,
        "dialog-held_on": f"{dialogue.held_on:%Y-%m-%d}",
        "dialog-area": dialogue.area_id,
        "dialog-organiser": dialogue.organiser_id or "",
        "dialog-residents": dialogue.residents,
        "dialog-staff": dialogue.staff,
        "dialog-police": dialogue.police,
        "dialog-politicians": dialogue.politicians,
        "dialog-other": dialogue.other,
        "dialog-summary": dialogue.summary,
        "dialog-visibility": dialogue.visibility,
        "obs-TOTAL_FORMS": "0",
        "obs-INITIAL_FORMS": "0",
        "obs-MIN_NUM_FORMS": "0",
        "obs-MAX_NUM_FORMS": "40",
    }
    return data | {f"dialog-{name}": value for name, value in changes.items()}


@pytest.mark.parametrize(
    ("decision", "heading"),
    [
        (Review.RETURNED, "Begäran om publicering är tillbakaskickad"),
        (Review.REJECTED, "Begäran om publicering är avslagen"),
    ],
)
def test_partner_sees_the_reason_in_my_measures_and_on_the_dialogue(
    waiting, coordinator_browser, police_partner_client, decision, heading
):
    reason = "Ta bort adressen till den boende i sammanfattningen."
    response = coordinator_browser.post(
        f"/arbete/dialoger/{waiting.pk}/granska/", {"decision": decision, "reason": reason}
    )
    assert response.status_code == 302

    mine = police_partner_client.get(MY_MEASURES).content.decode()
    assert reason in mine
    assert f"/arbete/dialoger/{waiting.pk}/" in mine
    assert "Tillbakaskickat eller avslaget" in mine
    own_page = police_partner_client.get(f"/arbete/dialoger/{waiting.pk}/").content.decode()
    assert heading in own_page and reason in own_page


def test_a_declined_dialogue_the_partner_can_no_longer_edit_is_listed_without_a_link(
    waiting, coordinator_browser, police_partner_client
):
    coordinator_browser.post(
        f"/arbete/dialoger/{waiting.pk}/granska/",
        {"decision": Review.RETURNED, "reason": "Skriv om sammanfattningen."},
    )
    Dialogue.objects.filter(pk=waiting.pk).update(organiser=ActorFactory())  # a coordinator moved it

    mine = police_partner_client.get(MY_MEASURES).content.decode()
    assert "Skriv om sammanfattningen." in mine
    assert f"/arbete/dialoger/{waiting.pk}/" not in mine
    assert police_partner_client.get(f"/arbete/dialoger/{waiting.pk}/").status_code == 403


def test_other_partners_do_not_see_the_reason(waiting, coordinator_browser, other_partner_client):
    link_user_to_actor(other_partner_client.user)
    coordinator_browser.post(
        f"/arbete/dialoger/{waiting.pk}/granska/",
        {"decision": Review.REJECTED, "reason": "Hemlig motivering."},
    )
    assert "Hemlig motivering." not in other_partner_client.get(MY_MEASURES).content.decode()


def test_asking_again_clears_the_old_reason(waiting, police_partner, police_partner_client):
    review_publication(dialogue=waiting, by=None, to=Review.RETURNED, reason="Skriv färre detaljer.")
    waiting.refresh_from_db()

    police_partner_client.post(
        f"/arbete/dialoger/{waiting.pk}/",
        form_data(waiting, summary="Mörkt vid hållplatsen.", visibility="public"),
    )

    waiting.refresh_from_db()
    assert (waiting.publication, waiting.publication_reason) == (Review.WAITING, "")
    assert waiting.visibility == Visibility.INTERNAL
    assert "Skriv färre detaljer." not in police_partner_client.get(MY_MEASURES).content.decode()


@pytest.mark.parametrize("decision", [Review.RETURNED, Review.REJECTED])
def test_a_waiting_dialogue_made_public_meanwhile_is_internal_after_sending_back_or_rejecting(
    waiting, coordinator, decision
):
    Dialogue.objects.filter(pk=waiting.pk).update(visibility=Visibility.PUBLIC)  # as saved before the fix
    waiting.refresh_from_db()

    review_publication(dialogue=waiting, by=coordinator, to=decision, reason="Inte nu.")

    waiting.refresh_from_db()
    assert (waiting.visibility, waiting.publication) == (Visibility.INTERNAL, decision)
    assert not Dialogue.objects.public().filter(pk=waiting.pk).exists()


def test_a_coordinator_choosing_public_in_the_form_approves_the_request(waiting, coordinator_browser):
    coordinator_browser.post(f"/arbete/dialoger/{waiting.pk}/", form_data(waiting, visibility="public"))

    waiting.refresh_from_db()
    assert (waiting.visibility, waiting.publication) == (Visibility.PUBLIC, Review.APPROVED)
    # Nothing waits any more, so it cannot be rejected while public.
    assert f"/arbete/dialoger/{waiting.pk}/granska/" not in coordinator_browser.get(QUEUE).content.decode()


def test_coordinator_edits_and_approves_in_one_step_from_the_queue(waiting, coordinator_browser, coordinator):
    queue = coordinator_browser.get(QUEUE).content.decode()
    assert f'href="/arbete/dialoger/{waiting.pk}/"' in queue and "Ändra och godkänn" in queue
    page = coordinator_browser.get(f"/arbete/dialoger/{waiting.pk}/").content.decode()
    assert "Spara och godkänn" in page and 'name="godkann"' in page

    response = coordinator_browser.post(
        f"/arbete/dialoger/{waiting.pk}/",
        form_data(waiting, summary="Mörkt vid en busshållplats i centrum.") | {"godkann": "1"},
        follow=True,
    )

    assert "Dialogen är sparad och godkänd. Nu är den offentlig." in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.visibility, waiting.publication) == (Visibility.PUBLIC, Review.APPROVED)
    assert waiting.summary == "Mörkt vid en busshållplats i centrum."
    steps = list(waiting.history.order_by("history_date", "history_id"))
    edit, approval = steps[-2:]
    assert (edit.summary, edit.visibility, edit.publication) == (
        "Mörkt vid en busshållplats i centrum.",
        Visibility.INTERNAL,
        Review.WAITING,
    )
    assert (approval.visibility, approval.publication) == (Visibility.PUBLIC, Review.APPROVED)
    assert edit.history_user == approval.history_user == coordinator


def test_coordinator_may_save_without_approving(waiting, coordinator_browser):
    coordinator_browser.post(
        f"/arbete/dialoger/{waiting.pk}/", form_data(waiting, summary="Mörkt vid hållplatsen vid torget.")
    )

    waiting.refresh_from_db()
    assert waiting.summary == "Mörkt vid hållplatsen vid torget."
    assert (waiting.visibility, waiting.publication) == (Visibility.INTERNAL, Review.WAITING)


def test_a_partner_cannot_approve_their_own_dialogue(waiting, police_partner_client):
    page = police_partner_client.get(f"/arbete/dialoger/{waiting.pk}/").content.decode()
    assert "Spara och godkänn" not in page
    assert "Dialogen väntar på att en samordnare granskar den." in page

    police_partner_client.post(f"/arbete/dialoger/{waiting.pk}/", form_data(waiting) | {"godkann": "1"})

    waiting.refresh_from_db()
    assert (waiting.visibility, waiting.publication) == (Visibility.INTERNAL, Review.WAITING)
