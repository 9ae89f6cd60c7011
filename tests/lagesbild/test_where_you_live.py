""" "Där du bor": /omraden/ lists every area with its public measures and places, an area's page shows
everything done there (public measures with progress, published medborgarlöften and follow-ups, places,
survey figures), the home page leads there in two clicks, and nothing internal or unapproved ever shows.
The cycles sections come through the area pages' panels (trygg.dashboard), so lagesbild stays below."""

import re

import pytest

from cycles.models import FollowUpStatus, MeasureStatus, PlanStatus, PromiseStatus
from tests.cycles.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    PromiseLineFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import AreaFactory, PlaceFactory
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

SECRETS = [
    "INTERN-ÅTGÄRD",
    "REMISS-ÅTGÄRD",
    "OGODKÄND-UPPFÖLJNING",
    "INTERN-UPPFÖLJNING",
    "UPPFÖLJNING-AV-INTERN-ÅTGÄRD",
    "UTKAST-LÖFTE",
    "INTERNT-LÖFTE",
]


def approved_followup(**kwargs):
    kwargs.setdefault("status", FollowUpStatus.APPROVED)
    kwargs.setdefault("visibility", PUBLIC)
    return FollowUpFactory(**kwargs)


def promise_for(area, **kwargs):
    kwargs.setdefault("status", PromiseStatus.PUBLISHED)
    kwargs.setdefault("visibility", PUBLIC)
    promise = CitizenPromiseFactory(**kwargs)
    promise.area_links.set([area])
    return promise


@pytest.fixture
def ryd():
    """Ryd with what a resident may see there, and everything that must never show; Konga beside it."""
    ryd = AreaFactory(name="Ryd", slug="ryd")
    konga = AreaFactory(name="Konga", slug="konga")
    PlaceFactory(name="Ryds torg", slug="ryds-torg", area=ryd)
    PlaceFactory(name="Konga skola", slug="konga-skola", area=konga)
    plan = running_plan()
    lights = public_measure(plan=plan, title="Belysning vid Ryds torg", progress=40)
    watch = public_measure(plan=plan, title="Grannsamverkan i Ryd", status=MeasureStatus.PLANNED, progress=0)
    internal = public_measure(plan=plan, title="INTERN-ÅTGÄRD", visibility=INTERNAL)
    draft = public_measure(
        plan=ActionPlanFactory(status=PlanStatus.CONSULTATION, visibility=PUBLIC), title="REMISS-ÅTGÄRD"
    )
    elsewhere = public_measure(plan=plan, title="Fritidsgård i Konga")
    for measure in (lights, watch, internal, draft):
        measure.areas.set([ryd])
    elsewhere.areas.set([konga])
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    earlier = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2024")
    approved_followup(period=period, measure=lights, public_summary="Lamporna lyser sedan i våras.")
    approved_followup(
        period=earlier, measure=lights, visibility=INTERNAL, public_summary="INTERN-UPPFÖLJNING"
    )
    FollowUpFactory(
        period=period, measure=watch, status=FollowUpStatus.SUBMITTED, visibility=PUBLIC,
        public_summary="OGODKÄND-UPPFÖLJNING",
    )  # fmt: skip
    approved_followup(period=period, measure=internal, public_summary="UPPFÖLJNING-AV-INTERN-ÅTGÄRD")
    promise = promise_for(ryd, title="Medborgarlöfte för Ryd")
    PromiseLineFactory(promise=promise, text="Polisen är på torget varje fredag.")
    promise_for(ryd, title="UTKAST-LÖFTE", status=PromiseStatus.DRAFT)
    promise_for(ryd, title="INTERNT-LÖFTE", visibility=INTERNAL)
    promise_for(konga, title="Medborgarlöfte för Konga")
    return ryd


