"""The cycle board: who may see and run it, ticking with evidence, optimistic locking, moving on, and
the object rules for agreements and promises checked against visible_to()."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from cycles.models import (
    Agreement,
    AgreementStatus,
    ChecklistItem,
    CitizenPromise,
    Cycle,
    PromiseParty,
    PromiseStatus,
    StepTransition,
)
from tests.actors.factories import ActorFactory, ContactFactory, DecisionFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
    PromiseLineFactory,
    all_steps,
    step,
)
from tests.personas import ALL_PERSONAS
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def cycle(db):
    all_steps()
    cycle = CycleFactory(current_step=step(4))
    ChecklistItemFactory(cycle=cycle, step=step(3), text="Överenskommelsen är undertecknad", done_on=TODAY)
    ChecklistItemFactory(cycle=cycle, step=step(4), text="Mål är formulerade")
    return cycle


def _expect(response, status):
    if status == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == status


BOARD_EXPECT = {
    "client": "login",
    "coordinator_client": 200,
    "police_partner_client": 403,
    "other_partner_client": 403,
    "board_client": 200,
    "admin_client": 403,
    "no_role_client": 403,
}
RUN_EXPECT = {**BOARD_EXPECT, "board_client": 403}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_board_permission_matrix(persona, request, cycle):
    name = request.node.callspec.params["persona"]
    _expect(persona.get("/arbete/kretslopp/"), BOARD_EXPECT[name])


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("path", ["item", "/arbete/kretslopp/nasta-steg/"])
def test_running_the_cycle_permission_matrix(persona, request, cycle, path):
    name = request.node.callspec.params["persona"]
    if path == "item":
        path = f"/arbete/kretslopp/punkter/{cycle.checklist.first().pk}/"
    _expect(persona.get(path), RUN_EXPECT[name])
    before = list(ChecklistItem.objects.values_list("version", flat=True))
    response = persona.post(path, {"version": 0, "done_on": TODAY.isoformat(), "reason": "x"})
    if RUN_EXPECT[name] != 200:
        _expect(response, RUN_EXPECT[name])
        assert list(ChecklistItem.objects.values_list("version", flat=True)) == before
        assert Cycle.objects.get().current_step.number == 4


def test_board_shows_progress_missing_and_overdue(coordinator_client, cycle):
    ChecklistItemFactory(
        cycle=cycle, step=step(4), text="Uppföljningen är planerad", due_date=datetime.date(2020, 1, 1)
    )

    response = coordinator_client.get("/arbete/kretslopp/")

    html = response.content.decode()
    assert [e["state_label"] for e in response.context["overview"]][2:4] == ["Klart", "Pågår"]
    assert [i.text for i in response.context["current"]["open"]] == [
        "Mål är formulerade",
        "Uppföljningen är planerad",
    ]
    assert [i.text for i in response.context["overdue"]] == ["Uppföljningen är planerad"]
    assert "0 av 2 punkter klara" in html
    assert "Gå vidare till nästa steg" in html


def test_board_reader_sees_the_board_without_actions(board_client, cycle):
    html = board_client.get("/arbete/kretslopp/").content.decode()
    assert "Mål är formulerade" in html
    assert "Gå vidare till nästa steg" not in html
    assert "Bocka av" not in html


def test_coordinator_ticks_an_item_with_evidence(coordinator_client, coordinator, cycle):
    item = cycle.checklist.get(text="Mål är formulerade")
    decision = DecisionFactory(visibility=Visibility.PUBLIC)

    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {
            "version": item.version,
            "done_on": "2025-06-10",
            "decision": decision.pk,
            "public": "on",
            "action": "tick",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.evidence_decision, item.evidence_public) == (
        datetime.date(2025, 6, 10),
        coordinator,
        decision,
        True,
    )


def test_coordinator_ticks_an_item_with_a_lagesbild_as_evidence(coordinator_client, cycle):
    from tests.lagesbild.factories import SituationReportFactory

    item = cycle.checklist.get(text="Mål är formulerade")
    report = SituationReportFactory(public=True)
    form = coordinator_client.get(f"/arbete/kretslopp/punkter/{item.pk}/").content.decode()
    assert f'<option value="{report.pk}">' in form

    coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": item.version, "done_on": "2025-06-10", "report": report.pk, "action": "tick"},
    )

    item.refresh_from_db()
    assert item.evidence_report == report


def test_tick_form_reports_a_missing_date(coordinator_client, cycle):
    item = cycle.checklist.get(text="Mål är formulerade")
    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/", {"version": item.version, "done_on": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange datumet då punkten blev klar." in html
    assert 'aria-describedby="id_done_on_helptext id_done_on_error1"' in html


def test_second_coordinator_ticking_the_same_item_gets_a_conflict(coordinator_client, cycle):
    item = cycle.checklist.get(text="Mål är formulerade")
    loaded = item.version
    first = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": loaded, "done_on": "2025-06-10", "note": "Första", "no_evidence_reason": "Muntligt."},
    )
    second = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": loaded, "done_on": "2025-06-11", "note": "Andra", "no_evidence_reason": "Muntligt."},
    )

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Någon annan har sparat ändringar här" in second.content.decode()
    item.refresh_from_db()
    assert (item.done_on, item.evidence_note) == (datetime.date(2025, 6, 10), "Första")


def test_ticking_without_evidence_or_reason_keeps_the_input_and_says_what_is_needed(
    coordinator_client, cycle
):
    item = cycle.checklist.get(text="Mål är formulerade")

    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": item.version, "done_on": "2025-06-10", "note": "Klart"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Finns inget underlag skriver du varför." in html
    assert 'value="Klart"' in html and 'value="2025-06-10"' in html
    item.refresh_from_db()
    assert item.done_on is None


def test_untick_with_a_stale_version_is_refused(coordinator_client, cycle):
    item = cycle.checklist.get(text="Överenskommelsen är undertecknad")
    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": item.version + 7, "action": "untick"},
        follow=True,
    )
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    item.refresh_from_db()
    assert item.is_done


def test_untick_item(coordinator_client, cycle):
    item = cycle.checklist.get(text="Överenskommelsen är undertecknad")
    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/", {"version": item.version, "action": "untick"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_done


def test_move_confirmation_page_asks_for_a_reason_when_items_are_open(coordinator_client, cycle):
    html = coordinator_client.get("/arbete/kretslopp/nasta-steg/").content.decode()
    assert "1 punkt är inte klar" in html
    assert "Mål är formulerade" in html

    refused = coordinator_client.post(
        "/arbete/kretslopp/nasta-steg/", {"version": cycle.version, "reason": ""}
    )
    assert "Skriv varför ni går vidare" in refused.content.decode()
    assert Cycle.objects.get().current_step.number == 4

    moved = coordinator_client.post(
        "/arbete/kretslopp/nasta-steg/", {"version": cycle.version, "reason": "Målen beslutas i december."}
    )
    assert moved.status_code == 302
    assert Cycle.objects.get().current_step.number == 5
    assert StepTransition.objects.get().reason == "Målen beslutas i december."


def test_move_with_a_stale_version_is_refused(coordinator_client, cycle):
    response = coordinator_client.post(
        "/arbete/kretslopp/nasta-steg/", {"version": cycle.version + 1, "reason": "x"}
    )
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    assert Cycle.objects.get().current_step.number == 4


def test_nothing_changes_on_get(coordinator_client, cycle):
    item = cycle.checklist.get(text="Mål är formulerade")
    coordinator_client.get(f"/arbete/kretslopp/punkter/{item.pk}/")
    coordinator_client.get("/arbete/kretslopp/nasta-steg/")
    item.refresh_from_db()
    assert (item.version, Cycle.objects.get().current_step.number) == (0, 4)


def test_new_cycle_can_start_after_step_five_with_items_carried_over(coordinator_client, cycle):
    cycle.current_step = step(5)
    cycle.save()
    open_item = cycle.checklist.get(text="Mål är formulerade")

    response = coordinator_client.post(
        "/arbete/kretslopp/ny-period/",
        {
            "name": "Period 2027–2031",
            "start": "2027-07-01",
            "end": "2031-06-30",
            "carry_items": [open_item.pk],
        },
    )

    assert response.status_code == 302
    new = Cycle.objects.current()
    assert new.name == "Period 2027–2031"
    assert new.checklist.filter(carried_over_from=open_item).exists()


def test_new_cycle_is_refused_before_step_five(coordinator_client, cycle):
    response = coordinator_client.get("/arbete/kretslopp/ny-period/")
    assert response.status_code == 302
    assert Cycle.objects.count() == 1


def test_dashboard_panel_shows_the_current_step_and_what_is_missing(coordinator_client, cycle):
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Kretsloppet just nu" in html
    assert "Steg 4 av 5: Genomförande" in html
    assert "Mål är formulerade" in html


def test_dashboard_panel_is_not_for_partners(police_partner_client, cycle):
    assert "Kretsloppet just nu" not in police_partner_client.get("/arbete/").content.decode()


# --- Object rules and visible_to() together ---------------------------------------------------------


@pytest.fixture
def documents(police_partner, other_partner):
    police = ActorFactory(name="Polisen LPO Nybro")
    housing = ActorFactory(name="Tingsryds Bostäder AB")
    ContactFactory(actor=police, user=police_partner)
    ContactFactory(actor=housing, user=other_partner)
    agreements = {
        "public": AgreementFactory(status=AgreementStatus.IN_FORCE, visibility=Visibility.PUBLIC),
        "police_draft": AgreementFactory(parties=[police]),
        "other_draft": AgreementFactory(parties=[housing]),
    }
    promises = {
        "public": CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=Visibility.PUBLIC),
        "police_draft": CitizenPromiseFactory(),
        "other_draft": CitizenPromiseFactory(),
    }
    PromiseLineFactory(promise=promises["police_draft"], party=PromiseParty.OTHER, actor=police)
    PromiseLineFactory(promise=promises["other_draft"], party=PromiseParty.OTHER, actor=housing)
    return agreements, promises


VISIBLE = {
    "anonymous": {"public"},
    "coordinator": {"public", "police_draft", "other_draft"},
    "board_reader": {"public", "police_draft", "other_draft"},
    "police_partner": {"public", "police_draft"},
    "other_partner": {"public", "other_draft"},
    "administrator": {"public"},
}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_rules_and_visible_to_agree_for_agreements_and_promises(request, documents, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    agreements, promises = documents
    for model, objects, perm in (
        (Agreement, agreements, "cycles.view_agreement"),
        (CitizenPromise, promises, "cycles.view_citizenpromise"),
    ):
        by_rule = {key for key, obj in objects.items() if user.has_perm(perm, obj)}
        listed = {key for key, obj in objects.items() if obj in model.objects.visible_to(user)}
        assert by_rule == listed == VISIBLE[who], model


@pytest.mark.parametrize("who", list(VISIBLE))
def test_only_coordinators_change_agreements_and_promises(request, documents, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    agreements, promises = documents
    expected = who == "coordinator"
    assert user.has_perm("cycles.change_agreement", agreements["police_draft"]) is expected
    assert user.has_perm("cycles.change_citizenpromise", promises["police_draft"]) is expected


def test_coordinator_adds_a_local_item_to_a_step(coordinator_client, cycle):
    response = coordinator_client.post(
        "/arbete/kretslopp/punkter/ny/",
        {"step": step(4).pk, "text": "Trygghetsvandring i Konga", "due_date": ""},
    )

    assert response.status_code == 302
    item = ChecklistItem.objects.get(text="Trygghetsvandring i Konga")
    assert (item.local, item.step.number, item.is_done) == (True, 4, False)
    board = coordinator_client.get("/arbete/kretslopp/")
    assert "0 av 2 punkter klara" in board.content.decode()


def test_local_item_needs_a_text(coordinator_client, cycle):
    response = coordinator_client.post("/arbete/kretslopp/punkter/ny/", {"step": step(4).pk, "text": ""})
    assert "Skriv vad som ska vara klart." in response.content.decode()
    assert ChecklistItem.objects.count() == 2


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_adding_a_local_item_permission_matrix(persona, request, cycle):
    name = request.node.callspec.params["persona"]
    _expect(persona.get("/arbete/kretslopp/punkter/ny/"), RUN_EXPECT[name])


@pytest.mark.parametrize("count", [1, 5])
def test_board_query_count_is_constant(coordinator_client, cycle, django_assert_num_queries, count):
    for n in range(count):
        ChecklistItemFactory(
            cycle=cycle,
            step=step(1 + n % 5),
            done_on=TODAY,
            evidence_decision=DecisionFactory(),
            evidence_agreement=AgreementFactory(),
        )
    coordinator_client.get("/arbete/kretslopp/")
    with django_assert_num_queries(11):
        response = coordinator_client.get("/arbete/kretslopp/")
    assert response.status_code == 200


def test_partner_reads_the_agreements_of_their_actor_on_the_dashboard(police_partner_client, documents):
    agreements, _promises = documents
    html = police_partner_client.get("/arbete/").content.decode()
    assert agreements["police_draft"].title in html
    assert agreements["public"].title in html
    assert agreements["other_draft"].title not in html


def test_first_cycle_starts_from_an_empty_board(coordinator_client):
    all_steps()
    board = coordinator_client.get("/arbete/kretslopp/").content.decode()
    assert "Ingen samverkansperiod pågår." in board

    response = coordinator_client.post(
        "/arbete/kretslopp/ny-period/",
        {"name": "Period 2023–2027", "start": "2023-07-01", "end": "2023-01-01"},
    )
    assert "Perioden måste sluta efter att den börjar." in response.content.decode()

    response = coordinator_client.post(
        "/arbete/kretslopp/ny-period/",
        {"name": "Period 2023–2027", "start": "2023-07-01", "end": "2027-06-30"},
    )
    assert response.status_code == 302
    cycle = Cycle.objects.current()
    assert (cycle.current_step.number, cycle.checklist.count()) == (1, 24)
    assert StepTransition.objects.get(cycle=cycle).to_step.number == 1
