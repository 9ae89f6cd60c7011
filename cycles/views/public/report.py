"""/uppfoljning/<pk>/: one published follow-up report for residents, with its PDF and CSV.

Only `FollowUpReport.objects.public()` (published, also when later superseded) is read here, and
reports are always shown with the "public" audience of `cycles.report_output`, which leaves out
internal measures, assessments' reasons and lessons."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from trygg.views import PublicPageMixin

from ...models import FollowUpReport
from ...report_output import PdfError, csv_response, pdf_response, report_context


class PublicReportMixin(PublicPageMixin):
    """One published report (404 for anything else: drafts and reports still on their way)."""

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            FollowUpReport.objects.public().with_decisions().select_related("period", "superseded_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class PublicReport(PublicReportMixin, TemplateView):
    """/uppfoljning/<pk>/: the report for residents, with its decisions and downloads."""

    template_name = "cycles/report/detail.html"
    breadcrumbs = [(_("Uppföljning"), reverse_lazy("cycles:followup-public"))]

    def get_last_updated(self):
        return self.report.published_at

    def get_context_data(self, **kwargs):
        newer = self.report.superseded_by
        return super().get_context_data(
            title=str(self.report),
            newer=newer if newer is not None and newer.is_public else None,
            **report_context(self.report, "public"),
            **kwargs,
        )


class PublicReportDownload(PublicReportMixin, View):
    """/uppfoljning/<pk>/rapport.pdf and /uppfoljning/<pk>/atgarder.csv, with public content only."""

    kind = "pdf"

    def get(self, request, *args, **kwargs):
        if self.kind == "csv":
            return csv_response(self.report, "public")
        try:
            return pdf_response(self.report, "public")
        except PdfError as exc:
            ctx = {
                "title": _("PDF:en kunde inte skapas"),
                "message": str(exc),
                "report": self.report,
                "breadcrumbs": [
                    (_("Startsida"), reverse("home")),
                    (_("Uppföljning"), reverse("cycles:followup-public")),
                    (str(self.report), reverse("cycles:followup-report", args=[self.report.pk])),
                ],
            }
            return render(request, "cycles/report/pdf_error.html", ctx, status=503)
