"""/oversikt/ ("Så går arbetet") in headless chromium: axe finds nothing at a phone's width (390 × 844) or
on a desktop (1280), the page never scrolls sideways even with long names, and a resident goes from a
row of a table to the same measures on /atgarder/ with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from cycles.models import Assessment, FollowUpStatus, MeasureStatus
from tests.actors.factories import ActorFactory
from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    published_report,
    running_plan,
)
from tests.lagesbild.factories import AreaFactory, ProblemFactory
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_ACTOR = "Räddningstjänsten Östra Kronoberg och Kommunledningsförvaltningens säkerhetsenhet"
LONG_FOCUS = "Otrygghet och skadegörelse kring torget och busstationen i Tingsryd kvällstid och helger"


def _data():
    plan = running_plan(title="Åtgärdsplan 2025–2027")
    area = AreaFactory(name="Väckelsång", slug="vackelsang")
    focus = ProblemFactory(title=LONG_FOCUS, prioritised=True, priority=1, visibility=Visibility.PUBLIC)
    actors = [ActorFactory(name=LONG_ACTOR), ActorFactory(name="Polisen LPO Nybro")]
    statuses = [MeasureStatus.ONGOING] * 3 + [MeasureStatus.DONE, MeasureStatus.DELAYED]
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    for n, status in enumerate(statuses):
        measure = MeasureFactory(
            plan=plan, status=status, visibility=Visibility.PUBLIC, lead_actor=actors[n % 2]
        )
        if n % 2:
            measure.areas.set([area])
            measure.problems.set([focus])
        FollowUpFactory(
            period=period,
            measure=measure,
            assessment=[Assessment.GREEN, Assessment.YELLOW, Assessment.RED][n % 3],
            status=FollowUpStatus.APPROVED,
            visibility=Visibility.PUBLIC,
            public_summary="Det gick enligt planen.",
        )
    published_report(FollowUpReportFactory(period=period))


@pytest.mark.parametrize("width", [390, 1280])
def test_overview_passes_axe_and_fits_the_screen(page, live_server, width):
    _data()
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + "/oversikt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Så går arbetet")
    expect(
        page.get_by_role("img", name="Diagram: Åtgärder efter status, antal. Siffrorna finns i tabellen.")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)


def test_empty_overview_passes_axe(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/oversikt/")
    expect(page.get_by_text("Det finns inga publicerade åtgärder ännu.")).to_be_visible()
    assert page.locator("svg.trygg-barchart").count() == 0
    assert_no_axe_violations(page)


def test_keyboard_goes_from_a_table_row_to_the_same_measures(page, live_server):
    _data()
    page.goto(live_server.url + "/oversikt/")
    link = page.get_by_role("link", name="Pågår: visa 3 åtgärder")
    for _ in range(60):  # Tab until the row's link has focus, as someone without a mouse would
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("The row's link cannot be reached with Tab.")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/atgarder/?status=ongoing")
    expect(page.get_by_role("heading", level=2, name="3 åtgärder")).to_be_visible()
