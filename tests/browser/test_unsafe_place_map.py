"""A point on the map in /rapportera/: with JavaScript the map shows, a click or the keyboard sets the
point ("Vald punkt: ..."), "Ta bort punkten" empties it and the report is sent with it; without
JavaScript the map stays hidden and the form still sends."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lagesbild import geo
from lagesbild.models import UnsafePlaceReport
from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TINGSRYD = (14.97350, 56.52420)  # longitude, latitude


def fill_the_rest(page) -> None:
    page.get_by_label("Dålig belysning").check()
    page.get_by_label("Beskriv vad som känns otryggt").fill("Helt mörkt vid bron efter klockan fem.")


def click_at(page, lon: float, lat: float) -> None:
    """Click the map where (lon, lat) is drawn, through the SVG's own coordinate system."""
    x, y = geo.point_map("0763", width=480).frame.project(lon, lat)
    svg = page.locator("[data-report-map] svg")
    svg.scroll_into_view_if_needed()
    screen = svg.evaluate(
        """(svg, p) => { const pt = svg.createSVGPoint(); pt.x = p[0]; pt.y = p[1];
           const s = pt.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; }""",
        [x, y],
    )
    page.mouse.click(screen[0], screen[1])


def test_resident_clicks_the_map_and_sends_the_report_with_the_point(page, live_server):
    page.goto(live_server.url + "/rapportera/")
    svg = page.locator("[data-report-map] svg")
    expect(svg).to_be_visible()
    expect(page.locator("#vald-punkt")).to_have_text("Ingen punkt vald.")
    expect(page.get_by_role("button", name="Ta bort punkten")).to_be_hidden()

    click_at(page, *TINGSRYD)

    expect(page.locator("#vald-punkt")).to_contain_text("Vald punkt: latitud 56,52")
    expect(page.get_by_role("button", name="Ta bort punkten")).to_be_visible()
    assert_no_axe_violations(page)
    fill_the_rest(page)
    page.get_by_role("button", name="Skicka rapporten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din rapport")
    report = UnsafePlaceReport.objects.get()
    assert report.address == "" and report.place is None
    assert float(report.latitude) == pytest.approx(TINGSRYD[1], abs=0.005)
    assert float(report.longitude) == pytest.approx(TINGSRYD[0], abs=0.005)


def test_keyboard_moves_the_marker_sets_it_with_enter_and_removes_it(page, live_server):
    page.goto(live_server.url + "/rapportera/")
    page.locator("[data-report-map] svg").focus()

    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Enter")

    expect(page.locator("#vald-punkt")).to_contain_text("Vald punkt: latitud ")
    latitude = Decimal(page.locator("#id_latitude").input_value())
    longitude = Decimal(page.locator("#id_longitude").input_value())
    point_map = geo.point_map("0763", width=480)
    centre = point_map.frame.unproject(point_map.frame.width / 2 + 4, point_map.frame.height / 2 - 20)
    assert float(longitude) == pytest.approx(centre[0], abs=0.0001)
    assert float(latitude) == pytest.approx(centre[1], abs=0.0001)

    page.get_by_role("button", name="Ta bort punkten").click()

    expect(page.locator("#vald-punkt")).to_have_text("Ingen punkt vald.")
    assert page.locator("#id_latitude").input_value() == ""
    assert page.locator("#id_longitude").input_value() == ""
    fill_the_rest(page)
    page.get_by_label("Eller skriv var det är").fill("Bron vid ån")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din rapport")
    assert UnsafePlaceReport.objects.get().latitude is None


def test_a_click_outside_the_municipality_sets_nothing(page, live_server):
    page.goto(live_server.url + "/rapportera/")
    svg = page.locator("[data-report-map] svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + 2)  # the padding in the corner, outside the bounds
    expect(page.locator("#vald-punkt")).to_contain_text("utanför kommunen")
    assert page.locator("#id_latitude").input_value() == ""


def test_without_javascript_the_map_is_hidden_and_the_form_sends(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/rapportera/")
        expect(page.locator("[data-report-map]")).to_be_hidden()
        fill_the_rest(page)
        page.get_by_label("Eller skriv var det är").fill("Bron vid ån")
        page.get_by_role("button", name="Skicka rapporten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din rapport")
        assert UnsafePlaceReport.objects.get().latitude is None
    finally:
        context.close()
