"""A follow-up report's traffic lights agree with its summary: only an approved follow-up has an
assessment colour, in the snapshot, the HTML body (screen and PDF), the CSV and the PDF text; a report
frozen before that rule (schema 1, with the light of a draft kept) still reads the same way."""

import copy
import csv
import io
import re
import subprocess

import pytest
from django.template.loader import render_to_string

from cycles.models import Assessment, FollowUpReport, FollowUpStatus
from cycles.report_output import csv_response, pdf_response, report_context
from cycles.snapshot import readable
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpReportFactory,
    finalise,
    period_with_measures,
)

pytestmark = pytest.mark.django_db

BODY = "cycles/report/_body.html"
APPROVED, SUBMITTED, DRAFT = "Godkänd åtgärd", "Inlämnad åtgärd", "Utkastets åtgärd"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def mixed_report() -> FollowUpReport:
    """Four measures: an approved yellow follow-up, a handed-in green one, a draft red one, none."""
    period = period_with_measures(4)
    measures = list(period.measures().order_by("pk"))
    for measure, title in zip(measures, (APPROVED, SUBMITTED, DRAFT, "Åtgärd utan uppföljning"), strict=True):
        measure.title = title
        measure.save()
    FollowUpFactory(
        period=period,
        measure=measures[0],
        status=FollowUpStatus.APPROVED,
        assessment=Assessment.YELLOW,
        assessment_reason="Halva sträckan är klar.",
    )
    FollowUpFactory(
        period=period,
        measure=measures[1],
        status=FollowUpStatus.SUBMITTED,
        assessment=Assessment.GREEN,
        assessment_reason="Inlämnad men inte granskad.",
    )
    FollowUpFactory(
        period=period, measure=measures[2], status=FollowUpStatus.DRAFT, assessment=Assessment.RED
    )
    return FollowUpReportFactory(period=period)


def body(report, audience="internal") -> str:
    return render_to_string(BODY, report_context(report, audience))


def measure_rows(html: str) -> dict[str, str]:
    """The measure table's rows by measure title."""
    table = html.split('class="table table-sm report-table report-measures"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S):
        title = re.sub(r"<[^>]+>", "", re.search(r"<th scope=\"row\">(.*?)</th>", row).group(1))
        rows[title] = row
    return rows


def assert_lights_agree(html: str):
    assert "1 av 4 är uppföljda (uppföljningen är godkänd)." in html
    for colour, count in (("green", 0), ("yellow", 1), ("red", 0)):
        assert re.search(
            rf"report-light-{colour}\" aria-hidden=\"true\"></span>[^<]+</th><td[^>]*>{count}<", html
        )
    rows = measure_rows(html)
    assert "report-light-yellow" in rows[APPROVED] and "Gult: delvis enligt plan" in rows[APPROVED]
    assert "report-light" not in rows[SUBMITTED] and "Uppföljningen är inte godkänd" in rows[SUBMITTED]
    assert "report-light" not in rows[DRAFT] and "Uppföljningen är inte inlämnad" in rows[DRAFT]
    assert "Grönt" not in rows[SUBMITTED] and "Rött" not in rows[DRAFT]
    # The details of each measure: no light either, but why there is none.
    assert html.count("report-light-green") == 1  # the summary table's row only
    assert html.count("report-light-red") == 1
    assert html.count("report-light-yellow") == 3  # summary, table and the approved measure's details
    assert "Ingen: uppföljningen är inte godkänd." in html
    assert "Ingen: uppföljningen är inte inlämnad." in html
    assert "Gult: delvis enligt plan. Halva sträckan är klar." in html


def test_draft_report_shows_lights_only_for_approved_follow_ups():
    assert_lights_agree(body(mixed_report()))


def test_frozen_report_keeps_no_light_of_an_unapproved_follow_up():
    report = finalise(mixed_report())
    report.refresh_from_db()
    by_title = {m["title"]: m["follow_up"] for m in report.snapshot["measures"]}
    assert report.snapshot["schema"] == 2
    assert by_title[APPROVED]["assessment"] == Assessment.YELLOW
    assert by_title[SUBMITTED]["assessment"] == "" and by_title[SUBMITTED]["assessment_label"] == ""
    assert by_title[DRAFT]["assessment"] == ""
    assert report.snapshot["summary"]["followed_up"] == 1
    assert_lights_agree(body(report))


def test_public_report_shows_no_light_of_an_unapproved_follow_up():
    report = finalise(mixed_report())
    html = body(report, "public")
    assert (
        "Grönt: enligt plan</td>" not in html
        and 'report-light-green" aria-hidden="true"></span>Grönt: enligt plan</th><td class="text-end">0<'
        in html
    )
    assert "Rött: inte enligt plan</td>" not in html


def schema_1(report: FollowUpReport) -> dict:
    """The report's frozen data as version 1 froze it: the assessment of every follow-up kept."""
    old = copy.deepcopy(report.snapshot)
    old["schema"] = 1
    colours = {SUBMITTED: ("green", "Grönt: enligt plan"), DRAFT: ("red", "Rött: inte enligt plan")}
    for m in old["measures"]:
        if m["title"] in colours:
            m["follow_up"]["assessment"], m["follow_up"]["assessment_label"] = colours[m["title"]]
    return old


def test_a_report_frozen_with_schema_1_still_renders_without_the_unapproved_lights():
    report = finalise(mixed_report())
    report.refresh_from_db()
    old = schema_1(report)
    FollowUpReport.objects.filter(pk=report.pk).update(snapshot=old)
    report.refresh_from_db()

    html = body(report)

    assert_lights_agree(html)
    assert report.snapshot == old  # read, never rewritten
    assert readable(old) is not old and readable(readable(old))["schema"] == 2
    rows = read_csv(csv_response(report, "internal"))
    assert {row[0]: row[6] for row in rows[1:]}[SUBMITTED] == "Uppföljningen är inte godkänd"


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("frozen", [False, True])
def test_csv_assessment_only_for_approved_follow_ups(frozen):
    report = mixed_report()
    if frozen:
        finalise(report)
        report.refresh_from_db()
    rows = read_csv(csv_response(report, "internal"))
    by_title = {row[0]: row[6:8] for row in rows[1:]}
    assert by_title == {
        APPROVED: ["Gult: delvis enligt plan", "Godkänd"],
        SUBMITTED: ["Uppföljningen är inte godkänd", "Inlämnad"],
        DRAFT: ["Uppföljningen är inte inlämnad", "Utkast"],
        "Åtgärd utan uppföljning": ["", "Saknas"],
    }


def test_pdf_text_shows_no_light_for_an_unapproved_follow_up(tmp_path):
    report = finalise(mixed_report())
    report.refresh_from_db()
    response = pdf_response(report, "internal")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Uppföljningen är inte godkänd" in flat and "Uppföljningen är inte inlämnad" in flat
    assert "Grönt: enligt plan" in flat  # the summary's row, with 0
    assert flat.count("Gult: delvis enligt plan") == 3
    assert flat.count("Grönt: enligt plan") == 1 and flat.count("Rött: inte enligt plan") == 1
