"""Journeys in headless chromium for measures: a partner editor reports, a coordinator approves, and
the report appears on the public page and in the feed; /atgarder/ with filters passes axe and works
with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from cycles.models import MeasureKind, MeasureStatus
from tests.actors.factories import ActorFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import link_user_to_actor, public_measure, running_plan, step
from tests.lagesbild.factories import AreaFactory
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _measures():
    for n in range(1, 6):
        step(n)
    plan = running_plan()
    area = AreaFactory(name="Ryd", slug="ryd")
    police = ActorFactory(name="Polisen LPO Nybro")
    own = public_measure(
        plan=plan, slug="polisen-i-centrum", title="Polisen synlig i centrum", lead_actor=police
    )
    own.areas.set([area])
    public_measure(plan=plan, slug="fritidsgard", title="Öppen fritidsgård", kind=MeasureKind.SOCIAL)
    public_measure(plan=plan, slug="klart", title="Ny belysning", status=MeasureStatus.DONE)
    return own, police


def test_partner_reports_coordinator_approves_and_it_is_published(page, live_server):
    _own, police = _measures()
    partner = UserFactory(username="per", roles=[Role.PARTNER_EDITOR])
    link_user_to_actor(partner, police)
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    log_in(page, live_server, "per")
    page.get_by_role("link", name="Mina åtgärder").first.click()
    page.wait_for_url(live_server.url + "/arbete/atgarder/mina/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Skriv lägesrapport Polisen synlig i centrum").click()
    page.get_by_label("Hur långt har åtgärden kommit? (procent, 0–100)").fill("150")
    page.get_by_label("Vad har hänt?").fill("Polisen var på plats tolv kvällar i november.")
    page.get_by_role("button", name="Spara lägesrapporten").click()
    expect(page.get_by_role("alert")).to_contain_text("Ange ett tal mellan 0 och 100.")
    assert_no_axe_violations(page)
    page.get_by_label("Hur långt har åtgärden kommit? (procent, 0–100)").fill("40")
    page.get_by_role("button", name="Spara lägesrapporten").click()
    page.wait_for_url(live_server.url + "/arbete/atgarder/mina/")
    expect(page.get_by_text("när en samordnare har godkänt den")).to_be_visible()

    page.goto(live_server.url + "/atgarder/polisen-i-centrum/")
    assert page.get_by_text("tolv kvällar i november").count() == 0

    log_in(page, live_server, "sara")
    page.get_by_role("link", name="1 lägesrapport att granska").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Granska lägesrapporten om Polisen synlig i centrum").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Godkänn och publicera").click()
    expect(page.get_by_text("är godkänd och publicerad")).to_be_visible()

    page.context.clear_cookies()
    page.goto(live_server.url + "/atgarder/polisen-i-centrum/")
    expect(page.get_by_text("Polisen var på plats tolv kvällar i november.")).to_be_visible()
    expect(page.get_by_text("40 % klart").first).to_be_visible()
    expect(page.get_by_text("Senast uppdaterad")).to_be_visible()
    assert_no_axe_violations(page)
    feed = page.request.get(live_server.url + "/atgarder/flode/")
    assert "tolv kvällar i november" in feed.text()


def test_measure_list_with_filters_is_accessible_and_works_with_the_keyboard(page, live_server):
    _measures()
    page.goto(live_server.url + "/atgarder/")
    assert page.locator("h1").inner_text() == "Åtgärder"
    assert_no_axe_violations(page)

    page.get_by_label("Typ av åtgärd").focus()
    page.keyboard.press("ArrowDown")  # "Situationell" (a closed select changes with the arrow keys)
    page.keyboard.press("ArrowDown")  # "Social"
    expect(page.get_by_label("Typ av åtgärd")).to_have_value("social")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Visa åtgärder")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/atgarder/?*typ=social*")
    expect(page.get_by_role("link", name="Öppen fritidsgård")).to_be_visible()
    assert page.get_by_role("link", name="Polisen synlig i centrum").count() == 0
    assert_no_axe_violations(page)

    # The filtered address can be shared: opening it again gives the same view.
    page.goto(live_server.url + "/atgarder/?omrade=ryd")
    expect(page.get_by_label("Område", exact=True)).to_have_value("ryd")
    expect(page.get_by_role("link", name="Polisen synlig i centrum")).to_be_visible()
    assert_no_axe_violations(page)
