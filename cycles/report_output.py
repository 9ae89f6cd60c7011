"""The follow-up report's outputs, all read from the same data (`cycles.snapshot`): the accessible HTML
body (`templates/cycles/reports/_report_body.html`, included by the workspace and the public pages),
the PDF (WeasyPrint) and a CSV of the measure table.

Interface used by the views (keep it stable):
- `report_context(report, audience)` → template context with `report`, `data`, `audience`;
  include "cycles/reports/_report_body.html" with it.
- `pdf_response(report, audience)` → HttpResponse with the PDF, or raises PdfError (clear Swedish
  message, nothing stored).
- `csv_response(report, audience)` → HttpResponse with the measure table as CSV.
`audience` is "internal" (coordinators, board readers) or "public" (residents; only public content).
"""

import csv

from django.http import HttpResponse
from django.template.loader import render_to_string

from .snapshot import build_snapshot, for_audience

AUDIENCES = ("internal", "public")


class PdfError(Exception):
    """The PDF could not be made; `str(exc)` is a message for the user."""


def report_data(report, audience: str) -> dict:
    data = report.snapshot if report.is_frozen else build_snapshot(report)
    return for_audience(data, audience)


def report_context(report, audience: str) -> dict:
    return {"report": report, "data": report_data(report, audience), "audience": audience}


def filename(report, audience: str, ext: str) -> str:
    suffix = "" if audience == "public" else "-intern"
    return f"uppfoljning-{report.period.starts_on:%Y}-v{report.report_version}{suffix}.{ext}"


def pdf_bytes(report, audience: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("cycles/reports/report_pdf.html", report_context(report, audience))
    try:
        return HTML(string=html).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; the user gets one clear message
        raise PdfError("PDF:en kunde inte skapas. Försök igen om en stund.") from exc


def pdf_response(report, audience: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(report, audience), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(report, audience, "pdf")}"'
    return response


def csv_response(report, audience: str) -> HttpResponse:
    data = report_data(report, audience)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(report, audience, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Åtgärd", "Ansvarig", "Status", "Hur långt (procent)"])
    for m in data["measures"]:
        writer.writerow([m["title"], m["lead_actor"], m["status_label"], m["progress"]])
    return response
