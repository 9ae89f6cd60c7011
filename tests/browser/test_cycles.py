"""Journeys in headless chromium for the cycles app: /kretslopp/, /medborgarloften/ and the cycle board
pass axe; the board works with the keyboard alone; a coordinator ticks an item with evidence and the
public /kretslopp/ changes."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cycles.models import AgreementStatus, ChecklistItem, PromiseParty, PromiseStatus
from tests.actors.factories import ActorFactory, DecisionFactory, ForumFactory
from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
    PromiseLineFactory,
    all_steps,
    step,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-bra-losenord-2026"
DAY = datetime.date(2025, 3, 1)
TICK_FOLLOW_UP = re.compile(r"^Bocka av\W+Uppföljningen är planerad$")


def _cycle_data():
    all_steps()
    cycle = CycleFactory(current_step=step(4), name="Samverkansperiod 2023–2027")
    for n in (1, 2, 3):
        ChecklistItemFactory(
            cycle=cycle, step=step(n), text=f"Steg {n} är klart", done_on=DAY, evidence_public=True
        )
    ChecklistItemFactory(cycle=cycle, step=step(4), text="Mål är formulerade", done_on=DAY)
    ChecklistItemFactory(
        cycle=cycle, step=step(4), text="Uppföljningen är planerad", due_date=datetime.date(2024, 1, 1)
    )
    ChecklistItemFactory(cycle=cycle, step=step(5), text="Styrgruppen har fått rapport")
    police = ActorFactory(name="Polisen LPO Nybro")
    AgreementFactory(status=AgreementStatus.IN_FORCE, visibility=Visibility.PUBLIC, parties=[police])
    promise = CitizenPromiseFactory(
        title="Tryggare kvällar i centrum", status=PromiseStatus.FOLLOWED_UP, visibility=Visibility.PUBLIC
    )
    PromiseLineFactory(
        promise=promise, party=PromiseParty.POLICE, text="Synlig polis", follow_up="84 kvällar."
    )
    PromiseLineFactory(promise=promise, party=PromiseParty.OTHER, actor=police, text="Trygghetsvandring")
    return cycle


def _login(page, live_server, username="sara"):
    UserFactory(username=username, roles=[Role.COORDINATOR])
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")


def test_kretslopp_page_has_no_axe_violations(page, live_server):
    _cycle_data()
    page.goto(live_server.url + "/kretslopp/")
    assert page.locator("h1").count() == 1
    assert page.locator("ol.cycle-steps > li").count() == 5
    expect(page.get_by_text("Just nu: steg 4 av 5, Genomförande")).to_be_visible()
    assert page.locator("svg.cycle-diagram").get_attribute("aria-hidden") == "true"
    assert_no_axe_violations(page)


def test_promises_page_has_no_axe_violations(page, live_server):
    _cycle_data()
    page.goto(live_server.url + "/medborgarloften/")
    expect(page.get_by_role("heading", name="Tryggare kvällar i centrum")).to_be_visible()
    expect(page.get_by_text("84 kvällar.")).to_be_visible()
    assert_no_axe_violations(page)


def test_agreements_and_home_have_no_axe_violations(page, live_server):
    _cycle_data()
    page.goto(live_server.url + "/")
    expect(page.get_by_text("Steg 4 av 5: Genomförande")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/samverkan/overenskommelser/")
    assert_no_axe_violations(page)


def test_cycle_board_and_its_forms_have_no_axe_violations(page, live_server):
    _cycle_data()
    _login(page, live_server)
    expect(page.get_by_role("heading", name="Kretsloppet just nu")).to_be_visible()
    assert_no_axe_violations(page)  # the dashboard with the cycle and agreement panels
    page.goto(live_server.url + "/arbete/kretslopp/")
    expect(page.get_by_role("heading", name="Försenade punkter")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=TICK_FOLLOW_UP).click()
    page.get_by_label("Klart datum").fill("")
    page.get_by_role("button", name="Markera som klar").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/arbete/kretslopp/nasta-steg/")
    assert_no_axe_violations(page)


def test_cycle_board_works_with_the_keyboard_alone(page, live_server):
    cycle = _cycle_data()
    _login(page, live_server)
    page.goto(live_server.url + "/arbete/kretslopp/")

    # Tab to the "Gå vidare" button, press Enter, write a reason and confirm: all with the keyboard.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Gå vidare till nästa steg":
            break
    else:
        pytest.fail("'Gå vidare till nästa steg' cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/arbete/kretslopp/nasta-steg/")
    page.get_by_label("Varför går ni vidare trots att punkter inte är klara?").focus()
    page.keyboard.type("Uppföljningen planeras i januari.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Ja, gå vidare till nästa steg"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/arbete/kretslopp/")

    cycle.refresh_from_db()
    assert cycle.current_step.number == 5
    expect(page.get_by_text("Kretsloppet är nu i steg 5")).to_be_visible()
    expect(page.get_by_text("Motivering: Uppföljningen planeras i januari.")).to_be_visible()


def test_coordinator_ticks_an_item_with_evidence_and_kretslopp_changes(page, live_server):
    _cycle_data()
    DecisionFactory(
        forum=ForumFactory(name="Kommunstyrelsen"),
        visibility=Visibility.PUBLIC,
        decided_on=datetime.date(2025, 6, 10),
        paragraph="KS § 112",
        title="Åtgärdsplan 2025–2027",
    )
    page.goto(live_server.url + "/kretslopp/")
    step4 = page.locator("#steg-4")
    assert "1 av 2 punkter klara" in step4.inner_text()
    assert "Åtgärdsplan 2025–2027" not in step4.inner_text()

    _login(page, live_server)
    page.goto(live_server.url + "/arbete/kretslopp/")
    page.get_by_role("link", name=TICK_FOLLOW_UP).click()
    page.get_by_label("Klart datum").fill("2025-06-10")
    page.get_by_label("Beslut").select_option(label="KS § 112 (2025-06-10): Åtgärdsplan 2025–2027")
    page.get_by_label("Underlaget får visas på den publika webbplatsen").check()
    page.get_by_role("button", name="Markera som klar").click()
    page.wait_for_url(live_server.url + "/arbete/kretslopp/#punkt-*")
    expect(page.get_by_text("Punkten är markerad som klar.")).to_be_visible()
    assert ChecklistItem.objects.get(text="Uppföljningen är planerad").is_done

    page.goto(live_server.url + "/kretslopp/")
    step4 = page.locator("#steg-4")
    assert "2 av 2 punkter klara" in step4.inner_text()
    assert "Beslut: KS § 112 (2025-06-10): Åtgärdsplan 2025–2027" in step4.inner_text()