def test_area_page_shows_everything_done_in_the_area(client, ryd):
    html = client.get("/omraden/ryd/").content.decode()

    assert re.search(r'<a href="/atgarder/[^"]+/">Belysning vid Ryds torg</a>', html)
    assert "pågår, 40 % klart" in html
    assert "Grannsamverkan i Ryd" in html
    assert "Medborgarlöfte för Ryd (2025)" in html
    assert "Polisen är på torget varje fredag." in html
    assert "Lamporna lyser sedan i våras." in html
    assert "Ryds torg" in html
    for elsewhere in ("Fritidsgård i Konga", "Medborgarlöfte för Konga", "Konga skola"):
        assert elsewhere not in html


def test_area_page_sections_come_from_public_querysets_only(client, ryd):
    response = client.get("/omraden/ryd/")

    sections = {panel.key: ctx for panel, ctx in response.context["sections"]}
    assert [m.title for m in sections["area-measures"]["measures"]] == [
        "Belysning vid Ryds torg",
        "Grannsamverkan i Ryd",
    ]
    assert [p.title for p in sections["area-promises"]["promises"]] == ["Medborgarlöfte för Ryd"]
    assert [f.public_summary for f in sections["area-followups"]["followups"]] == [
        "Lamporna lyser sedan i våras."
    ]


@pytest.mark.parametrize("url", ["/omraden/", "/omraden/ryd/", "/"])
def test_where_you_live_pages_never_show_internal_or_unapproved_material(client, ryd, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert [s for s in SECRETS if s in html] == []


def test_area_without_anything_public_shows_only_the_follow_form(client, db):
    """No empty measure, promise or follow-up sections; following an area before anything happens there
    is still useful, so its e-mail form stays."""
    AreaFactory(name="Älmhult", slug="almhult")

    response = client.get("/omraden/almhult/")

    assert [panel.key for panel, _value in response.context["sections"]] == ["area-follow"]


def test_area_index_lists_every_area_with_public_measures_and_places(client, ryd):
    response = client.get("/omraden/")

    rows = [
        (area.name, area.place_count, [value for _panel, value in cells])
        for area, cells in response.context["rows"]
    ]
    assert rows == [("Konga", 1, [1]), ("Ryd", 1, [2])]
    html = response.content.decode()
    assert '<a href="/atgarder/?omrade=ryd">2 åtgärder<span class="visually-hidden"> i Ryd</span></a>' in html
    assert "1 plats" in html


def test_two_clicks_from_home_to_what_is_done_in_ryd(client, ryd):
    home = client.get("/").content.decode()
    # Click 1: "Områden" in the menu (or the area straight from "Där du bor" on the home page).
    assert re.search(r'<a [^>]*href="/omraden/"[^>]*>Områden</a>', home)
    assert '<a href="/omraden/ryd/">Ryd</a>' in home
    index = client.get("/omraden/").content.decode()
    # Click 2: Ryd in the list of areas.
    assert '<a href="/omraden/ryd/">Ryd</a>' in index
    area = client.get("/omraden/ryd/").content.decode()
    assert "Belysning vid Ryds torg" in area


def _area_with_measures(count):
    area = AreaFactory(name="Ryd", slug="ryd")
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    promise = promise_for(area)
    for n in range(count):
        measure = public_measure(plan=plan)
        measure.areas.set([area])
        PlaceFactory(area=area)
        approved_followup(period=period, measure=measure, public_summary=f"Sammanfattning {n}")
        PromiseLineFactory(promise=promise)
        promise_for(area)
        AreaFactory()


@pytest.mark.parametrize("count", [1, 5])
def test_area_page_query_count_is_constant(client, count, django_assert_num_queries):
    _area_with_measures(count)
    client.get("/omraden/ryd/")  # the municipality settings row is created on first use
    pagecache.bump()  # count a render, not the cached page
    with django_assert_num_queries(9):
        response = client.get("/omraden/ryd/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_area_index_query_count_is_constant(client, count, django_assert_num_queries):
    _area_with_measures(count)
    client.get("/omraden/")
    pagecache.bump()
    with django_assert_num_queries(4):
        response = client.get("/omraden/")
    assert response.status_code == 200
