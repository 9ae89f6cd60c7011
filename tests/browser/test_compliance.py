"""Lagkrav in headless chromium: a coordinator reads /arbete/lagkrav/ (on screen and printed) and the
dashboard panel, a resident reads /lagkrav/; every page passes axe, and the phone view does not scroll
sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import AgreementStatus
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.compliance_data import council_meeting, decided_plan, statutory_report
from tests.cycles.factories import AgreementFactory
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _world():
    """Some duties met (one with internal evidence), one due soon, the rest missing."""
    today = timezone.localdate()
    report = statutory_report(
        decided_on=today.replace(year=today.year - 2) + datetime.timedelta(days=40),
        visibility=Visibility.PUBLIC,
        title="Lägesbild för kommunen",
    )
    decided_plan(
        report=report, period_start=today - datetime.timedelta(days=60), visibility=Visibility.PUBLIC
    )
    AgreementFactory(status=AgreementStatus.IN_FORCE, valid_to=None, title="Överenskommelse med polisen")
    council_meeting(today - datetime.timedelta(days=100))
    UserFactory(username="sara", roles=[Role.COORDINATOR])


def test_a_coordinator_reads_the_duties_and_prints_them(page, live_server):
    _world()
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "sara")

    panel = page.get_by_role("heading", name="Lagkrav som inte är uppfyllda")
    expect(panel).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lagkrav", exact=True).first.click()
    page.wait_for_url(live_server.url + "/arbete/lagkrav/")
    expect(page.get_by_role("heading", name="5 § Åtgärdsplan")).to_be_visible()
    expect(page.get_by_text("Snart förfallet").first).to_be_visible()
    assert_no_axe_violations(page)

    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    expect(page.get_by_role("heading", name="5 § Åtgärdsplan")).to_be_visible()
    page.emulate_media(media="screen")

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_resident_reads_the_duties(page, live_server, size):
    _world()
    page.set_viewport_size(size)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Så följer kommunen lagen om brottsförebyggande arbete").click()
    page.wait_for_url(live_server.url + "/lagkrav/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Så följer kommunen lagen om brottsförebyggande arbete"
    )
    expect(page.get_by_role("link", name="Lägesbild: Lägesbild för kommunen").first).to_be_visible()
    expect(page.get_by_text("Intern handling").first).to_be_visible()  # the internal agreement and meeting
    assert "Överenskommelse med polisen" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_axe_violations(page)


def test_a_resident_reaches_the_duties_and_their_evidence_with_the_keyboard_alone(page, live_server):
    _world()
    page.goto(live_server.url + "/")

    def tab_to(text: str) -> None:
        """Press Tab until the focused element's text starts with `text`."""
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")
            if focused.startswith(text):
                return
        pytest.fail(f"Tab never reached {text!r}")

    tab_to("Så följer kommunen lagen om brottsförebyggande arbete")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/lagkrav/")
    tab_to("Lägesbild: Lägesbild för kommunen")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/lagesbild/**")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
