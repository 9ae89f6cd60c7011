"""The follow-up report's outputs (cycles.report_output): the HTML body and the CSV. The PDF is in
test_report_output_pdf.py."""

import copy
import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from cycles import report_output
from cycles.models import FollowUpReport, ReportStatus
from cycles.report_output import csv_response, filename, report_context
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    period_with_measures,
    published_report,
    report_with_content,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

BODY = "cycles/report/_body.html"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body(report, audience="internal") -> str:
    return render_to_string(BODY, report_context(report, audience))


class Structure(HTMLParser):
    """Headings, tables (with or without caption) and header cells (with or without scope)."""

    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.captions, self.th_without_scope, self.ids = [], 0, 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.th_without_scope += tag == "th" and "scope" not in attrs
        if "id" in attrs:
            self.ids.append(attrs["id"])


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


# --- HTML -----------------------------------------------------------------------------------------


def test_body_shows_measures_follow_ups_and_indicators_with_tables():
    html = body(report_with_content())
    for text in (
        "Uppföljning 2025 för Tingsryd",
        "Tingsryds kommun",
        "KS 2025/123",
        "Belysning i Folkets park",
        "Intern kartläggning av Älmeboda",
        "Vi har bytt 40 armaturer i Folkets park.",
        "Färre anmälda skadegörelsebrott än utgångsvärdet.",
        "Beställ armaturerna före sommaren.",
        "Allt klart före årsskiftet.",
        "Två lampor saknas.",
        "Entreprenören gick i konkurs.",
        "Grönt: enligt plan",
        "Rött: inte enligt plan",
        "Skadegörelse enligt intern logg",
        'Polisen var där 30 av 36 måndagar. <span class="text-nowrap">(2025-12-15)</span>',
        "Trygg väg till skolan",
        "Så här har arbetet gått.",
        "Vi fortsätter med det som fungerar.",
    ):
        assert text in html, text
    assert "<h3>Utkast till löfte om Ryd (2025)</h3>" in html  # staff see drafts too, with their status
    # The measure's indicator: baseline, target and latest with their years, decimal comma.
    assert "1\xa0300 (2022)" in html and "1\xa0000 (2027)" in html and "1\xa0180,5 (2024)" in html
    assert "Bättre än utgångsvärdet" in html
    # The indicator section: a chart and the same figures as a table, with the source.
    assert html.count('<svg class="lb-chart"') == 2
    assert '<th scope="row">2023</th><td class="text-end">1\xa0250,5</td>' in html
    assert "Källa: Kolada" in html
    assert "3 åtgärder ingår i uppföljningen." in html
    # Only approved follow-ups count as followed up, and only their assessments are in the table.
    assert "1 av 3 är uppföljda (uppföljningen är godkänd)." in html
    assert "1 är inlämnad men inte godkänd." in html and "1 saknar inlämnad uppföljning." in html
    assert (
        'report-light-green" aria-hidden="true"></span>Grönt: enligt plan</th><td class="text-end">1<' in html
    )
    assert (
        'report-light-red" aria-hidden="true"></span>Rött: inte enligt plan</th><td class="text-end">0<'
        in html
    )
    # What is missing, by measure: a draft says what it lacks now.
    assert "Innan rapporten är komplett saknas:" in html
    assert "Uppföljning inte inlämnad (1 åtgärd): Intern kartläggning av Älmeboda" in html
    assert "Inlämnad men inte godkänd (1 åtgärd): Fritidsgård i Ryd" in html


def test_body_public_audience_shows_only_public_content():
    html = body(report_with_content(), "public")
    for text in (
        "Intern kartläggning av Älmeboda",
        "Kartläggningen av Älmeboda är klar.",
        "Vi har bytt 40 armaturer",  # a public follow-up's internal texts
        "Beställ armaturerna",
        "Två lampor saknas.",
        "Entreprenören gick i konkurs.",  # an internal follow-up's assessment
        "Rött: inte enligt plan</td>",
        "Skadegörelse enligt intern logg",
        "Intern version",
        "Utkast till löfte om Ryd",
    ):
        assert text not in html, text
    assert "Lamporna i Folkets park lyser nu hela natten." in html
    assert "Fritidsgård i Ryd" in html and "Ingen uppföljning är publicerad för åtgärden." in html
    assert "Anmälda våldsbrott per 100 000 invånare" in html
    assert "2 åtgärder ingår i uppföljningen." in html
    assert "1 av 2 har en publicerad uppföljning." in html


