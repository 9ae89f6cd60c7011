"""The admin: agreements and promises with optimistic locking, transitions as confirmed actions,
promise lines inline and checklist items inside a period."""

import pytest

from cycles.models import Agreement, AgreementStatus, ChecklistTemplateItem, CitizenPromise, PromiseStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
    PromiseLineFactory,
)

pytestmark = pytest.mark.django_db


def _agreement_post(agreement, **changes):
    data = {
        "title": agreement.title,
        "visibility": agreement.visibility,
        "parties": [p.pk for p in agreement.parties.all()],
        "purposes": agreement.purposes,
        "areas": agreement.areas,
        "focus_areas": "",
        "valid_from": "2025-05-01",
        "valid_to": "2027-06-30",
        "signatories": "",
        "signed_on": "",
        "decision": "",
    }
    data.update(changes)
    return data


def test_second_editor_of_an_agreement_gets_a_conflict_and_keeps_input(coordinator_client):
    agreement = AgreementFactory(parties=[ActorFactory()])
    url = f"/admin/cycles/agreement/{agreement.pk}/change/"
    assert 'name="loaded_version"' in coordinator_client.get(url).content.decode()

    first = coordinator_client.post(url, _agreement_post(agreement, loaded_version=0, areas="Centrum"))
    second = coordinator_client.post(
        url, _agreement_post(agreement, loaded_version=0, areas="Ryd och Urshult")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    html = second.content.decode()
    assert "Någon annan har sparat ändringar här medan du redigerade" in html
    assert "Ryd och Urshult" in html
    assert Agreement.objects.get().areas == "Centrum"


def test_transition_action_asks_for_confirmation_first(coordinator_client):
    agreement = AgreementFactory(parties=[ActorFactory()])
    data = {"action": "mark_signed", "_selected_action": [agreement.pk]}

    confirm = coordinator_client.post("/admin/cycles/agreement/", data)

    assert confirm.status_code == 200
    assert "Bekräfta statusändring" in confirm.content.decode()
    assert Agreement.objects.get().status == AgreementStatus.DRAFT

    done = coordinator_client.post("/admin/cycles/agreement/", {**data, "confirm": "yes"})

    assert done.status_code == 302
    assert Agreement.objects.get().status == AgreementStatus.SIGNED


def test_refused_transition_action_says_why(coordinator_client):
    agreement = AgreementFactory(parties=[ActorFactory()])
    response = coordinator_client.post(
        "/admin/cycles/agreement/",
        {"action": "mark_in_force", "_selected_action": [agreement.pk], "confirm": "yes"},
        follow=True,
    )
    assert "Det går inte att ändra status från ”Utkast” till ”Gällande”" in response.content.decode()
    assert Agreement.objects.get().status == AgreementStatus.DRAFT


def test_promise_action_moves_a_promise(coordinator_client):
    promise = CitizenPromiseFactory(status=PromiseStatus.SIGNED)
    coordinator_client.post(
        "/admin/cycles/citizenpromise/",
        {"action": "mark_published", "_selected_action": [promise.pk], "confirm": "yes"},
    )
    assert CitizenPromise.objects.get().status == PromiseStatus.PUBLISHED


def test_promise_change_page_has_lines_inline(coordinator_client):
    promise = CitizenPromiseFactory()
    PromiseLineFactory(promise=promise, text="Polisen är synlig i centrum")
    html = coordinator_client.get(f"/admin/cycles/citizenpromise/{promise.pk}/change/").content.decode()
    assert "Polisen är synlig i centrum" in html


def test_cycle_change_page_has_checklist_inline(coordinator_client):
    item = ChecklistItemFactory(cycle=CycleFactory(), text="Egen punkt om skolorna")
    html = coordinator_client.get(f"/admin/cycles/cycle/{item.cycle.pk}/change/").content.decode()
    assert "Egen punkt om skolorna" in html


def test_board_reader_cannot_open_the_admin(board_client):
    response = board_client.get("/admin/cycles/agreement/")
    assert response.status_code == 302


def test_history_is_kept_for_agreements(coordinator_client):
    agreement = AgreementFactory(parties=[ActorFactory()])
    before = agreement.history.count()
    agreement.areas = "Nytt område"
    agreement.save()
    response = coordinator_client.get(f"/admin/cycles/agreement/{agreement.pk}/history/")
    assert response.status_code == 200
    assert agreement.history.count() == before + 1
    assert agreement.history.first().areas == "Nytt område"


@pytest.mark.parametrize(
    "model", ["cycle", "checklistitem", "checklisttemplateitem", "step", "agreement", "citizenpromise"]
)
def test_admin_pages_open_for_coordinators(coordinator_client, model):
    item = ChecklistItemFactory()
    objects = {
        "cycle": item.cycle,
        "checklistitem": item,
        "checklisttemplateitem": ChecklistTemplateItem.objects.first(),
        "step": item.step,
        "agreement": AgreementFactory(),
        "citizenpromise": CitizenPromiseFactory(),
    }
    assert coordinator_client.get(f"/admin/cycles/{model}/").status_code == 200
    assert coordinator_client.get(f"/admin/cycles/{model}/{objects[model].pk}/change/").status_code == 200
    assert coordinator_client.get(f"/admin/cycles/{model}/{objects[model].pk}/history/").status_code == 200


def test_periods_are_not_added_in_the_admin(coordinator_client):
    assert coordinator_client.get("/admin/cycles/cycle/add/").status_code == 403
