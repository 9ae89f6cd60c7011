"""A coordinator handles a resident's accessibility feedback from a phone (390 × 844) with the keyboard
alone: from the dashboard panel to the queue, takes the case, answers the reporter and closes it after
the confirmation page; every page passes axe and none is wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.trygg.factories import AccessibilityFeedbackFactory, UserFactory
from trygg.models import AccessibilityAnswer, AccessibilityFeedbackStatus
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def check_page(page) -> None:
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_coordinator_answers_and_closes_a_case_with_the_keyboard_on_a_phone(page, live_server):
    UserFactory(username="sara", first_name="Sara", last_name="Samordnare", roles=[Role.COORDINATOR])
    feedback = AccessibilityFeedbackFactory(
        description="Menyn går inte att öppna med tangentbordet.",
        page_url="/karta/",
        email="anna@example.org",
    )
    log_in(page, live_server, "sara")
    expect(page.get_by_text("Synpunkter om tillgänglighet (1 ny)")).to_be_visible()
    check_page(page)

    tab_to(page, 'a[href="/arbete/tillganglighet/"]:not(.nav-link)')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Synpunkter om tillgänglighet")
    check_page(page)

    tab_to(page, f'a[href="/arbete/tillganglighet/{feedback.pk}/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Synpunkt {feedback.pk}")
    check_page(page)

    tab_to(page, "form[action$='/ta/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ärendet är nu ditt.")).to_be_visible()

    # An empty answer: the error is announced and tied to the field, and the page still passes axe.
    tab_to(page, "form[action$='/svara/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Skriv svaret.")
    check_page(page)

    tab_to(page, "#id_svar-text")
    page.keyboard.type("Tack! Vi har rättat menyn, nu går den att öppna med Enter.")
    tab_to(page, "form[action$='/svara/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Svaret är sparat och skickas med e-post")).to_be_visible()
    expect(page.get_by_text("Svar skickat till invånaren")).to_be_visible()
    check_page(page)
    feedback.refresh_from_db()
    assert feedback.status == AccessibilityFeedbackStatus.ANSWERED
    assert AccessibilityAnswer.objects.get().sent_to_reporter

    tab_to(page, f'a[href="/arbete/tillganglighet/{feedback.pk}/stang/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stäng ärendet")
    check_page(page)
    tab_to(page, "form button[type=submit].btn-danger")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Ärendet är stängt.")).to_be_visible()
    check_page(page)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.email) == (AccessibilityFeedbackStatus.CLOSED, "")


def test_statement_with_the_review_date_passes_axe_on_a_phone(page, live_server):
    page.goto(live_server.url + "/tillganglighet/")
    expect(page.get_by_role("heading", name="Så hanterar vi din synpunkt")).to_be_visible()
    check_page(page)
