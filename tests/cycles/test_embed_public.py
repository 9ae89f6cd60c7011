"""The embeds for the municipality's own website (/inbaddning/): what they show, that nothing unpublished
is shown or counted, that only they may be framed and only by the configured origins, that they set no
cookie and come from the page cache, and a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cycles.models import MeasureStatus, PlanStatus
from tests.cycles.factories import (
    ActionPlanFactory,
    CycleFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    all_steps,
    public_measure,
    published_report,
    running_plan,
    step,
)
from tests.lagesbild.factories import AreaFactory
from trygg import pagecache
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

STATUS = "/inbaddning/lage/"
HEADER = "X-Trygg-Cache"
PUBLIC = Visibility.PUBLIC


def get(url):
    pagecache.bump()
    return Client().get(url)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def world():
    """A period in step 4; a running public plan with three public measures in "Ryd" (two ongoing, one
    done), and everything residents may not see: an internal, a confidential and a draft plan's measure,
    all in Ryd; a published report and an unpublished one."""
    MunicipalitySettings.load()
    all_steps()
    CycleFactory(current_step=step(4))
    ryd = AreaFactory(name="Ryd", slug="ryd")
    plan = running_plan()
    shown = [
        MeasureFactory(
            plan=plan, visibility=PUBLIC, status=MeasureStatus.ONGOING, title="Belysning i parken"
        ),
        MeasureFactory(plan=plan, visibility=PUBLIC, status=MeasureStatus.ONGOING, title="Nattvandring"),
        MeasureFactory(plan=plan, visibility=PUBLIC, status=MeasureStatus.DONE, title="Klippta buskar"),
    ]
    draft_plan = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=PUBLIC)
    hidden = [
        MeasureFactory(
            plan=plan, visibility=Visibility.INTERNAL, status=MeasureStatus.ONGOING, title="Intern sak"
        ),
        MeasureFactory(
            plan=plan, visibility=Visibility.CONFIDENTIAL, status=MeasureStatus.ONGOING, title="Hemlig sak"
        ),
        MeasureFactory(plan=draft_plan, visibility=PUBLIC, status=MeasureStatus.DELAYED, title="Utkastsak"),
    ]
    for measure in shown + hidden:
        measure.areas.set([ryd])
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    published = published_report(FollowUpReportFactory(period=period, title="Uppföljning av arbetet 2025"))
    later = FollowUpPeriodFactory(
        cycle=plan.cycle, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    FollowUpReportFactory(period=later, title="Hemligt rapportutkast")  # newer, but not published
    return {"area": ryd, "shown": shown, "hidden": hidden, "report": published}


def test_the_status_embed_shows_the_step_the_counts_and_the_latest_report(world):
    response = get(STATUS)
    page = text(response)

    assert response.status_code == 200
    assert "Steg 4 av 5: Genomförande" in page
    rows = {row.label: row.count for row in response.context["status"].rows}
    assert rows["Pågår"] == 2 and rows["Genomförd"] == 1 and sum(rows.values()) == 3
    assert response.context["total"] == 3
    report = world["report"]
    assert f'href="/uppfoljning/{report.pk}/" target="_top">Uppföljning av arbetet 2025</a>' in page
    assert report.published_at.date().isoformat() in page


def test_the_embeds_are_small_standalone_pages_without_script_whose_links_leave_the_frame(world):
    for url in (STATUS, "/inbaddning/omraden/ryd/"):
        page = text(get(url))
        assert '<html lang="sv">' in page
        assert "<script" not in page
        assert "site-header" not in page and "<nav" not in page and "<footer" not in page
        assert re.search(r"<h1 class=\"h5[^\"]*\">", page)
        assert "Från " in page and "(öppnar webbplatsen)" in page
        links = re.findall(r"<a [^>]*>", page)
        assert links and all('target="_top"' in link for link in links)
        assert "/static/css/trygg.css" in page


def test_the_area_embed_lists_the_areas_public_measures_with_status_and_progress(world):
    response = get("/inbaddning/omraden/ryd/")
    page = text(response)

    assert response.status_code == 200
    assert "Åtgärder i Ryd" in page
    for measure in world["shown"]:
        assert measure.title in page
    assert "Pågår, 0 % klart" in page
    assert 'href="/atgarder/?omrade=ryd" target="_top"' in page
    assert get("/inbaddning/omraden/finns-inte/").status_code == 404


def test_the_area_embed_shows_the_first_ones_and_links_to_all(world):
    plan = world["shown"][0].plan
    for n in range(10):
        MeasureFactory(plan=plan, visibility=PUBLIC, title=f"Extra {n:02}").areas.set([world["area"]])
    page = text(get("/inbaddning/omraden/ryd/"))
    assert "Visar de 10 första." in page
    assert "Alla åtgärder i Ryd" in page


@pytest.mark.parametrize("url", [STATUS, "/inbaddning/omraden/ryd/"])
def test_nothing_unpublished_is_shown_or_counted(world, url):
    response = get(url)
    page = text(response)
    for measure in world["hidden"]:
        assert measure.title not in page
    assert "Hemligt rapportutkast" not in page
    if url == STATUS:  # the draft plan's measure is the only delayed one
        assert {row.label: row.count for row in response.context["status"].rows}["Försenad"] == 0


def test_an_unpublished_report_and_unapproved_follow_ups_are_not_the_latest_follow_up(db):
    MunicipalitySettings.load()
    period = FollowUpPeriodFactory()
    FollowUpReportFactory(period=period, title="Hemligt rapportutkast")
    FollowUpFactory(period=period)  # a draft, internal follow-up
    page = text(get(STATUS))
    assert "Hemligt rapportutkast" not in page
    assert "Ingen uppföljningsrapport är publicerad ännu." in page


def test_without_a_period_measures_or_reports_the_status_embed_says_so(db):
    page = text(get(STATUS))
    assert "Ingen samverkansperiod pågår just nu." in page
    assert "Det finns inga publicerade åtgärder ännu." in page
    assert "Ingen uppföljningsrapport är publicerad ännu." in page


def test_an_area_without_public_measures_says_so(world):
    AreaFactory(name="Väckelsång", slug="vackelsang")
    assert "Det finns inga publicerade åtgärder i Väckelsång ännu." in text(
        get("/inbaddning/omraden/vackelsang/")
    )


# --- Framing -------------------------------------------------------------------------------------------


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors"))


@pytest.mark.parametrize("url", [STATUS, "/inbaddning/omraden/ryd/"])
def test_by_default_an_embed_may_be_framed_by_this_site_only(world, url):
    response = get(url)
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "frame-ancestors 'self'"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy  # the rest of the site's policy


@pytest.mark.parametrize("url", [STATUS, "/inbaddning/omraden/ryd/"])
def test_the_configured_origins_may_frame_an_embed(world, url, settings):
    settings.TRYGG_EMBED_ORIGINS = ["https://www.tingsryd.se", "https://tingsryd.se"]
    response = get(url)
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "frame-ancestors 'self' https://www.tingsryd.se https://tingsryd.se"


@pytest.mark.parametrize(
    "url", ["/", "/oversikt/", "/atgarder/", "/omraden/ryd/", "/inbaddning/omraden/finns-inte/"]
)
def test_every_other_page_still_refuses_to_be_framed(world, url, settings):
    settings.TRYGG_EMBED_ORIGINS = ["https://www.tingsryd.se"]
    response = get(url)
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert frame_ancestors(response) == "frame-ancestors 'none'"
    assert "tingsryd.se" not in response["Content-Security-Policy"]


# --- Cache, cookies, queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [STATUS, "/inbaddning/omraden/ryd/"])
def test_an_embed_sets_no_cookie_and_comes_from_the_page_cache_the_second_time(world, url, settings):
    settings.TRYGG_EMBED_ORIGINS = ["https://www.tingsryd.se"]
    client = Client()
    pagecache.bump()
    first, second = client.get(url), client.get(url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert not first.cookies and "Set-Cookie" not in first and "Set-Cookie" not in second
    assert second.content == first.content
    assert "X-Frame-Options" not in second
    assert frame_ancestors(second) == frame_ancestors(first)


def test_a_change_is_shown_at_once(world):
    client = Client()
    pagecache.bump()
    assert "Nattvandring" in text(client.get("/inbaddning/omraden/ryd/"))
    measure = world["shown"][1]
    measure.visibility = Visibility.INTERNAL
    measure.save()
    assert "Nattvandring" not in text(client.get("/inbaddning/omraden/ryd/"))


def queries(url) -> int:
    pagecache.bump()
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(url).status_code == 200
    return len(captured)


def test_the_status_embed_runs_the_same_queries_for_one_and_for_many_measures(db):
    MunicipalitySettings.load()
    all_steps()
    CycleFactory(current_step=step(2))
    plan = running_plan()
    public_measure(plan=plan)
    published_report()
    few = queries(STATUS)
    for status in (MeasureStatus.DONE, MeasureStatus.DELAYED, MeasureStatus.PLANNED, MeasureStatus.ONGOING):
        public_measure(plan=plan, status=status)
    assert queries(STATUS) == few <= 7


def test_the_area_embed_runs_the_same_queries_for_one_and_for_five_measures(db):
    MunicipalitySettings.load()
    area = AreaFactory(slug="ryd")
    plan = running_plan()
    public_measure(plan=plan).areas.set([area])
    one = queries("/inbaddning/omraden/ryd/")
    for _n in range(4):
        public_measure(plan=plan).areas.set([area])
    assert queries("/inbaddning/omraden/ryd/") == one <= 4
