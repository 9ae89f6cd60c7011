"""Lägesbilder in the workspace: editing (with edit conflicts), moving after a confirmation, the moves
offered, and the § 6 watch on the dashboard."""

import datetime

import pytest
from django.utils import timezone

from lagesbild.models import ReportKind, ReportStatus
from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import ProblemFactory, SituationReportFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_report_edit_refuses_a_stale_version_and_keeps_the_typed_text(coordinator_client):
    report = SituationReportFactory(title="Original")
    loaded = report.version
    report.title = "Sparad av en kollega"
    report.save()
    response = coordinator_client.post(
        f"/arbete/lagesbild/{report.pk}/andra/",
        {
            "title": "Min ändring",
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "loaded_version": loaded,
        },
    )
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert "Min ändring" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "Sparad av en kollega"


def test_adopted_report_is_not_editable_in_the_workspace(coordinator_client):
    report = SituationReportFactory(adopted=True)
    assert coordinator_client.get(f"/arbete/lagesbild/{report.pk}/andra/").status_code == 403


def test_coordinator_adopts_a_report_after_confirming(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW, decision=DecisionFactory(paragraph="KS § 7"))
    confirm = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/faststalld/")
    assert confirm.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW  # nothing changes on GET
    response = coordinator_client.post(f"/arbete/lagesbild/{report.pk}/status/faststalld/", follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED
    assert "Lägesbilden har nu status ”Fastställd”." in response.content.decode()


def test_refused_move_shows_the_reason(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW)
    response = coordinator_client.post(f"/arbete/lagesbild/{report.pk}/status/faststalld/", follow=True)
    assert "Ange beslutet som fastställer lägesbilden" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW


def test_unknown_status_answers_404(coordinator_client):
    report = SituationReportFactory()
    assert coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/ersatt/").status_code == 404


def test_report_detail_offers_only_the_allowed_moves(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW)
    response = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/")
    assert [label for label, _url in response.context["moves"]] == [
        "Fastställ lägesbilden",
        "Skicka tillbaka till utkast",
    ]


def test_move_page_for_a_refused_move_explains_and_offers_no_button(coordinator_client):
    report = SituationReportFactory()
    response = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/faststalld/")
    html = response.content.decode()
    assert (
        response.context["refusal"]
        == "Ett utkast kan inte fastställas direkt. Skicka det först till beredning."
    )
    assert 'type="submit" class="btn btn-primary"' not in html


def test_report_detail_lists_only_problems_the_reader_may_see(board_client):
    report = SituationReportFactory()
    ProblemFactory(title="Internt problem").reports.add(report)
    ProblemFactory(title="Hemligt problem", visibility=Visibility.CONFIDENTIAL).reports.add(report)
    response = board_client.get(f"/arbete/lagesbild/{report.pk}/")
    assert [p.title for p in response.context["problems"]] == ["Internt problem"]


# --- § 6 watch on the dashboard ------------------------------------------------------------------


def test_dashboard_warns_when_no_statutory_report_is_adopted(coordinator_client):
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Det finns ingen fastställd lägesbild enligt 4 §." in html


def test_dashboard_warns_when_the_statutory_report_is_too_old(coordinator_client):
    decided = timezone.localdate() - datetime.timedelta(days=800)
    SituationReportFactory(
        kind=ReportKind.STATUTORY,
        title="Lägesbild 2023",
        status=ReportStatus.ADOPTED,
        decision=DecisionFactory(decided_on=decided),
    )
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Lägesbilden skulle ha uppdaterats senast" in html
    assert "Lägesbild 2023" in html


def test_dashboard_warns_ahead_of_time(board_client):
    decided = timezone.localdate() - datetime.timedelta(days=700)
    SituationReportFactory(
        kind=ReportKind.STATUTORY, status=ReportStatus.ADOPTED, decision=DecisionFactory(decided_on=decided)
    )
    html = board_client.get("/arbete/").content.decode()
    assert "Lägesbilden behöver uppdateras inom" in html


def test_dashboard_is_calm_for_a_fresh_report(coordinator_client):
    SituationReportFactory(
        kind=ReportKind.STATUTORY,
        title="Färsk lägesbild",
        status=ReportStatus.ADOPTED,
        decision=DecisionFactory(decided_on=timezone.localdate() - datetime.timedelta(days=30)),
    )
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Nästa uppdatering senast" in html
    assert "alert-warning" not in html.split("panel-report-watch")[1].split("</section>")[0]


def test_watch_panel_is_not_shown_to_partners(police_partner_client):
    assert "Lägesbilden enligt 6 §" not in police_partner_client.get("/arbete/").content.decode()
