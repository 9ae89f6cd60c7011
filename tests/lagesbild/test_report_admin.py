"""The admin for lägesbilder: its pages open for a coordinator only, and status moves and new
versions go through a confirmation page and the services."""

import pytest

from lagesbild.models import ReportStatus, SituationReport
from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import SituationReportFactory

pytestmark = pytest.mark.django_db


def test_report_admin_pages_open_for_a_coordinator(admin_pages_open, coordinator_client):
    admin_pages_open("situationreport", SituationReportFactory().pk)
    assert (
        coordinator_client.get("/admin/lagesbild/situationreport/?q=Lägesbild&status=utkast").status_code
        == 200
    )


def test_report_change_page_offers_the_allowed_moves(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW)
    html = coordinator_client.get(f"/admin/lagesbild/situationreport/{report.pk}/change/").content.decode()
    assert f"/admin/lagesbild/situationreport/{report.pk}/status/faststalld/" in html
    assert f"/admin/lagesbild/situationreport/{report.pk}/status/utkast/" in html
    assert "ny-version" not in html


def test_admin_move_asks_first_then_moves(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW, decision=DecisionFactory(paragraph="KS § 5"))
    url = f"/admin/lagesbild/situationreport/{report.pk}/status/faststalld/"
    page = coordinator_client.get(url)
    assert "KS § 5" in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW
    response = coordinator_client.post(url)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED


def test_admin_refused_move_shows_the_reason(coordinator_client):
    report = SituationReportFactory()
    response = coordinator_client.post(
        f"/admin/lagesbild/situationreport/{report.pk}/status/faststalld/", follow=True
    )
    assert "Ett utkast kan inte fastställas direkt" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_admin_creates_a_new_version_after_confirming(coordinator_client):
    report = SituationReportFactory(adopted=True)
    url = f"/admin/lagesbild/situationreport/{report.pk}/ny-version/"
    assert coordinator_client.get(url).status_code == 200
    assert SituationReport.objects.count() == 1
    response = coordinator_client.post(url)
    new = SituationReport.objects.get(supersedes=report)
    assert response["Location"] == f"/admin/lagesbild/situationreport/{new.pk}/change/"
    assert (new.version_number, new.status) == (2, ReportStatus.DRAFT)


def test_admin_change_with_a_stale_version_is_refused(coordinator_client):
    report = SituationReportFactory(title="Original")
    url = f"/admin/lagesbild/situationreport/{report.pk}/change/"
    form = coordinator_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "author": report.author_id,
        "period_start": "2023-01-01",
        "period_end": "2024-12-31",
        "title": "Min ändring",
        "loaded_version": report.version,
    }
    report.title = "Kollegans ändring"
    report.save()
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "Kollegans ändring"


@pytest.mark.parametrize("persona", ["police_partner_client", "board_client", "admin_client"])
def test_others_cannot_open_the_lagesbild_admin(request, persona):
    response = request.getfixturevalue(persona).get("/admin/lagesbild/situationreport/")
    assert response.status_code in (302, 403)
