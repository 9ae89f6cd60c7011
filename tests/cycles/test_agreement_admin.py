"""The admin for agreements: optimistic locking, status moves as confirmed actions, history."""

import pytest

from cycles.models import Agreement, AgreementStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    AgreementFactory,
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


def test_history_is_kept_for_agreements(coordinator_client):
    agreement = AgreementFactory(parties=[ActorFactory()])
    before = agreement.history.count()
    agreement.areas = "Nytt område"
    agreement.save()
    response = coordinator_client.get(f"/admin/cycles/agreement/{agreement.pk}/history/")
    assert response.status_code == 200
    assert agreement.history.count() == before + 1
    assert agreement.history.first().areas == "Nytt område"
