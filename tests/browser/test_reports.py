"""Journeys in headless chromium for follow-up reports: a coordinator, with the keyboard alone, reads what
is missing, confirms and sends a report to the styrgrupp, and registers the styrgrupp's decision; the
workspace detail, the public list and the public report pass axe."""

import pytest
from playwright.sync_api import expect

from cycles.models import Assessment, FollowUpStatus
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpReportFactory,
    all_steps,
    decision,
    period_with_measures,
    public_measure,
    published_report,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _press(page, locator):
    """Move the keyboard focus to a control and press Enter, as a keyboard user does after tabbing."""
    locator.focus()
    expect(locator).to_be_focused()
    page.keyboard.press("Enter")


def _period_with_follow_ups():
    all_steps()
    period = period_with_measures(2)
    for n, measure in enumerate(period.measures().order_by("title")):
        FollowUpFactory(
            period=period,
            measure=measure,
            status=FollowUpStatus.APPROVED,
            visibility=Visibility.PUBLIC,
            public_summary=f"Åtgärd {n + 1} är genomförd och följs upp igen nästa år.",
            assessment=Assessment.GREEN if n == 0 else Assessment.YELLOW,
        )
    return period


def test_coordinator_finalises_and_registers_the_steering_decision_with_the_keyboard(
    page, live_server, tmp_path
):
    period = _period_with_follow_ups()
    missing = public_measure(plan=period.cycle.action_plans.get(), title="Åtgärd utan uppföljning")
    report = FollowUpReportFactory(period=period, title="Uppföljning 2025", diary_number="")
    steering = decision(days_after=5, paragraph="SG § 11", diary_number="KS 2025/40")
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    log_in(page, live_server, "sara")
    menu = page.get_by_role("navigation", name="Arbetsytans meny")
    _press(page, menu.get_by_role("link", name="Uppföljningsrapporter"))
    page.wait_for_url(live_server.url + "/arbete/rapporter/")
    assert_no_axe_violations(page)
    _press(page, page.get_by_role("link", name="Uppföljning 2025"))
    page.wait_for_url(f"{live_server.url}/arbete/rapporter/{report.pk}/")
    assert_no_axe_violations(page)

    _press(page, page.get_by_role("link", name="Överlämna till styrgruppen"))
    expect(page.get_by_text("Innehållet fryses från och med nu.")).to_be_visible()
    missing_list = page.get_by_role("region", name="Det här saknas i rapporten")
    expect(missing_list).to_contain_text("1 åtgärd har ingen inlämnad uppföljning")
    expect(missing_list).to_contain_text(missing.title)
    assert_no_axe_violations(page)
    send = page.get_by_role("button", name="Ja, överlämna till styrgruppen")
    _press(page, send)  # without confirming what is missing: the form asks for it
    expect(page.get_by_role("alert")).to_contain_text("Kryssa i rutan")
    confirm = page.get_by_label("Jag vet att 1 av 3 åtgärder saknar en godkänd uppföljning med bedömning")
    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    assert_no_axe_violations(page)
    _press(page, send)
    page.wait_for_url(f"{live_server.url}/arbete/rapporter/{report.pk}/")
    expect(page.get_by_text("När rapporten överlämnades till styrgruppen saknades:")).to_be_visible()
    expect(page.get_by_text("Innehållet är fryst och kan inte ändras längre.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra", exact=True)).to_have_count(0)

    _press(page, page.get_by_role("link", name="Registrera beslut och gå vidare"))
    button = page.get_by_role("button", name="Registrera beslutet och flytta till ”Hos kommunstyrelsen”")
    _press(page, button)  # without a decision first: the form says which one is missing
    expect(page.get_by_role("alert")).to_contain_text("Ange styrgruppens beslut")
    assert_no_axe_violations(page)
    select = page.get_by_label("Styrgruppens beslut")
    select.focus()
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value(str(steering.pk))
    _press(page, button)
    page.wait_for_url(f"{live_server.url}/arbete/rapporter/{report.pk}/")
    expect(page.get_by_text("Beslutet är registrerat.")).to_be_visible()
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("Hos kommunstyrelsen")
    expect(page.locator("li.list-group-item", has_text="Hos styrgruppen")).to_contain_text("SG § 11")
    # The report itself says what happened: the styrgrupp's decision, not "fastställd".
    expect(page.get_by_role("definition").filter(has_text="SG § 11,")).to_be_visible()
    assert_no_axe_violations(page)
    page.screenshot(path=tmp_path / "workspace-detail.png", full_page=True)


def test_public_list_and_report_pass_axe(page, live_server, tmp_path):
    period = _period_with_follow_ups()
    report = FollowUpReportFactory(
        period=period,
        title="Uppföljning av det brottsförebyggande arbetet 2025",
        introduction="Under 2025 har kommunen och polisen arbetat med två åtgärder i centrum.",
        conclusions="Belysningen har gett effekt. Fritidsgården behöver fler kvällar.",
    )
    published_report(report)

    page.goto(live_server.url + "/uppfoljning/")
    expect(page.get_by_role("heading", level=1, name="Uppföljning")).to_be_visible()
    expect(
        page.get_by_role("link", name="Ladda ner som PDF Uppföljning av det brottsförebyggande arbetet 2025")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.screenshot(path=tmp_path / "public-list.png", full_page=True)

    page.get_by_role("link", name="Läs rapporten Uppföljning av det brottsförebyggande arbetet 2025").click()
    page.wait_for_url(f"{live_server.url}/uppfoljning/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uppföljning av det brottsförebyggande arbetet 2025"
    )
    assert_no_axe_violations(page)
    page.screenshot(path=tmp_path / "public-report.png", full_page=True)
