"""/uppfoljning/: how the work is followed up, for residents. The published follow-up reports (HTML, PDF
and the measure table as CSV) and the published follow-ups of the measures, per period.

Only `FollowUpReport.objects.public()` (published, also when later superseded) and
`FollowUp.objects.public()` are read here, and reports are always shown with the "public" audience of
`cycles.report_output`, which leaves out internal measures, assessments' reasons and lessons.
"""

from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView, View

from trygg.views import PublicPageMixin, newest

from ..forms_reports import PublicPeriodFilter
from ..models import FollowUp, FollowUpReport
from ..report_output import PdfError, csv_response, pdf_response, report_context

PAGE_SIZE = 25


class FollowUpOverview(PublicPageMixin, ListView):
    """/uppfoljning/: what follow-up is, the published reports, and the measures' follow-ups per period."""

    template_name = "cycles/followup/public_list.html"
    context_object_name = "followups"
    paginate_by = PAGE_SIZE
    title = _("Uppföljning")

    def get_queryset(self):
        self.form = PublicPeriodFilter(self.request.GET or None)
        followups = FollowUp.objects.public().select_related("period", "measure")
        if self.form.chosen_period:
            followups = followups.filter(period=self.form.chosen_period)
        return followups.order_by("-period__ends_on", "period_id", "measure__title", "pk")

    def get_last_updated(self):
        reports = FollowUpReport.objects.public().aggregate(latest=Max("published_at"))["latest"]
        followups = FollowUp.objects.public().aggregate(latest=Max("approved_at"))["latest"]
        return newest(super().get_last_updated(), reports, followups)

    def get_context_data(self, **kwargs):
        reports = FollowUpReport.objects.public().select_related("period", "board_decision")
        if self.form.chosen_period:
            reports = reports.filter(period=self.form.chosen_period)
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            form=self.form,
            filtered=bool(query),
            reports=list(reports.order_by("-published_at", "-pk")),
        )
        return ctx


class PublicReportMixin(PublicPageMixin):
    """One published report (404 for anything else: drafts and reports still on their way)."""

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            FollowUpReport.objects.public().select_related(
                "period", "board_decision", "council_decision", "superseded_by"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class PublicReport(PublicReportMixin, TemplateView):
    """/uppfoljning/<pk>/: the report for residents, with its decisions and downloads."""

    template_name = "cycles/followup/public_report.html"
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
            return render(request, "cycles/followup/public_pdf_error.html", ctx, status=503)
