"""Following Ryd by e-mail in headless chromium on a phone-sized screen: /folj/ and an area's page
with the "Följ" form pass axe without sideways scrolling, and a resident reaches the form, types an
address and sends it with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from cycles.models import Subscription
from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import public_measure
from tests.lagesbild.factories import AreaFactory, PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _ryd():
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(name="Rydsparken", slug="rydsparken", area=area)
    measure = public_measure(title="Belysning i Rydsparken", slug="belysning-ryd")
    measure.areas.add(area)
    return area


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", ["/folj/", "/omraden/ryd/", "/atgarder/belysning-ryd/"])
def test_the_pages_with_the_follow_form_pass_axe_on_a_phone(page, live_server, path):
    _ryd()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)

    expect(page.get_by_label("Din e-postadress", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)


def test_a_resident_follows_ryd_with_the_keyboard_alone(page, live_server):
    area = _ryd()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/omraden/ryd/")

    for _ in range(80):  # Tab from the top of the page to the form's e-mail field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "folj-email":
            break
    assert page.evaluate("document.activeElement.id") == "folj-email"
    page.keyboard.type("anna@example.se")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/folj/skickat/")

    assert page.get_by_role("heading", level=1).inner_text() == "Kolla din e-post"
    assert_no_axe_violations(page)
    _fits_the_phone(page)
    subscription = Subscription.objects.get()
    assert (subscription.subscriber.email, subscription.area, subscription.confirmed_at) == (
        "anna@example.se",
        area,
        None,
    )


def test_a_bad_address_is_shown_with_its_error_on_a_phone(page, live_server):
    _ryd()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/omraden/ryd/")

    page.get_by_label("Din e-postadress", exact=True).fill("anna@exempel")
    page.get_by_role("button", name="Följ").click()

    field = page.get_by_label("Din e-postadress", exact=True)
    assert field.input_value() == "anna@exempel"
    assert field.get_attribute("aria-invalid") == "true"
    expect(page.get_by_text("Skriv e-postadressen så här: namn@exempel.se").first).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)
