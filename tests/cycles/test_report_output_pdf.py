"""The follow-up report's PDF (cycles.report_output): title, running heads and page numbers, tagged
for PDF/UA, stored once for a finalised report and made again when it moves on."""

import datetime
import io
import re
import subprocess
import zlib

import pikepdf
import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image

from cycles import report_output
from cycles.models import FollowUpReport, ReportStatus
from cycles.report_output import PdfError, pdf_response, report_context
from cycles.services import report as report_services
from tests.cycles.factories import decision, published_report, report_with_content, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
    won = report_output.store_pdf(first, "public", content)
    lost = report_output.store_pdf(second, "public", content)  # loaded before the first one stored its PDF
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


def all_text(path) -> str:
    return "".join(pdf_text(path, page) for page in range(1, pdf_pages(path) + 1))


def test_pdf_shows_each_measures_follow_up_in_full_up_to_the_limit(tmp_path, settings):
    settings.TRYGG_REPORT_PDF_DETAIL_LIMIT = 3
    text = all_text(write_pdf(pdf_response(report_with_content(), "internal"), tmp_path))
    assert "Vi har bytt 40 armaturer i Folkets park." in text
    assert "Beställ armaturerna före sommaren." in text


def test_pdf_of_a_long_report_keeps_the_table_and_points_to_the_details(tmp_path, settings):
    settings.TRYGG_REPORT_PDF_DETAIL_LIMIT = 2
    report = report_with_content()
    text = all_text(write_pdf(pdf_response(report, "internal"), tmp_path))
    assert "Belysning i Folkets park" in text and "Fritidsgård i Ryd" in text  # the table of measures
    assert "Vi har bytt 40 armaturer" not in text
    assert "i webbversionen av rapporten och i CSV-filen" in text
    # The HTML version always has the details.
    assert "Vi har bytt 40 armaturer i Folkets park." in render_to_string(
        "cycles/report/_body.html", report_context(report, "internal")
    )
