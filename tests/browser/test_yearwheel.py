"""The årshjul in headless chromium: a coordinator opens it from the menu, reads the year and a month,
adds a one-off item with the keyboard, and every page passes axe; the month fits a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import ForumKind
from tests.actors.factories import ForumFactory, MeetingFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import YearWheelItemFactory, YearWheelRuleFactory
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _data(year):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    YearWheelRuleFactory(title="Brå:s preliminära statistik", month=3, day=26)
    YearWheelItemFactory(title="Trygghetsvandring i Ryd", on=datetime.date(year, 3, 12))
    council = ForumFactory(name="Strategiska rådet", kind=ForumKind.STRATEGIC_COUNCIL)
    MeetingFactory(forum=council, starts_at=timezone.make_aware(datetime.datetime(year, 3, 19, 10)))


def test_a_coordinator_reads_the_year_and_a_month_and_adds_an_item(page, live_server):
    year = timezone.localdate().year
    _data(year)
    log_in(page, live_server, "sara")

    page.get_by_role("link", name="Årshjul").first.click()
    expect(page.get_by_role("heading", level=1, name=f"Årshjul {year}")).to_be_visible()
    expect(page.get_by_text("Brå:s preliminära statistik").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Mars", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Möte: Strategiska rådet")
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Ny enstaka händelse").click()
    page.get_by_label("Vad ska göras eller hända?").fill("Möte med skolorna")
    page.get_by_label("Datum").fill(f"{year}-03-30")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_contain_text("Möte med skolorna")
    assert_no_axe_violations(page)
