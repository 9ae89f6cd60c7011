"""The follow-up report's outputs: the HTML body, the PDF (stored once for a finalised report) and the CSV."""

import copy
import csv
import datetime
import io
import re
import subprocess
import zlib
from decimal import Decimal
from html.parser import HTMLParser

import pikepdf
import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image

from cycles import report_output
from cycles.models import (
    Assessment,
    CommitmentKept,
    FollowUpCommitment,
    FollowUpReport,
    FollowUpStatus,
    MeasureIndicator,
    PromiseStatus,
    ReportStatus,
)
from cycles.report_output import PdfError, csv_response, filename, pdf_response, report_context
from cycles.services import report as report_services
from lagesbild.models import ReportKind
from tests.actors.factories import DecisionFactory
from tests.cycles.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    PromiseLineFactory,
    decision,
    period_with_measures,
    public_measure,
    published_report,
)
from tests.lagesbild.factories import IndicatorFactory, IndicatorValueFactory, SituationReportFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

BODY = "cycles/report/_body.html"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def report_with_content(**report_kwargs) -> FollowUpReport:
    """A draft report with a public measure (public follow-up, a public and an internal indicator), a
    public measure with an internal follow-up, an internal measure, a public promise and an old lägesbild."""
    period = period_with_measures(1, title="Belysning i Folkets park")
    shown = period.measures().get()
    shown.contributors.set([MeasureFactory().lead_actor])
    delayed = public_measure(plan=shown.plan, title="Fritidsgård i Ryd", start_date=datetime.date(2025, 3, 1))
    hidden = MeasureFactory(plan=shown.plan, title="Intern kartläggning av Älmeboda")
    follow_up = FollowUpFactory(
        period=period,
        measure=shown,
        done_text="Vi har bytt 40 armaturer i Folkets park.",
        effect_text="Färre anmälda skadegörelsebrott än utgångsvärdet.",
        lessons="Beställ armaturerna före sommaren.",
        assessment=Assessment.GREEN,
        assessment_reason="Allt klart före årsskiftet.",
        public_summary="Lamporna i Folkets park lyser nu hela natten.",
        status=FollowUpStatus.APPROVED,
        visibility=Visibility.PUBLIC,
    )
    FollowUpCommitment.objects.create(
        follow_up=follow_up, actor=shown.lead_actor, kept=CommitmentKept.PARTLY, comment="Två lampor saknas."
    )
    FollowUpFactory(
        period=period,
        measure=delayed,
        assessment=Assessment.RED,
        assessment_reason="Entreprenören gick i konkurs.",
        status=FollowUpStatus.SUBMITTED,
    )
    FollowUpFactory(period=period, measure=hidden, done_text="Kartläggningen av Älmeboda är klar.")
    violence = IndicatorFactory(public=True, name="Anmälda våldsbrott per 100 000 invånare")
    for year, value in ((2022, "1300.0"), (2023, "1250.5"), (2024, "1180.5")):
        IndicatorValueFactory(indicator=violence, year=year, value=Decimal(value))
    internal = IndicatorFactory(public=False, name="Skadegörelse enligt intern logg")
    IndicatorValueFactory(indicator=internal, year=2024, value=Decimal("12"))
    MeasureIndicator.objects.create(
        measure=shown,
        indicator=violence,
        baseline=Decimal("1300"),
        baseline_year=2022,
        target=Decimal("1000"),
        target_year=2027,
    )
    MeasureIndicator.objects.create(
        measure=shown, indicator=internal, baseline=Decimal("20"), baseline_year=2022
    )
    promise = CitizenPromiseFactory(
        title="Trygg väg till skolan", status=PromiseStatus.FOLLOWED_UP, visibility=Visibility.PUBLIC
    )
    PromiseLineFactory(
        promise=promise,
        text="Polisen finns vid skolan varje måndag.",
        follow_up="Polisen var där 30 av 36 måndagar.",
        follow_up_on=datetime.date(2025, 12, 15),
    )
    CitizenPromiseFactory(title="Utkast till löfte om Ryd", year=2025)
    adopted = DecisionFactory(decided_on=timezone.localdate() - datetime.timedelta(days=800))
    SituationReportFactory(kind=ReportKind.STATUTORY, adopted=True, decision=adopted, title="Lägesbild 2023")
    report_kwargs.setdefault("diary_number", "KS 2025/123")
    return FollowUpReportFactory(period=period, title="Uppföljning 2025 för Tingsryd", **report_kwargs)


