"""/uppfoljning/ for residents: only published reports and published follow-ups, with nothing internal in
the HTML, the PDF or the CSV; the home page's "Senaste uppföljning" and the measure page's follow-ups."""

import csv
import io

import pytest
from django.test import Client

from actors.models import ForumKind
from cycles.models import Assessment, FollowUpStatus, ReportStatus
from cycles.services import report as report_services
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    decision,
    finalise,
    period_with_measures,
    public_measure,
    published_report,
)
from tests.personas import ALL_PERSONAS
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


SECRETS = [
    "Intern kartläggning",  # an internal measure
    "Hemlig lärdom",  # lessons are for the board
    "Hemlig motivering",  # so is the reason for the assessment
    "Internt genomfört",  # and what was done, in the partner's words
    "Intern effekt",
    "Ej publicerad sammanfattning",  # the summary of an internal follow-up
    "Utkastets sammanfattning",  # the summary of a follow-up not yet approved
    "Sammanfattning om intern åtgärd",  # a public follow-up of an internal measure
]


def _approved(**kwargs):
    kwargs.setdefault("status", FollowUpStatus.APPROVED)
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    return FollowUpFactory(**kwargs)


def leaky_period():
    """A period with one follow-up that residents may read and several they must not."""
    period = period_with_measures(0)
    plan = period.cycle.action_plans.get()
    shown = public_measure(plan=plan, title="Belysning i parken", slug="belysning")
    _approved(
        period=period,
        measure=shown,
        public_summary="Belysningen är på plats.",
        lessons="Hemlig lärdom",
        assessment_reason="Hemlig motivering",
        done_text="Internt genomfört",
        effect_text="Intern effekt",
        assessment=Assessment.YELLOW,
    )
    _approved(
        period=period,
        measure=public_measure(plan=plan, title="Trygghetsvandring"),
        visibility=Visibility.INTERNAL,
        public_summary="Ej publicerad sammanfattning",
    )
    _approved(
        period=period,
        measure=public_measure(plan=plan, title="Fritidsgården"),
        status=FollowUpStatus.SUBMITTED,
        public_summary="Utkastets sammanfattning",
    )
    internal = MeasureFactory(plan=plan, title="Intern kartläggning", visibility=Visibility.INTERNAL)
    _approved(period=period, measure=internal, public_summary="Sammanfattning om intern åtgärd")
    return period


