"""The follow-up report's outputs, all read from the same data (`cycles.snapshot`): the accessible HTML
body (`templates/cycles/report/_body.html`, included by the workspace and the public pages),
the PDF (WeasyPrint) and a CSV of the measure table.

Interface used by the views (keep it stable):
- `report_context(report, audience)` → template context with `report`, `data`, `audience`, `charts`,
  `is_draft` and `status_label`; include "cycles/report/_body.html" with it. No queries for a
  finalised report (its data is frozen); a draft's data is built live.
- `pdf_response(report, audience)` → HttpResponse with the PDF, or raises PdfError (clear Swedish
  message, nothing stored).
- `csv_response(report, audience)` → HttpResponse with the measure table as CSV.
- `make_pdfs(report)` → stores a finalised report's PDFs ahead of the first request.
`audience` is "internal" (coordinators, board readers) or "public" (residents; only public content).

A finalised report's data never changes, so its PDF is made once per audience and status, stored under
a random name (the internal one must not be guessable) and served from storage after that. The status
(styrgrupp → KS → KF → publicerad) is printed on the PDF, so the stored name ends with it and a report
that has moved on gets a new PDF. A draft's PDF is made on every request and never stored.
"""

import contextlib
import io
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild import charts
from trygg import spreadsheet
from trygg.templatetags.trygg import sv_number

from .models import FollowUpReport, FollowUpStatus
from .snapshot import build_snapshot, for_audience

logger = logging.getLogger(__name__)

AUDIENCES = ("internal", "public")
PDF_FIELDS = {"internal": "pdf_internal", "public": "pdf_public"}
PDF_FOLDER = "rapporter"


class PdfError(Exception):
    """The PDF could not be made; `str(exc)` is a message for the user."""


def report_data(report, audience: str) -> dict:
    data = report.snapshot if report.is_frozen else build_snapshot(report)
    return for_audience(data, audience)


# --- HTML -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportIndicator:
    """What `lagesbild.charts` reads of an indicator, taken from the report's data (not the database)."""

    pk: int
    name: str
    unit: str
    attribution: str
    source: str
    description: str = ""


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def indicator_chart(indicator: dict, area: str) -> charts.Chart:
    """The municipality's series of one indicator in the report data, as a chart with its table."""
    ind = ReportIndicator(
        pk=indicator["id"],
        name=indicator["name"],
        unit=indicator["unit"],
        attribution=indicator["attribution"],
        source=indicator["source"],
    )
    cells = {
        v["year"]: charts.Cell(None, suppressed=True)
        if v["suppressed"]
        else charts.Cell(_decimal(v["value"]))
        for v in indicator["values"]
    }
    decimals = int(
        any(c.value is not None and c.value != c.value.to_integral_value() for c in cells.values())
    )
    for cell in cells.values():
        cell.decimals = decimals
    colour, dash = charts.STYLES[0]
    series = charts.Series(code="", label=area, cells=cells, colour=colour, dash=dash)
    years = sorted(cells)
    return charts.Chart(
        indicator=ind,
        years=years,
        series=[series],
        summary=charts.summary(ind, series, years),
        svg=charts.svg(ind, [series], years),
    )


def report_context(report, audience: str) -> dict:
    """What the report body template needs: the data for the audience and a chart per indicator."""
    data = report_data(report, audience)
    area = data["municipality"]["name"]
    return {
        "report": report,
        "data": data,
        "audience": audience,
        "is_draft": not report.is_frozen,
        # The status is the report's own, not the frozen data's: it moves on after the report is frozen.
        "status_label": report.get_status_display(),
        "charts": [indicator_chart(i, area) for i in data["indicators"]],
        "decisions": report.decisions_for(audience),
        "measure_details": True,
    }


def filename(report, audience: str, ext: str) -> str:
    """Which period and version the file is, so that two reports' files never share a name:
    uppfoljning-2025-10-01-2026-09-30-v2-intern.pdf."""
    period = report.period
    suffix = "" if audience == "public" else "-intern"
    dates = f"{period.starts_on:%Y-%m-%d}-{period.ends_on:%Y-%m-%d}"
    return f"uppfoljning-{dates}-v{report.report_version}{suffix}.{ext}"


