"""/platser/, /platser/<slug>/, /omraden/ and /omraden/<slug>/: places by area with their public history
only, links to the area pages, and a query count that does not grow with the rows.

"Där du bor": /omraden/ lists every area with its public measures and places, an area's page shows
everything done there (public measures with progress, published medborgarlöften and follow-ups, places,
survey figures), the home page leads there in two clicks, and nothing internal or unapproved ever shows.
The cycles sections come through the area pages' panels (trygg.dashboard), so lagesbild stays below."""

import datetime
import re

import pytest

from cycles.models import FollowUpStatus, MeasureStatus, PlanStatus, PromiseStatus
from tests.actors.factories import DecisionFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    PromiseLineFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import (
    AreaFactory,
    DialogueFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
    UnsafePlaceReportFactory,
)
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/platser/", "/platser/torget/"])
def test_place_pages_never_show_internal_material(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert [s for s in hidden["secrets"] if s in html] == []


def test_place_list_groups_places_by_area_with_public_counts(client, hidden):
    place = PlaceFactory(name="Folkets park", area=AreaFactory(name="Ryd"))
    ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
    ObservationFactory(place=place)  # internal dialogue: not counted
    response = client.get("/platser/")
    places = {p.name: p for p in response.context["places"]}
    assert (places["Folkets park"].observation_count, places["Folkets park"].problem_count) == (1, 0)
    assert (places["Torget"].observation_count, places["Torget"].problem_count) == (0, 0)


def test_place_page_shows_its_public_history(client, hidden):
    place = hidden["place"]
    report = SituationReportFactory(
        public=True, decision=DecisionFactory(paragraph="KS § 23", visibility=Visibility.PUBLIC)
    )
    problem = ProblemFactory(visibility=Visibility.PUBLIC, title="Skadegörelse på torget")
    problem.places.add(place)
    problem.reports.add(report, hidden["reports"][2])
    dialogue = DialogueFactory(visibility=Visibility.PUBLIC, held_on=datetime.date(2024, 11, 5))
    ObservationFactory(dialogue=dialogue, place=place, note="Skräp vid bänkarna.")
    response = client.get("/platser/torget/")
    html = response.content.decode()
    assert response.context["problems"] == [problem]
    assert [o.note for o in response.context["observations"]] == ["Skräp vid bänkarna."]
    for text in ("Skadegörelse på torget", "KS § 23", "Skräp vid bänkarna.", "2024-11-05"):
        assert text in html
    assert list(response.context["problems"][0].reports.all()) == [report]


def test_unknown_place_answers_404(client, db):
    assert client.get("/platser/finns-inte/").status_code == 404


def test_place_list_is_paginated(client, db):
    area = AreaFactory()
    PlaceFactory.create_batch(30, area=area)
    first = client.get("/platser/")
    second = client.get("/platser/?page=2")
    assert (len(first.context["places"]), len(second.context["places"])) == (25, 5)
    assert "Sida 1 av 2 (30 träffar)" in first.content.decode()


def test_place_list_links_to_area_pages(client):
    PlaceFactory(area=AreaFactory(name="Konga", slug="konga"))
    assert 'href="/omraden/konga/"' in client.get("/platser/").content.decode()


def test_unknown_area_answers_404(client, db):
    assert client.get("/omraden/finns-inte/").status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_place_list_query_count_is_constant(client, count, django_assert_num_queries):
    for _ in range(count):
        place = PlaceFactory()
        ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
    with django_assert_num_queries(11):
        response = client.get("/platser/")
    assert len(response.context["places"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_place_page_query_count_is_constant(client, count, django_assert_num_queries):
    place = PlaceFactory(slug="torget")
    for _ in range(count):
        problem = ProblemFactory(visibility=Visibility.PUBLIC)
        problem.places.add(place)
        problem.reports.add(SituationReportFactory(public=True))
        ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
        UnsafePlaceReportFactory(place=place, published=True)
    # 11 for the place itself, 1 for the measures section the cycles app adds to place pages and 1 for
    # residents' published reports of the place (the e-mail form needs none)
    with django_assert_num_queries(13):
        response = client.get("/platser/torget/")
    assert len(response.context["observations"]) == count


# --- Där du bor -----------------------------------------------------------------------------------

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
