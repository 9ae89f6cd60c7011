"""/lagesbild/ and /lagesbild/<pk>/: adopted public lägesbilder only, with the public focus areas
and dialogues, versions that point to each other, and a query count that does not grow with the rows."""

import datetime

import pytest

from lagesbild.models import ReportKind, ReportStatus
from lagesbild.services.report import move_report, supersede_report
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


def test_overview_never_shows_internal_material(client, hidden):
    response = client.get("/lagesbild/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [s for s in hidden["secrets"] if s in html] == []


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
            paragraph="KS § 12",
            diary_number="KS 2023/4",
            decided_on=datetime.date(2023, 3, 1),
            visibility=Visibility.PUBLIC,
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
            paragraph="KS § 123",
            diary_number="KS 2025/48",
            decided_on=datetime.date(2025, 2, 11),
            visibility=Visibility.PUBLIC,
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


def test_new_version_links_back_to_the_version_it_replaces(client, coordinator):
    old = SituationReportFactory(public=True)
    new = supersede_report(report=old, by=coordinator)
    move_report(report=new, to=ReportStatus.REVIEW, by=coordinator)
    move_report(report=new, to=ReportStatus.ADOPTED, by=coordinator, decision=DecisionFactory())
    response = client.get(f"/lagesbild/{new.pk}/")
    assert response.context["older"] == old
    assert f'href="/lagesbild/{old.pk}/">ersätter version 1' in response.content.decode()


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
    with django_assert_num_queries(19):  # 18, and the residents' reports per category
        response = client.get("/lagesbild/")
    assert len(response.context["reports"]) == count


def test_a_joint_lagesbild_credits_every_actor_that_made_it(client):
    from tests.actors.factories import ActorFactory

    report = SituationReportFactory(
        public=True, kind=ReportKind.JOINT, author=ActorFactory(name="Tingsryds kommun")
    )
    report.partners.set([ActorFactory(name="Polisen LPO Nybro")])

    html = client.get(f"/lagesbild/{report.pk}/").content.decode()

    assert "<dt>Framtagen av</dt><dd>Tingsryds kommun och Polisen LPO Nybro</dd>" in html
