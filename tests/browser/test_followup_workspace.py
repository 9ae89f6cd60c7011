"""A journey in headless chromium for follow-ups: a partner editor writes the follow-up of the measure
their actor leads with the keyboard alone, is told what is missing, hands it in, and a coordinator
approves it; the lists, the form and the confirm page pass axe."""

import pytest
from playwright.sync_api import expect

from tests.actors.factories import ActorFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
    step,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    for n in range(1, 6):
        step(n)
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    police = ActorFactory(name="Polisen LPO Nybro")
    housing = ActorFactory(name="Tingsryds Bostäder")
    public_measure(
        plan=plan,
        slug="polisen-i-centrum",
        title="Polisen synlig i centrum",
        lead_actor=police,
        contributors=[housing],
        goal="Fler ska känna sig trygga i centrum på kvällarna.",
    )
    public_measure(plan=plan, slug="belysning", title="Bättre belysning i parken", lead_actor=housing)
    partner = UserFactory(username="per", roles=[Role.PARTNER_EDITOR])
    link_user_to_actor(partner, police)
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    return period


def _type_into(page, label, text):
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def test_partner_writes_and_hands_in_a_follow_up_with_the_keyboard(page, live_server):
    period = _world()
    edit_url = f"{live_server.url}/arbete/uppfoljning/{period.pk}/polisen-i-centrum/"

    log_in(page, live_server, "per")
    page.get_by_role("link", name="Mina uppföljningar").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/arbete/uppfoljning/mina/")
    expect(page.get_by_text("Sista dag för uppföljningar")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Skriv uppföljning Polisen synlig i centrum").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(edit_url)
    expect(page.get_by_text("Fler ska känna sig trygga i centrum på kvällarna.")).to_be_visible()
    assert_no_axe_violations(page)

    _type_into(page, "Vad har gjorts?", "Polisen var på plats tolv kvällar i november.")
    page.get_by_role("button", name="Lämna in").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(edit_url)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Utkastet är sparat men inte inlämnat.")
    expect(page.get_by_label("Vad har gjorts?")).to_have_value(
        "Polisen var på plats tolv kvällar i november."
    )
    assert_no_axe_violations(page)

    # The error list links to the field; the rest is written from there with Tab and the arrow keys.
    alert.get_by_role("link", name="Vilken effekt har åtgärden haft på problemet?").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Vilken effekt har åtgärden haft på problemet?")).to_be_focused()
    page.keyboard.type("Färre anmälningar om ordningsstörning än hösten innan.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lärdomar")).to_be_focused()
    page.keyboard.type("Kvällar med evenemang behöver fler pass.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Grönt: enligt plan")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Gult: delvis enligt plan")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Motivering av bedömningen")).to_be_focused()
    page.keyboard.type("Passen blev av, men inte under evenemangen.")
    page.keyboard.press("Tab")
    partner_select = page.get_by_label("Har Polisen LPO Nybro gjort det den åtog sig?")
    expect(partner_select).to_be_focused()
    page.keyboard.press("Home")
    expect(partner_select).to_have_value("yes")

    page.get_by_role("button", name="Lämna in").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + f"/arbete/uppfoljning/mina/?period={period.pk}")
    expect(page.get_by_text("är inlämnad. En samordnare granskar den.")).to_be_visible()
    expect(page.get_by_role("cell", name="Inlämnad")).to_be_visible()
    expect(page.get_by_text("Gult: delvis enligt plan")).to_be_visible()
    assert_no_axe_violations(page)

    log_in(page, live_server, "sara")
    page.get_by_role("link", name="1 uppföljning väntar på godkännande").click()
    expect(page.get_by_role("row", name="Polisen synlig i centrum")).to_contain_text("Inlämnad")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Granska Polisen synlig i centrum").click()
    page.wait_for_url(edit_url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Godkänn", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, godkänn").click()
    expect(page.get_by_text("Uppföljningen av ”Polisen synlig i centrum” är godkänd.")).to_be_visible()
    expect(page.get_by_role("row", name="Polisen synlig i centrum")).to_contain_text("Godkänd")
