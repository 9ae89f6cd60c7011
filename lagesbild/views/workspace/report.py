"""Lägesbilder in the workspace: the list, one lägesbild with its allowed moves, editing an open one,
confirming a move; and the § 6 watch panel on the dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin

from ...forms.report import SituationReportForm
from ...models import REPORT_MOVE_LABELS, Problem, ReportStatus, SituationReport, small_count_threshold
from ...services.report import WARN_DAYS, move_report, refusal_reason, statutory_report_watch
from ...services.unsafe_place import counts_for_period, last_twelve_months
from . import WORKSPACE_CRUMB, LagesbildWorkspaceMixin
from .unsafe_place import MODERATE

REPORT_CRUMBS = [WORKSPACE_CRUMB, (_("Lägesbilder"), reverse_lazy("lagesbild:workspace-reports"))]


def report_watch_panel(request) -> dict | None:
    """Dashboard (§ 6): is the newest adopted § 4 lägesbild older than two years, or soon to be?"""
    if not request.user.has_perm("lagesbild.view_report_watch"):
        return None
    return {"watch": statutory_report_watch(), "warn_days": WARN_DAYS}


class ReportList(ExportMixin, LagesbildWorkspaceMixin, ListView):
    """/arbete/lagesbild/: the lägesbilder the user may read, with their status."""

    template_name = "lagesbild/workspace/report/list.html"
    context_object_name = "reports"
    paginate_by = 25
    export_name = "lagesbilder"
    export_columns = [
        (_("Lägesbild"), "title"),
        (_("Slag"), "get_kind_display"),
        (_("Aktör"), "author.name"),
        (_("Från"), "period_start"),
        (_("Till"), "period_end"),
        (_("Version"), "version_number"),
        (_("Status"), "get_status_display"),
        (_("Beslut"), "decision"),
        (_("Synlighet"), "get_visibility_display"),
    ]

    def get_queryset(self):
        return (
            SituationReport.objects.visible_to(self.request.user)
            .with_list_data()
            .order_by("-period_end", "-version_number", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Lägesbilder"), breadcrumbs=[WORKSPACE_CRUMB])
        return ctx


class ReportObjectMixin(LagesbildWorkspaceMixin):
    context_object_name = "report"
    permission_for_object = "lagesbild.view_situationreport"

    def get_queryset(self):
        # Invisible reports answer 404, so that outsiders do not learn they exist.
        return SituationReport.objects.visible_to(self.request.user).with_list_data()

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if not self.request.user.has_perm(self.permission_for_object, report):
            raise PermissionDenied
        return report


class ReportDetail(ReportObjectMixin, DetailView):
    template_name = "lagesbild/workspace/report/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, report = self.request.user, self.object
        moves = []
        for to in report.allowed_moves:
            needed = (
                "lagesbild.adopt_situationreport"
                if to == ReportStatus.ADOPTED
                else "lagesbild.move_situationreport"
            )
            if to in REPORT_MOVE_LABELS and user.has_perm(needed, report):
                moves.append(
                    (REPORT_MOVE_LABELS[to], reverse("lagesbild:workspace-report-move", args=[report.pk, to]))
                )
        ctx.update(
            title=str(report),
            moves=moves,
            can_change=user.has_perm("lagesbild.change_situationreport", report) and not report.is_decided,
            problems=list(Problem.objects.visible_to(user).filter(reports=report)),
            breadcrumbs=REPORT_CRUMBS,
        )
        if user.has_perm(MODERATE):  # residents' reports are the coordinators' (unsuppressed counts)
            counts = counts_for_period(report.period_start, report.period_end)
            in_period = counts.total > 0
            if not in_period:  # none in the lägesbild's period: the last twelve months instead
                counts = counts_for_period(*last_twelve_months())
            ctx.update(
                unsafe_place_counts=counts,
                unsafe_place_in_period=in_period,
                counts_tables=[
                    (_("Per plats"), counts.by_place, _("Plats")),
                    (_("Per kategori"), counts.by_category, _("Kategori")),
                    (_("Per kvartal"), counts.by_quarter, _("Kvartal")),
                ],
                small_count=small_count_threshold(),
            )
        return ctx


class ReportUpdate(ReportObjectMixin, UpdateView):
    """A partner editor (their own actor's report) or a coordinator edits an open lägesbild."""

    template_name = "lagesbild/workspace/report/form.html"
    form_class = SituationReportForm
    permission_for_object = "lagesbild.change_situationreport"

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if report.is_decided:
            raise PermissionDenied  # adopted content changes only through a new version
        return report

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Ändra lägesbild"), breadcrumbs=REPORT_CRUMBS)
        return ctx

    def form_valid(self, form):
        try:
            form.save()
        except ValidationError as exc:  # CONFLICT_MESSAGE: a colleague saved after the form's check
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Lägesbilden är sparad."))
        return redirect("lagesbild:workspace-report-detail", pk=self.object.pk)


class ReportMove(ReportObjectMixin, DetailView):
    """Confirm, then move a lägesbild to another status (nothing changes on GET)."""

    template_name = "lagesbild/workspace/report/move.html"
    permission_for_object = "lagesbild.move_situationreport"

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        to = self.kwargs["to"]
        if to not in REPORT_MOVE_LABELS:
            raise Http404
        if to == ReportStatus.ADOPTED and not self.request.user.has_perm(
            "lagesbild.adopt_situationreport", report
        ):
            raise PermissionDenied
        return report

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=REPORT_MOVE_LABELS[self.kwargs["to"]],
            breadcrumbs=REPORT_CRUMBS,
            refusal=refusal_reason(self.object.status, self.kwargs["to"]),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        to = self.kwargs["to"]
        try:
            move_report(report=report, to=to, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except EditConflict:
            messages.error(request, CONFLICT_MESSAGE)
        else:
            messages.success(
                request, _("Lägesbilden har nu status ”%(status)s”.") % {"status": ReportStatus(to).label}
            )
        return redirect("lagesbild:workspace-report-detail", pk=report.pk)
