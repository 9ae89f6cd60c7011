"""Journeys in headless chromium: the base pages pass axe, and sign-in works with the keyboard alone."""

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser]

PASSWORD = "ett-bra-losenord-2026"


@pytest.mark.parametrize(
    "path", ["/", "/tillganglighet/", "/personuppgifter/", "/konto/logga-in/", "/finns-inte/"]
)
def test_public_page_has_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_login_with_keyboard_only_reaches_accessible_workspace(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    page.goto(live_server.url + "/konto/logga-in/")

    # The sign-in page puts the focus in the username field, so the keyboard user can type at once.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("sara")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(live_server.url + "/arbete/")
    assert page.locator("h1").inner_text() == "Arbetsyta"
    assert_no_axe_violations(page)


def test_failed_login_shows_error_summary_that_passes_axe(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()

    assert "Fel användarnamn eller lösenord" in page.locator(".alert-danger").inner_text()
    assert page.get_by_label("Användarnamn").input_value() == "sara"
    assert_no_axe_violations(page)


def test_accessibility_feedback_form_errors_pass_axe(page, live_server):
    page.goto(live_server.url + "/tillganglighet/")
    page.get_by_role("button", name="Skicka synpunkten").click()
    assert "Beskriv vad som inte fungerar." in page.content()
    assert_no_axe_violations(page)


def test_focus_is_visible_on_links(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"