def test_body_headings_tables_and_ids_are_accessible():
    parsed = structure(body(report_with_content()))
    assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1
    assert all(b <= a + 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    assert parsed.tables == parsed.captions > 5
    assert parsed.th_without_scope == 0
    assert len(parsed.ids) == len(set(parsed.ids))
    assert all(i.startswith("rapport-") for i in parsed.ids)


def test_body_progress_and_traffic_lights_are_text():
    html = body(report_with_content())
    assert '<td class="text-end">0&nbsp;%</td>' in html
    assert (
        '<span class="report-light report-light-green" aria-hidden="true"></span>Grönt: enligt plan' in html
    )


def test_body_flags_a_situation_report_older_than_two_years():
    html = body(report_with_content())
    assert "Lägesbild 2023" in html
    assert "Lägesbilden är äldre än två år." in html


def test_body_says_when_there_is_no_situation_report():
    report = FollowUpReportFactory(period=period_with_measures(1))
    assert "Det finns ingen fastställd lägesbild enligt 4 §." in body(report)
    assert "Det finns ingen publicerad fastställd lägesbild att visa här." in body(report, "public")


def test_body_of_a_frozen_report_makes_no_queries(django_assert_num_queries):
    report = published_report(report_with_content())
    report = FollowUpReport.objects.with_decisions().get(pk=report.pk)
    with django_assert_num_queries(0):
        html = body(report)
    assert "Belysning i Folkets park" in html and "Publicerad" in html


def test_body_shows_the_reports_own_status_not_the_frozen_one():
    report = published_report(report_with_content())
    assert report.snapshot["report"]["status"] == ReportStatus.STEERING
    assert "<dt>Status</dt><dd>Publicerad</dd>" in body(report)


def test_body_renders_500_measures_with_small_markup():
    report = report_with_content()
    context = report_context(report, "internal")
    one = context["data"]["measures"][0]
    context["data"] = {**context["data"], "measures": []}
    for n in range(500):
        context["data"]["measures"].append({**copy.deepcopy(one), "id": 10_000 + n, "title": f"Åtgärd {n}"})
    html = render_to_string(BODY, context)
    assert html.count('<section class="report-measure"') == 500
    assert html.count("<svg") == 2  # no picture per measure
    assert len(html) / 500 < 4000


def test_indicator_chart_from_data_shows_small_counts_as_text():
    chart = report_output.indicator_chart(
        {
            "id": 7,
            "name": "Inbrott i Ryd",
            "unit": "antal",
            "source": "Kommunens egen",
            "attribution": "",
            "values": [
                {"year": 2023, "value": 12.0, "suppressed": False},
                {"year": 2024, "value": None, "suppressed": True},
            ],
        },
        "Tingsryds kommun",
    )
    assert [(year, cells[0].text) for year, cells in chart.rows] == [(2023, "12"), (2024, "färre än 5")]
    assert chart.summary == "Inbrott i Ryd: färre än 5 år 2024."
    assert chart.svg.startswith('<svg class="lb-chart"')


def test_body_says_what_happened_to_the_report_never_fastställd():
    report = published_report(report_with_content())
    board, council = report.board_decision, report.council_decision
    board.visibility, council.visibility = Visibility.INTERNAL, Visibility.PUBLIC
    board.save()
    council.save()
    report = FollowUpReport.objects.with_decisions().get(pk=report.pk)

    internal, public = body(report), body(report, "public")

    assert "Fastställd" not in internal and "Fastställd" not in public
    assert "<dt>Överlämnad till styrgruppen</dt>" in internal
    steering = report.steering_decision
    assert (
        f"<dt>Behandlad av styrgruppen</dt><dd>{steering.paragraph}, {steering.decided_on:%Y-%m-%d}</dd>"
        in internal
    )
    assert f"<dt>Behandlad i kommunstyrelsen</dt><dd>{board.paragraph}" in internal
    assert "<dt>Anmäld i kommunfullmäktige</dt>" in internal
    # Residents see only public decisions.
    assert "Behandlad i kommunstyrelsen" not in public and board.paragraph not in public
    assert "<dt>Anmäld i kommunfullmäktige</dt>" in public


def test_what_was_missing_is_frozen_with_the_report_and_only_staff_see_it():
    report = published_report(report_with_content())

    internal, public = body(report), body(report, "public")

    assert "När rapporten överlämnades till styrgruppen saknades:" in internal
    assert "Intern kartläggning av Älmeboda" in internal
    assert "saknades" not in public and "Intern kartläggning av Älmeboda" not in public


def test_file_names_say_which_period_and_version_and_never_clash():
    first = FollowUpReportFactory(period=FollowUpPeriodFactory(starts_on=datetime.date(2025, 1, 1)))
    later = FollowUpReportFactory(
        period=FollowUpPeriodFactory(starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2026, 9, 30))
    )
    names = {
        filename(r, audience, ext)
        for r in (first, later)
        for audience in ("public", "internal")
        for ext in ("pdf", "csv")
    }
    assert len(names) == 8
    assert filename(later, "internal", "pdf") == "uppfoljning-2025-10-01-2026-09-30-v1-intern.pdf"


# --- CSV ------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_the_measure_table_with_swedish_headers():
    report = report_with_content()
    response = csv_response(report, "internal")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="uppfoljning-2025-01-01-2025-12-31-v1-intern.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "Åtgärd",
        "Ansvarig",
        "Status",
        "Hur långt (procent)",
        "Start",
        "Klart senast",
        "Bedömning",
        "Uppföljning",
        "Indikatorer",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert list(by_title) == [
        "Belysning i Folkets park",
        "Fritidsgård i Ryd",
        "Intern kartläggning av Älmeboda",
    ]
    shown = by_title["Belysning i Folkets park"]
    assert shown[2:4] == ["Pågår", "0"]
    assert shown[6:8] == ["Grönt: enligt plan", "Godkänd"]
    assert shown[8] == (
        "Anmälda våldsbrott per 100 000 invånare: utgångsvärde 1\xa0300 (2022), mål 1\xa0000 (2027), "
        "senaste 1\xa0180,5 (2024), bättre än utgångsvärdet | Skadegörelse enligt intern logg: "
        "utgångsvärde 20 (2022), mål –, senaste 12 (2024), bättre än utgångsvärdet"
    )
    assert by_title["Fritidsgård i Ryd"][4] == "2025-03-01"


def test_csv_for_the_public_has_public_rows_only():
    rows = read_csv(csv_response(report_with_content(), "public"))
    assert [row[0] for row in rows[1:]] == ["Belysning i Folkets park", "Fritidsgård i Ryd"]
    assert rows[2][6:8] == ["", "Inte publicerad"]
    assert "intern logg" not in str(rows)


def test_csv_cells_are_never_read_as_formulas():
    report = report_with_content()
    MeasureFactory(plan=report.period.measures().first().plan, title='=HYPERLINK("http://x")')
    rows = read_csv(csv_response(report, "internal"))
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ['\'=HYPERLINK("http://x")']
