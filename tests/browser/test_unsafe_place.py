"""A resident reports a dark path from a phone (390 × 844) with the keyboard alone: the form passes axe,
before and after an error, no cookie is set, and the published report is on the place's page; a
coordinator publishes a flagged report from a phone."""

import pytest
from playwright.sync_api import expect

from lagesbild.models import UnsafePlaceReport, UnsafePlaceStatus
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.lagesbild.factories import AreaFactory, PlaceFactory, UnsafePlaceReportFactory
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_report_form_on_a_phone_passes_axe_with_and_without_errors(page, live_server):
    PlaceFactory(name="Folkets park", area=AreaFactory(name="Tingsryd"))
    page.goto(live_server.url + "/rapportera/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera en otrygg plats")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Skicka rapporten").click()

    expect(page.get_by_role("alert")).to_contain_text("Något behöver rättas innan du kan skicka")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []


def test_resident_reports_a_dark_path_with_the_keyboard_alone(page, live_server):
    place = PlaceFactory(name="Folkets park", slug="folkets-park", area=AreaFactory(name="Tingsryd"))
    page.goto(live_server.url + "/rapportera/")

    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")  # the first choice, "Dålig belysning"
    tab_to(page, "#id_address")
    page.keyboard.type("Gångvägen bakom Folkets park")
    tab_to(page, "#id_description")
    page.keyboard.type("Helt mörkt efter klockan fem, lampan vid bron är trasig.")
    tab_to(page, "#id_email")
    page.keyboard.type("anna@example.org")
    tab_to(page, "form[enctype] button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din rapport")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []
    report = UnsafePlaceReport.objects.get()
    assert (report.category, report.address, report.email, report.status) == (
        "belysning",
        "Gångvägen bakom Folkets park",
        "anna@example.org",
        UnsafePlaceStatus.NEW,
    )

    UnsafePlaceReportFactory(place=place, published=True, public_text="Gångvägen i parken är mörk.")
    page.goto(live_server.url + "/platser/folkets-park/")
    expect(page.get_by_role("heading", name="Rapporter från invånare")).to_be_visible()
    expect(page.get_by_text("Gångvägen i parken är mörk.")).to_be_visible()
    assert_no_axe_violations(page)


def test_coordinator_publishes_a_flagged_report_on_a_phone(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    place = PlaceFactory(name="Folkets park", slug="folkets-park", area=AreaFactory(name="Tingsryd"))
    report = UnsafePlaceReportFactory(
        place=place, description="Mörkt i parken, där står Kalle Svensson varje kväll. Ring 070-123 45 67."
    )
    log_in(page, live_server, "sara")

    page.goto(live_server.url + "/arbete/trygghetsrapporter/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Rapport {report.pk}").click()
    expect(page.get_by_text("Texten kan innehålla personuppgifter:")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Text som visas offentligt").fill("Gångvägen i parken är mörk på kvällen.")
    page.get_by_role("button", name="Publicera rapporten").click()

    expect(page.get_by_text("Rapporten är publicerad.")).to_be_visible()
    report.refresh_from_db()
    assert (report.status, report.public_text) == ("publicerad", "Gångvägen i parken är mörk på kvällen.")
    page.goto(live_server.url + "/arbete/trygghetsrapporter/siffror/")
    assert_no_axe_violations(page)
    page.goto(live_server.url + f"/arbete/trygghetsrapporter/{report.pk}/avvisa/")
    assert_no_axe_violations(page)


def test_coordinator_turns_two_reports_into_a_problem_on_a_phone(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    park = PlaceFactory(name="Folkets park", area=AreaFactory(name="Tingsryd"))
    first = UnsafePlaceReportFactory(place=park)
    second = UnsafePlaceReportFactory(place=park)
    UnsafePlaceReportFactory(place=park)  # not chosen
    log_in(page, live_server, "sara")
    page.goto(live_server.url + "/arbete/trygghetsrapporter/")

    page.get_by_label(f"Välj rapport {first.pk}", exact=True).check()
    page.get_by_label(f"Välj rapport {second.pk}", exact=True).check()
    page.get_by_role("button", name="Skapa ett problem av de valda").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Skapa ett problem av rapporterna")
    expect(page.get_by_label("Rubrik")).to_have_value("Dålig belysning: Folkets park")
    expect(page.get_by_label("Intern")).to_be_checked()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Skapa problemet och koppla rapporterna").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Problem och fokusområden")
    expect(page.get_by_role("heading", name="Dålig belysning: Folkets park")).to_be_visible()
    linked = set(UnsafePlaceReport.objects.filter(problem__isnull=False).values_list("pk", flat=True))
    assert linked == {first.pk, second.pk}