def body(report, audience="internal") -> str:
    return render_to_string(BODY, report_context(report, audience))


def write_pdf(response, tmp_path, name="rapport.pdf"):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    path = tmp_path / name
    path.write_bytes(content)
    return path


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (where the catalogue lives) unpacked."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


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


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_has_title_running_heads_and_page_numbers_on_every_page(tmp_path):
    long_text = "\n\n".join(["Tryggheten i Älmhult, Ryd och Väckelsång ökar när vi samarbetar. " * 6] * 40)
    report = report_with_content(introduction=long_text)
    path = write_pdf(pdf_response(report, "internal"), tmp_path)
    pages = pdf_pages(path)
    assert pages >= 3
    today = timezone.localdate().isoformat()
    for page in range(1, pages + 1):
        text = pdf_text(path, page)
        assert "Tingsryds kommun" in text
        assert "Dnr KS 2025/123" in text
        assert today in text
        assert f"Sida {page} av {pages}" in text
        assert "UTKAST" in text
    first = pdf_text(path, 1)
    assert "Uppföljning 2025 för Tingsryd" in first
    assert "Tryggheten i Älmhult, Ryd och Väckelsång" in first


def test_pdf_is_tagged_in_swedish_with_the_title(tmp_path):
    path = write_pdf(pdf_response(report_with_content(), "public"), tmp_path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Uppföljning 2025 för Tingsryd" in info
    assert "Tagged:          yes" in info
    assert b"/Lang (sv)" in pdf_objects(path.read_bytes())


def pdf_structure(content: bytes) -> list[dict]:
    """Every element of the PDF's structure tree as {tag, alt, scope, parents}, in reading order."""
    out = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert "pdfuaid" in str(pdf.open_metadata())  # it claims PDF/UA, so it must hold to it
        stack = [(pdf.Root.StructTreeRoot, ())]
        while stack:
            node, parents = stack.pop()
            tag = str(node.get("/S", ""))
            attributes = node.get("/A")
            scope = attributes.get("/Scope") if isinstance(attributes, pikepdf.Dictionary) else None
            out.append(
                {
                    "tag": tag,
                    "alt": str(node["/Alt"]) if "/Alt" in node else None,
                    "scope": str(scope) if scope is not None else None,
                    "parents": parents,
                }
            )
            kids = node.get("/K")
            kids = [kids] if isinstance(kids, pikepdf.Dictionary) else kids
            if isinstance(kids, pikepdf.Array | list):
                stack.extend(
                    (k, (tag, *parents))
                    for k in reversed(kids)
                    if isinstance(k, pikepdf.Dictionary) and "/S" in k
                )
    return out


def test_pdf_ua_chart_has_its_text_alternative_and_every_header_cell_its_scope():
    """PDF/UA: a Figure carries alternative text, a TH says whether it heads a column or a row."""
    elements = pdf_structure(report_output.pdf_bytes(report_with_content(), "internal"))
    figures = [e for e in elements if e["tag"] == "/Figure"]
    assert [f["alt"] for f in figures] == [
        "Diagram: Anmälda våldsbrott per 100 000 invånare, 2022–2024. Siffrorna finns i tabellen.",
        "Diagram: Skadegörelse enligt intern logg, 2024. Siffrorna finns i tabellen.",
    ]
    headers = [e for e in elements if e["tag"] == "/TH"]
    assert len(headers) > 10
    assert {h["scope"] for h in headers if h["parents"][1] == "/THead"} == {"/Column"}
    assert {h["scope"] for h in headers if h["parents"][1] == "/TBody"} == {"/Row"}
    assert all(h["scope"] in ("/Column", "/Row") for h in headers)


def test_pdf_keeps_a_tables_caption_on_the_page_of_its_first_row():
    """Whatever falls before it, the report's stylesheet never leaves a caption alone at a page's foot."""
    style = re.search(
        r"<style>(.*?)</style>",
        render_to_string("cycles/report/pdf.html", report_context(report_with_content(), "public")),
        re.S,
    ).group(1)
    rows = "".join(f"<tr><th scope='row'>Rad {i}</th><td>x</td></tr>" for i in range(40))
    for spacer in range(880, 990, 6):  # moves the caption down to the foot of the first page and past it
        html = (
            f"<html><head><style>{style}</style></head><body><div style='height:{spacer}px'></div>"
            f"<table><caption>Bildtext</caption><thead><tr><th scope='col'>A</th><th scope='col'>B</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></body></html>"
        )
        pages = weasyprint.HTML(string=html).render().pages
        assert page_with(pages, "Bildtext") == page_with(pages, "Rad 0"), spacer


def page_with(pages, text: str) -> int | None:
    for number, page in enumerate(pages):
        boxes = [page._page_box]
        while boxes:
            box = boxes.pop()
            if getattr(box, "text", None) == text:
                return number
            boxes.extend(getattr(box, "children", []))
    return None


def test_pdf_first_page_renders_to_a_picture_that_is_not_blank(tmp_path):
    path = write_pdf(pdf_response(report_with_content(), "internal"), tmp_path)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    png = tmp_path / "page-1.png"
    with Image.open(png) as image:
        assert image.size == (414, 585)  # A4 at 50 dpi
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 2000


def test_pdf_of_a_public_report_leaves_out_internal_content(tmp_path):
    report = published_report(report_with_content())
    path = write_pdf(pdf_response(report, "public"), tmp_path)
    text = "".join(pdf_text(path, page) for page in range(1, pdf_pages(path) + 1))
    assert "Lamporna i Folkets park lyser nu hela natten." in text
    assert "Älmeboda" not in text and "Entreprenören" not in text and "intern logg" not in text


def test_frozen_pdf_is_stored_once_and_served_again(media):
    report = published_report(report_with_content())
    version = FollowUpReport.objects.get(pk=report.pk).version
    first = pdf_response(report, "public")
    assert not first.streaming  # made now
    name = FollowUpReport.objects.get(pk=report.pk).pdf_public.name
    assert name.startswith("rapporter/") and name.endswith("-published.pdf")
    files = stored_files(media)
    assert len(files) == 1
    assert files[0].read_bytes() == first.content
    made_at = files[0].stat().st_mtime_ns

    again = pdf_response(FollowUpReport.objects.get(pk=report.pk), "public")
    assert again.streaming  # served from storage
    assert b"".join(again.streaming_content) == first.content
    assert again["Content-Disposition"] == 'inline; filename="uppfoljning-2025-01-01-2025-12-31-v1.pdf"'
    fresh = FollowUpReport.objects.get(pk=report.pk)
    assert fresh.pdf_public.name == name and fresh.pdf_internal.name == ""
    assert stored_files(media) == files and files[0].stat().st_mtime_ns == made_at
    # Storing the PDF is no edit: whoever loaded the report before can still save it.
    assert fresh.version == version


def test_frozen_pdf_is_made_again_when_the_report_moves_on(coordinator, media, tmp_path):
    report = report_with_content()
    report_services.finalise_report(
        report=report, by=coordinator, at=timezone.now() - datetime.timedelta(days=10), accept_missing=True
    )
    assert "Status: Hos styrgruppen" in pdf_text(write_pdf(pdf_response(report, "internal"), tmp_path), 1)
    old = FollowUpReport.objects.get(pk=report.pk).pdf_internal.name
    assert old.endswith("-steering.pdf")
    report_services.advance_report(report=report, to=ReportStatus.BOARD, by=coordinator, decision=decision())
    path = write_pdf(pdf_response(FollowUpReport.objects.get(pk=report.pk), "internal"), tmp_path)
    assert "Status: Hos kommunstyrelsen" in pdf_text(path, 1)
    new = FollowUpReport.objects.get(pk=report.pk).pdf_internal.name
    assert new != old and new.endswith("-board.pdf")
    assert [p.name for p in stored_files(media)] == [new.split("/")[-1]]


def test_frozen_pdf_is_the_same_every_time():
    report = published_report(report_with_content())
    assert report_output.pdf_bytes(report, "public") == report_output.pdf_bytes(report, "public")


def test_pdf_that_cannot_be_stored_is_served_and_leaves_no_file(monkeypatch, media):
    report = published_report(report_with_content())
    real_save = FileSystemStorage._save

    def disk_full(self, name, content):
        real_save(self, name, ContentFile(b"%PDF-1.7 half"))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = pdf_response(report, "public")
    assert response.content.startswith(b"%PDF") and response.content.endswith(b"%%EOF\n")
    assert FollowUpReport.objects.get(pk=report.pk).pdf_public.name == ""
    assert stored_files(media) == []


def test_stored_pdf_missing_from_storage_is_made_again(media):
    report = published_report(report_with_content())
    pdf_response(report, "public")
    [lost] = stored_files(media)
    lost.unlink()
    response = pdf_response(FollowUpReport.objects.get(pk=report.pk), "public")
    assert not response.streaming and response.content.startswith(b"%PDF")
    assert len(stored_files(media)) == 1


def test_two_first_requests_at_once_keep_one_pdf(media):
    report = published_report(report_with_content())
    first, second = FollowUpReport.objects.get(pk=report.pk), FollowUpReport.objects.get(pk=report.pk)
    content = report_output.pdf_bytes(first, "public")
    won = report_output._store(first, "public", content)
    lost = report_output._store(second, "public", content)  # loaded before the first one stored its PDF
    assert lost == won == FollowUpReport.objects.get(pk=report.pk).pdf_public.name
    assert [p.name for p in stored_files(media)] == [won.split("/")[-1]]


def test_make_pdfs_stores_both_pdfs_of_a_published_report_ahead(media):
    report = published_report(report_with_content())
    names = report_output.make_pdfs(report)
    fresh = FollowUpReport.objects.get(pk=report.pk)
    assert names == [fresh.pdf_internal.name, fresh.pdf_public.name]
    assert len(stored_files(media)) == 2
    assert report_output.make_pdfs(fresh) == names  # already there: nothing is made again
    assert pdf_response(fresh, "internal").streaming


def test_make_pdfs_leaves_a_draft_alone(media):
    assert report_output.make_pdfs(report_with_content()) == []
    assert stored_files(media) == []


def test_draft_pdf_is_made_every_time_and_never_stored(media):
    report = report_with_content()
    response = pdf_response(report, "internal")
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"]
        == 'inline; filename="uppfoljning-2025-01-01-2025-12-31-v1-intern.pdf"'
    )
    assert FollowUpReport.objects.get(pk=report.pk).pdf_internal.name == ""
    assert stored_files(media) == []


