"""/karta/ in headless chromium on a phone-sized screen: the map passes axe, fits the screen, and a
resident reaches a point with Tab and opens its page with Enter, with no JavaScript of ours involved."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import public_measure
from tests.lagesbild.factories import AreaFactory, PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _data():
    ryd = AreaFactory(name="Ryd", slug="ryd", latitude=Decimal("56.46620"), longitude=Decimal("14.69270"))
    konga = AreaFactory(
        name="Konga", slug="konga", latitude=Decimal("56.49300"), longitude=Decimal("15.11800")
    )
    torget = PlaceFactory(
        name="Ryds torg",
        slug="ryds-torg",
        area=ryd,
        latitude=Decimal("56.46600"),
        longitude=Decimal("14.69300"),
    )
    PlaceFactory(name="Kongas hållplats", slug="kongas-hallplats", area=konga)
    for n in range(3):
        measure = public_measure(title=f"Belysning i Ryd, etapp {n}", slug=f"belysning-{n}")
        measure.areas.set([ryd])
        if n == 0:
            measure.places.set([torget])


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_map_passes_axe_and_fits_a_phone(page, live_server):
    _data()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/karta/")

    expect(page.get_by_role("link", name="Ryd, område: 3 åtgärder")).to_be_visible()
    expect(page.get_by_role("table", name="Områden och platser på kartan")).to_be_visible()
    svg = page.locator("figure.trygg-map svg").bounding_box()
    assert 300 < svg["width"] <= PHONE["width"]
    assert_no_axe_violations(page)
    _fits_the_phone(page)

    page.goto(live_server.url + "/karta/?typ=social")  # nothing matches: every point muted
    expect(page.get_by_role("link", name="Ryd, område: inga åtgärder")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_resident_tabs_to_a_point_on_the_map_and_opens_it(page, live_server):
    _data()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/karta/")

    names = []
    for _ in range(40):  # from the top: skip link, header, menu, the filters, then the map's points
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        if name:
            names.append(name)
        if name == "Ryds torg, plats i Ryd: 1 åtgärd":
            break
    assert names == [
        "Konga, område: inga åtgärder",
        "Ryd, område: 3 åtgärder",
        "Ryds torg, plats i Ryd: 1 åtgärd",
    ]
    # The focused point is visibly marked: its focus ring is painted.
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.map-focus')).stroke")
    assert ring not in ("none", "")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/omraden/ryd/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ryd"
