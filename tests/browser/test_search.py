"""/sok/ in headless chromium on a phone-sized screen: a resident searches from the header with the
keyboard alone, reaches a result, and every state of the page (no query, hits, no hits, one kind)
passes axe without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import public_measure
from tests.lagesbild.factories import AreaFactory, PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _data():
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(name="Rydsparken", slug="rydsparken", area=area, description="Ny belysning vid lekplatsen.")
    for n in range(7):
        public_measure(title=f"Belysning längs gångvägen, etapp {n}", slug=f"belysning-{n}")


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_resident_searches_from_the_header_with_the_keyboard(page, live_server):
    _data()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/personuppgifter/")

    for _ in range(10):  # Tab from the top of the page to the header's search field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sok-sidhuvud":
            break
    assert page.evaluate("document.activeElement.id") == "sok-sidhuvud"
    page.keyboard.type("belysning")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/sok/?q=belysning")

    expect(page.get_by_role("heading", name="Platser: 1 träff")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)

    more = page.get_by_role("link", name="Visa fler åtgärder (7 träffar)")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=belysning&typ=atgarder")
    assert page.locator("main h3").count() == 7
    assert_no_axe_violations(page)
    _fits_the_phone(page)

    link = page.get_by_role("link", name="Belysning längs gångvägen, etapp 0")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/atgarder/belysning-0/")


@pytest.mark.parametrize(
    ("query", "text"),
    [("", "Skriv vad du letar efter"), ("zyxkvarn", "Inga träffar")],
)
def test_empty_and_fruitless_searches_pass_axe_on_a_phone(page, live_server, query, text):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sok/?q={query}")

    expect(page.get_by_text(text).first).to_be_visible()
    expect(page.get_by_role("search").get_by_label("Sök", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)