@pytest.fixture
def reports():
    """A report in every state, and the published one with everything that must stay internal."""
    published = published_report(FollowUpReportFactory(period=leaky_period(), title="Den publicerade"))
    in_board = finalise(FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Hos kommunstyrelsen"))
    report_services.advance_report(
        report=in_board, to=ReportStatus.BOARD, by=None, decision=decision(days_after=5)
    )
    in_council = finalise(FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Hos fullmäktige"))
    report_services.advance_report(
        report=in_council, to=ReportStatus.BOARD, by=None, decision=decision(days_after=5)
    )
    report_services.advance_report(
        report=in_council, to=ReportStatus.COUNCIL, by=None, decision=decision(ForumKind.KS, days_after=5)
    )
    return {
        "draft": FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Utkastet"),
        "steering": finalise(FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Hos styrgruppen")),
        "board": in_board,
        "council": in_council,
        "published": published,
    }


@pytest.mark.parametrize("persona", [*ALL_PERSONAS], indirect=True)
def test_only_published_reports_answer_on_every_public_url(persona, reports, pdf_html):
    for case, report in reports.items():
        for page in ("", "rapport.pdf", "atgarder.csv"):
            response = persona.get(f"/uppfoljning/{report.pk}/{page}")
            assert response.status_code == (200 if case == "published" else 404), (case, page)
    assert persona.get("/uppfoljning/").status_code == 200


def test_public_list_has_only_published_reports(client, reports):
    response = client.get("/uppfoljning/")
    html = response.content.decode()
    assert response.context["reports"] == [reports["published"]]
    for case in ("draft", "steering", "board", "council"):
        assert reports[case].title not in html
        assert f"/uppfoljning/{reports[case].pk}/" not in html
    published = reports["published"]
    assert f'href="/uppfoljning/{published.pk}/rapport.pdf"' in html
    assert published.published_at.date().isoformat() in html


def test_public_pages_name_only_public_decisions(client, reports):
    published = reports["published"]
    board = published.board_decision
    assert board.visibility == Visibility.INTERNAL
    for url in ("/uppfoljning/", f"/uppfoljning/{published.pk}/"):
        assert board.paragraph not in client.get(url).content.decode()
    board.visibility = Visibility.PUBLIC
    board.save()
    for url in ("/uppfoljning/", f"/uppfoljning/{published.pk}/"):
        assert board.paragraph in client.get(url).content.decode()


def test_public_list_has_only_published_follow_ups(client, reports):
    response = client.get("/uppfoljning/")
    html = response.content.decode()
    assert [f.measure.title for f in response.context["followups"]] == ["Belysning i parken"]
    assert "Belysningen är på plats." in html
    assert "Gult: delvis enligt plan" in html
    assert 'href="/atgarder/belysning/"' in html
    for secret in SECRETS:
        assert secret not in html, secret


def test_public_report_page_pdf_and_csv_hold_nothing_internal(coordinator_client, reports, pdf_html):
    report = reports["published"]
    internal = coordinator_client.get(f"/arbete/rapporter/{report.pk}/").content.decode()
    assert "Intern kartläggning" in internal and "Hemlig lärdom" in internal  # so the test can fail

    page = Client().get(f"/uppfoljning/{report.pk}/").content.decode()
    assert "Belysning i parken" in page
    pdf = Client().get(f"/uppfoljning/{report.pk}/rapport.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    rows = Client().get(f"/uppfoljning/{report.pk}/atgarder.csv").content.decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(rows), delimiter=";")][1:] == [
        "Belysning i parken",
        "Fritidsgården",
        "Trygghetsvandring",
    ]
    for text in (page, pdf_html[-1], rows):
        for secret in SECRETS:
            assert secret not in text, secret


def test_the_public_pdf_is_made_for_residents(client, reports, pdf_html):
    report = reports["published"]
    client.get(f"/uppfoljning/{report.pk}/rapport.pdf")
    assert "Intern kartläggning" not in pdf_html[0]
    assert "Belysning i parken" in pdf_html[0]


def test_a_failing_pdf_says_so_with_503(client, reports, monkeypatch):
    class Broken:
        def __init__(self, string, **kwargs):
            pass

        def write_pdf(self, **kwargs):
            raise OSError("no fonts")

    monkeypatch.setattr("weasyprint.HTML", Broken)
    report = reports["published"]
    response = client.get(f"/uppfoljning/{report.pk}/rapport.pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert "PDF:en kunde inte skapas. Försök igen om en stund." in html
    assert f'href="/uppfoljning/{report.pk}/"' in html


def test_superseded_report_is_marked_but_readable(client):
    old = published_report(FollowUpReportFactory(title="Första versionen"))
    new = published_report(report_services.new_version(report=old, by=None))
    old.refresh_from_db()
    assert old.status == ReportStatus.SUPERSEDED
    listing = client.get("/uppfoljning/").content.decode()
    assert listing.count("Ersatt av en nyare version.") == 1
    page = client.get(f"/uppfoljning/{old.pk}/").content.decode()
    assert "Ersatt av en nyare version." in page
    assert f'href="/uppfoljning/{new.pk}/"' in page
    assert "Ersatt av en nyare version." not in client.get(f"/uppfoljning/{new.pk}/").content.decode()


def test_empty_page_explains_itself(client):
    FollowUpReportFactory(title="Bara ett utkast")
    html = client.get("/uppfoljning/").content.decode()
    assert "Ingen uppföljningsrapport är publicerad ännu." in html
    assert "Ingen åtgärd har en publicerad uppföljning ännu." in html
    assert "minst vartannat år (6 §)" in html
    assert "Bara ett utkast" not in html


def test_filter_by_period(client):
    first = published_report(FollowUpReportFactory(period=FollowUpPeriodFactory(name="Uppföljning 2025")))
    second_period = period_with_measures(1)
    _approved(period=second_period, measure=second_period.measures().get(), public_summary="Andra perioden.")
    FollowUpPeriodFactory(name="Period utan något publicerat")
    response = client.get("/uppfoljning/")
    assert [str(p) for p in response.context["form"].fields["period"].queryset.order_by("name")] == sorted(
        [first.period.name, second_period.name]
    )
    filtered = client.get(f"/uppfoljning/?period={second_period.pk}")
    assert filtered.context["reports"] == []
    assert [f.public_summary for f in filtered.context["followups"]] == ["Andra perioden."]
    assert "Det finns ingen publicerad rapport för perioden." in filtered.content.decode()
    assert client.get(f"/uppfoljning/?period={first.period_id}").context["reports"] == [first]


def test_follow_ups_are_paginated(client):
    period = period_with_measures(26)
    for measure in period.measures():
        _approved(period=period, measure=measure, public_summary=f"Om {measure.title}.")
    first = client.get("/uppfoljning/")
    second = client.get("/uppfoljning/?page=2")
    assert (len(first.context["followups"]), len(second.context["followups"])) == (25, 1)
    assert 'href="?page=2#atgarder"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_public_list_query_count_is_constant(client, django_assert_num_queries, count):
    for _n in range(count):
        period = period_with_measures(1)
        _approved(period=period, measure=period.measures().get(), public_summary="Klart.")
        published_report(FollowUpReportFactory(period=period))
    client.get("/uppfoljning/")
    pagecache.bump()  # count a render, not the cached page
    with django_assert_num_queries(7):
        response = client.get("/uppfoljning/")
    assert (len(response.context["reports"]), len(response.context["followups"])) == (count, count)


def test_public_report_page_has_breadcrumbs_and_last_updated(client, reports):
    report = reports["published"]
    html = client.get(f"/uppfoljning/{report.pk}/").content.decode()
    assert 'aria-label="Du är här"' in html and 'href="/uppfoljning/"' in html
    assert f'Senast uppdaterad</dt><dd><time datetime="{report.published_at.date().isoformat()}' in html


def test_home_shows_the_latest_published_follow_up(client):
    older = published_report()
    newer = published_report()
    FollowUpReportFactory(title="Utkast som inte räknas")
    html = client.get("/").content.decode()
    date = newer.published_at.date().isoformat()
    assert (
        f'Senaste uppföljning: <a href="/uppfoljning/{newer.pk}/"><time datetime="{date}">{date}</time></a>'
        in html
    )
    assert f'href="/uppfoljning/{older.pk}/"' not in html


def test_home_says_plainly_when_nothing_is_published(client):
    finalise(FollowUpReportFactory())
    html = client.get("/").content.decode()
    assert "Ingen uppföljning av arbetet är publicerad ännu." in html
    assert "Senaste uppföljning:" not in html


def test_measure_page_shows_its_published_follow_ups_only(client):
    period = leaky_period()
    html = client.get("/atgarder/belysning/").content.decode()
    section = html[html.index('id="uppfoljning"') :]
    assert f"{period.name}: Gult: delvis enligt plan" in section
    assert "Belysningen är på plats." in section
    for secret in SECRETS:
        assert secret not in html, secret
    other = public_measure(title="Utan uppföljning")
    assert (
        "Åtgärden har ingen publicerad uppföljning ännu."
        in client.get(other.get_absolute_url()).content.decode()
    )
