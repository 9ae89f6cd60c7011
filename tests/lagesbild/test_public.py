"""/lagesbild/, /lagesbild/<pk>/, /platser/ and /platser/<slug>/: adopted public material only, and a
query count that does not grow with the number of rows."""

import datetime

import pytest

from lagesbild.models import ReportKind, ReportStatus
from lagesbild.services import supersede_report
from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import (
    AreaFactory,
    DialogueFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db):
    """Everything that must never reach a public page, each with a recognisable text."""
    place = PlaceFactory(name="Torget", slug="torget")
    internal_dialogue = DialogueFactory(visibility=Visibility.INTERNAL, summary="HEMLIG-DIALOG")
    ObservationFactory(dialogue=internal_dialogue, place=place, note="HEMLIG-IAKTTAGELSE")
    confidential = DialogueFactory(visibility=Visibility.CONFIDENTIAL, summary="SEKRETESS-DIALOG")
    ObservationFactory(dialogue=confidential, place=place, note="SEKRETESS-IAKTTAGELSE")
    problem = ProblemFactory(
        visibility=Visibility.INTERNAL, title="HEMLIGT-PROBLEM", prioritised=True, priority=1
    )
    problem.places.add(place)
    return {
        "place": place,
        "reports": [
            SituationReportFactory(public_summary="UTKAST-OFFENTLIG", visibility=Visibility.PUBLIC),
            SituationReportFactory(
                public_summary="BEREDNING-OFFENTLIG", status=ReportStatus.REVIEW, visibility=Visibility.PUBLIC
            ),
            SituationReportFactory(adopted=True, public_summary="INTERN-FASTSTALLD"),
            SituationReportFactory(
                adopted=True, kind=ReportKind.POLICE, public_summary="POLISENS-INTERNA", title="POLIS-TITEL"
            ),
            SituationReportFactory(
                adopted=True, visibility=Visibility.CONFIDENTIAL, public_summary="SEKRETESS-RAPPORT"
            ),
        ],
    }


SECRETS = [
    "HEMLIG-DIALOG",
    "HEMLIG-IAKTTAGELSE",
    "SEKRETESS-DIALOG",
    "SEKRETESS-IAKTTAGELSE",
    "HEMLIGT-PROBLEM",
    "UTKAST-OFFENTLIG",
    "BEREDNING-OFFENTLIG",
    "INTERN-FASTSTALLD",
    "POLISENS-INTERNA",
    "POLIS-TITEL",
    "SEKRETESS-RAPPORT",
]