# --- PDF ------------------------------------------------------------------------------------------


def _refuse_fetching(url, *args, **kwargs):
    """The PDF template is self-contained: it must never make WeasyPrint fetch a file or a URL."""
    raise ValueError(f"No external resources in the report PDF: {url}")


def pdf_bytes(report, audience: str) -> bytes:
    """The PDF in memory, tagged for screen readers (PDF/UA-1), in Swedish, with the report's title."""
    from weasyprint import HTML

    context = report_context(report, audience)
    # A long report's PDF keeps the table of measures but leaves each measure's follow-up to the HTML
    # version and the CSV: WeasyPrint lays out about ten pages a second, and 500 measures in full
    # would be close to 200 pages and half a minute (see README, "Benchmark").
    context["measure_details"] = len(context["data"]["measures"]) <= settings.TRYGG_REPORT_PDF_DETAIL_LIMIT
    html = render_to_string("cycles/report/pdf.html", context)
    try:
        return _with_header_scope(
            HTML(string=html, url_fetcher=_refuse_fetching).write_pdf(pdf_variant="pdf/ua-1")
        )
    except Exception as exc:  # WeasyPrint raises many kinds; the user gets one clear message
        logger.exception("PDF of follow-up report %s (%s) failed", report.pk, audience)
        raise PdfError(_("PDF:en kunde inte skapas. Försök igen om en stund.")) from exc


HEADER_SCOPE = {"/THead": "/Column", "/TBody": "/Row", "/TFoot": "/Column"}