def test_pdf_failure_gives_a_clear_message_and_stores_nothing(monkeypatch, media):
    report = published_report(report_with_content())

    def broken(*args, **kwargs):
        raise RuntimeError("cairo says no")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    with pytest.raises(PdfError) as error:
        pdf_response(report, "public")
    assert str(error.value) == "PDF:en kunde inte skapas. Försök igen om en stund."
    assert FollowUpReport.objects.get(pk=report.pk).pdf_public.name == ""
    assert stored_files(media) == []


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


def _all_text(path) -> str:
    return "".join(pdf_text(path, page) for page in range(1, pdf_pages(path) + 1))


def test_pdf_shows_each_measures_follow_up_in_full_up_to_the_limit(tmp_path, settings):
    settings.TRYGG_REPORT_PDF_DETAIL_LIMIT = 3
    text = _all_text(write_pdf(pdf_response(report_with_content(), "internal"), tmp_path))
    assert "Vi har bytt 40 armaturer i Folkets park." in text
    assert "Beställ armaturerna före sommaren." in text


def test_pdf_of_a_long_report_keeps_the_table_and_points_to_the_details(tmp_path, settings):
    settings.TRYGG_REPORT_PDF_DETAIL_LIMIT = 2
    report = report_with_content()
    text = _all_text(write_pdf(pdf_response(report, "internal"), tmp_path))
    assert "Belysning i Folkets park" in text and "Fritidsgård i Ryd" in text  # the table of measures
    assert "Vi har bytt 40 armaturer" not in text
    assert "i webbversionen av rapporten och i CSV-filen" in text
    # The HTML version always has the details.
    assert "Vi har bytt 40 armaturer i Folkets park." in body(report)


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
