"""A resident sends feedback on a measure from a phone (390 × 844) with the keyboard alone: the measure
page with the form and the thank-you page pass axe, before and after an error, no cookie is set, and
the published feedback with its answer is on the measure's page; a coordinator handles it on a phone."""

import pytest
from playwright.sync_api import expect

from cycles.models import FeedbackStatus, MeasureFeedback
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import MeasureFeedbackFactory, public_measure
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_measure_page_with_the_form_passes_axe_with_and_without_errors(page, live_server):
    measure = public_measure(slug="belysning", title="Bättre belysning i parken")
    MeasureFeedbackFactory(
        measure=measure,
        published=True,
        public_text="Lamporna är släckta.",
        answer="Vi byter dem.",
        answer_public=True,
    )
    page.goto(live_server.url + measure.get_absolute_url())
    expect(page.get_by_role("heading", name="Har du synpunkter på åtgärden?")).to_be_visible()
    expect(page.get_by_role("heading", name="Synpunkter från invånare")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Skicka synpunkten").click()

    expect(page.get_by_role("alert")).to_contain_text("Något behöver rättas innan du kan skicka")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.context.cookies() == []


def test_resident_sends_feedback_with_the_keyboard_alone(page, live_server):
    measure = public_measure(slug="belysning", title="Bättre belysning i parken")
    page.goto(live_server.url + measure.get_absolute_url())

    tab_to(page, "#synpunkt-text")
    page.keyboard.type("Bra! Men lamporna vid lekplatsen är fortfarande släckta.")
    tab_to(page, "#synpunkt-email")
    page.keyboard.type("anna@example.org")
    tab_to(page, "form.feedback-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din synpunkt")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.context.cookies() == []
    feedback = MeasureFeedback.objects.get()
    assert (feedback.measure, feedback.email, feedback.status) == (
        measure,
        "anna@example.org",
        FeedbackStatus.NEW,
    )


def test_coordinator_publishes_and_answers_on_a_phone(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    feedback = MeasureFeedbackFactory(
        text="Prata med Anders Lind, ring 070-123 45 67.", email="anna@example.org"
    )
    log_in(page, live_server, "sara")

    page.goto(live_server.url + "/arbete/synpunkter/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Synpunkt {feedback.pk}").click()
    expect(page.get_by_text("Texten kan innehålla personuppgifter:")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Text som visas offentligt").fill("Lamporna vid lekplatsen är släckta.")
    page.get_by_role("button", name="Publicera synpunkten").click()
    expect(page.get_by_text("Synpunkten är publicerad.", exact=True)).to_be_visible()
    page.locator("#id_svar-answer").fill("Vi byter dem i vecka 12.")
    page.get_by_label("Visa svaret offentligt med synpunkten").check()
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Svaret är sparat.", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(live_server.url + f"/arbete/synpunkter/{feedback.pk}/avvisa/")
    assert_no_axe_violations(page)
    page.goto(live_server.url + feedback.measure.get_absolute_url())
    expect(page.locator("section[aria-labelledby=synpunkter]")).to_contain_text(
        "Svar: Vi byter dem i vecka 12."
    )