def _with_header_scope(content: bytes) -> bytes:
    """Give every table header cell in the PDF's structure a /Scope, as PDF/UA asks.

    WeasyPrint tags <th> as TH and links data cells to them (/Headers) but leaves out the scope. Every
    table in the report puts its column headers in <thead> (scope="col") and its row headers in
    <tbody> (scope="row"), so the row group a TH sits in says its scope."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        stack = [tree] if tree is not None else []
        while stack:
            node = stack.pop()
            if node.get("/S") == "/TH":
                group = node.P.P.get("/S")  # TH → TR → THead / TBody
                attributes = node.get("/A")
                if not isinstance(attributes, pikepdf.Dictionary):
                    attributes = node.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
                attributes.Scope = pikepdf.Name(HEADER_SCOPE.get(str(group), "/Column"))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Dictionary):
                kids = [kids]
            if isinstance(kids, pikepdf.Array | list):
                stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same report gives the same bytes
    return out.getvalue()


def store_pdf(report, audience: str, content: bytes) -> str | None:
    """Store a finalised report's PDF and record its name, unless another request stored one first.

    The row is updated with a queryset (no version bump, so nobody editing gets a false conflict, and
    no stale copy of the report is saved). Returns the name now recorded, or None if storing failed.
    """
    field_name = PDF_FIELDS[audience]
    storage = FollowUpReport._meta.get_field(field_name).storage
    rows = FollowUpReport.objects.filter(pk=report.pk)
    previous = getattr(report, field_name).name or ""
    wanted = f"{PDF_FOLDER}/{uuid.uuid4().hex}-{report.status}.pdf"  # unique, so a leftover is ours
    try:
        name = storage.save(wanted, ContentFile(content))
    except OSError:  # e.g. a full disk: serve the PDF anyway, store it next time
        logger.exception("Could not store the PDF of follow-up report %s (%s)", report.pk, audience)
        with contextlib.suppress(OSError):
            storage.delete(wanted)  # no half-written file stays behind
        return None
    if rows.filter(**{field_name: previous}).update(**{field_name: name}):
        if previous:
            storage.delete(previous)  # made for an earlier status, or missing from storage
    else:  # another request stored its copy first: keep that one
        storage.delete(name)
        name = rows.values_list(field_name, flat=True).get()
    getattr(report, field_name).name = name
    return name


def _stored_pdf(report, audience: str):
    """The stored PDF file of a finalised report, opened, or None when there is none for its status."""
    field_name = PDF_FIELDS[audience]
    name = FollowUpReport.objects.filter(pk=report.pk).values_list(field_name, flat=True).get()
    field = getattr(report, field_name)
    field.name = name
    if not name or not name.endswith(f"-{report.status}.pdf"):
        return None
    try:
        return field.storage.open(name, "rb")
    except FileNotFoundError:
        logger.warning("Stored PDF %s of follow-up report %s is missing; making it again", name, report.pk)
        return None


def pdf_response(report, audience: str) -> HttpResponse:
    """The report as PDF: a finalised report's stored file (made and stored the first time), a draft's
    made now and never stored."""
    if audience not in AUDIENCES:
        raise ValueError(audience)
    name = filename(report, audience, "pdf")
    if report.is_frozen:
        stored = _stored_pdf(report, audience)
        if stored is not None:
            return FileResponse(stored, content_type="application/pdf", filename=name)
    content = pdf_bytes(report, audience)
    if report.is_frozen:
        store_pdf(report, audience, content)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def make_pdfs(report) -> list[str]:
    """Make and store a finalised report's PDFs now, so that nobody waits for them on the first request
    (a report with hundreds of measures takes many seconds): the internal one, and the public one once
    the report is published. Nothing for a draft. Returns the names stored."""
    if not report.is_frozen:
        return []
    names = []
    for audience in ("internal", "public") if report.is_public else ("internal",):
        stored = _stored_pdf(report, audience)
        if stored is not None:
            stored.close()
        else:
            store_pdf(report, audience, pdf_bytes(report, audience))
        names.append(getattr(report, PDF_FIELDS[audience]).name)
    return names


# --- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    gettext_lazy("Åtgärd"),
    gettext_lazy("Ansvarig"),
    gettext_lazy("Status"),
    gettext_lazy("Hur långt (procent)"),
    gettext_lazy("Start"),
    gettext_lazy("Klart senast"),
    gettext_lazy("Bedömning"),
    gettext_lazy("Uppföljning"),
    gettext_lazy("Indikatorer"),
)


def _figure(value: float | None, year: int | None) -> str:
    if value is None:
        return "–"
    return f"{sv_number(value)} ({year})" if year else sv_number(value)


def _indicators_text(indicators: list[dict]) -> str:
    return " | ".join(
        _("%(name)s: utgångsvärde %(baseline)s, mål %(target)s, senaste %(latest)s, %(trend)s")
        % {
            "name": i["name"],
            "baseline": _figure(i["baseline"], i["baseline_year"]),
            "target": _figure(i["target"], i["target_year"]),
            "latest": _figure(i["latest"], i["latest_year"]),
            "trend": i["trend_label"].lower(),
        }
        for i in indicators
    )


def assessment_text(follow_up: dict | None) -> str:
    """The Bedömning cell: the traffic light only of an approved follow-up, else why there is none."""
    if not follow_up:
        return ""
    if follow_up["status"] == FollowUpStatus.APPROVED:
        return follow_up["assessment_label"]
    if follow_up["status"] == FollowUpStatus.SUBMITTED:
        return _("Uppföljningen är inte godkänd")
    return _("Uppföljningen är inte inlämnad")


def csv_rows(data: dict, audience: str) -> list[list]:
    no_follow_up = _("Saknas") if audience == "internal" else _("Inte publicerad")
    rows = [[str(c) for c in CSV_COLUMNS]]
    for m in data["measures"]:
        follow_up = m["follow_up"] or {}
        rows.append(
            [
                m["title"],
                m["lead_actor"],
                m["status_label"],
                m["progress"],
                m["start_date"] or "",
                m["end_date"] or "",
                assessment_text(m["follow_up"]),
                follow_up.get("status_label", no_follow_up),
                _indicators_text(m["indicators"]),
            ]
        )
    return rows


def csv_response(report, audience: str) -> HttpResponse:
    """The measure table as CSV for a spreadsheet: semicolons, UTF-8 with BOM, decimal comma."""
    data = report_data(report, audience)
    return spreadsheet.csv_response(filename(report, audience, "csv"), csv_rows(data, audience))