@pytest.mark.parametrize("url", ["/lagesbild/", "/platser/", "/platser/torget/"])
def test_public_pages_never_show_internal_material(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert [s for s in SECRETS if s in html] == []


def test_unpublished_report_pages_answer_404(client, hidden):
    for report in hidden["reports"]:
        assert client.get(f"/lagesbild/{report.pk}/").status_code == 404


def test_adopted_public_report_without_summary_is_not_shown(client):
    report = SituationReportFactory(public=True, public_summary="")
    assert list(client.get("/lagesbild/").context["reports"]) == []
    assert client.get(f"/lagesbild/{report.pk}/").status_code == 404


def test_overview_shows_adopted_public_reports_newest_first_with_decision(client, hidden):
    older = SituationReportFactory(
        public=True,
        title="Lägesbild 2023",
        decision=DecisionFactory(
            paragraph="KS § 12", diary_number="KS 2023/4", decided_on=datetime.date(2023, 3, 1)
        ),
    )
    newer = SituationReportFactory(
        public=True,
        title="Gemensam lägesbild 2025",
        kind=ReportKind.JOINT,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        public_summary="Otryggheten är störst kring torget.",
        decision=DecisionFactory(
            paragraph="KS § 123", diary_number="KS 2025/48", decided_on=datetime.date(2025, 2, 11)
        ),
    )
    response = client.get("/lagesbild/")
    html = response.content.decode()
    assert list(response.context["reports"]) == [newer, older]
    for text in (
        "Otryggheten är störst kring torget.",
        "KS § 123, dnr KS 2025/48",
        "2025-02-11",
        "2024-01-01",
    ):
        assert text in html
    assert "Senast uppdaterad" in html
    assert html.count("<h1") == 1


def test_overview_lists_only_public_focus_areas_in_priority_order(client, hidden):
    area = AreaFactory(name="Ryd")
    second = ProblemFactory(visibility=Visibility.PUBLIC, prioritised=True, priority=2, title="Narkotika")
    first = ProblemFactory(visibility=Visibility.PUBLIC, prioritised=True, priority=1, title="Torget")
    first.areas.add(area)
    ProblemFactory(visibility=Visibility.PUBLIC, prioritised=False, title="Ej prioriterat")
    response = client.get("/lagesbild/")
    assert response.context["focus_areas"] == [first, second]
    assert "Ej prioriterat" not in response.content.decode()


def test_overview_shows_public_dialogues_with_counts_areas_and_findings(client, hidden):
    dialogue = DialogueFactory(
        visibility=Visibility.PUBLIC,
        area=AreaFactory(name="Urshult"),
        held_on=datetime.date(2024, 10, 15),
        residents=14,
        staff=4,
        police=2,
        politicians=0,
        other=1,
    )
    ObservationFactory(dialogue=dialogue, note="Trasig belysning vid busskuren.", proposal="Laga lampan.")
    response = client.get("/lagesbild/")
    html = response.content.decode()
    assert response.context["dialogues"] == [dialogue]
    for text in (
        "Trygghetsvandring i Urshult",
        "2024-10-15",
        "21 deltagare",
        "invånare 14",
        "poliser 2",
        "Trasig belysning vid busskuren.",
        "Laga lampan.",
    ):
        assert text in html
    assert "politiker" not in html


def test_superseded_version_stays_readable_and_points_to_the_new_one(client, coordinator):
    from lagesbild.services import move_report

    old = SituationReportFactory(public=True, title="Lägesbild")
    new = supersede_report(report=old, by=coordinator)
    move_report(report=new, to=ReportStatus.REVIEW, by=coordinator)
    move_report(report=new, to=ReportStatus.ADOPTED, by=coordinator, decision=DecisionFactory())
    assert list(client.get("/lagesbild/").context["reports"]) == [new]
    response = client.get(f"/lagesbild/{old.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ersatt av en nyare" in html
    assert f'href="/lagesbild/{new.pk}/"' in html


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
    report = SituationReportFactory(public=True, decision=DecisionFactory(paragraph="KS § 23"))
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


@pytest.mark.parametrize("count", [1, 5])
def test_overview_query_count_is_constant(client, count, django_assert_num_queries):
    area = AreaFactory()
    for _ in range(count):
        SituationReportFactory(public=True)
        problem = ProblemFactory(visibility=Visibility.PUBLIC, prioritised=True, priority=1)
        problem.areas.add(area)
        problem.places.add(PlaceFactory(area=area))
        dialogue = DialogueFactory(visibility=Visibility.PUBLIC, area=area)
        ObservationFactory.create_batch(2, dialogue=dialogue, place=PlaceFactory(area=area))
    with django_assert_num_queries(18):
        response = client.get("/lagesbild/")
    assert len(response.context["reports"]) == count


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
    # 11 for the place itself, and 1 for the measures section the cycles app adds to place pages
    with django_assert_num_queries(12):
        response = client.get("/platser/torget/")
    assert len(response.context["observations"]) == count


def test_new_version_links_back_to_the_version_it_replaces(client, coordinator):
    from lagesbild.services import move_report

    old = SituationReportFactory(public=True)
    new = supersede_report(report=old, by=coordinator)
    move_report(report=new, to=ReportStatus.REVIEW, by=coordinator)
    move_report(report=new, to=ReportStatus.ADOPTED, by=coordinator, decision=DecisionFactory())
    response = client.get(f"/lagesbild/{new.pk}/")
    assert response.context["older"] == old
    assert f'href="/lagesbild/{old.pk}/">ersätter version 1' in response.content.decode()
