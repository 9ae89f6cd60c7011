"""Lägesbilder. A lägesbild changes status through buttons on its change page; each opens a confirmation
page and calls lagesbild.services.report, so the admin obeys the same table of allowed moves as the
workspace. A new version of an adopted one is made the same way."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from trygg.admin import HistoryAdmin
from trygg.concurrency import EditConflict

from ..forms.report import SituationReportForm
from ..models import REPORT_MOVE_LABELS, ReportStatus, SituationReport
from ..services.report import move_report, supersede_report


class SituationReportAdminForm(SituationReportForm):
    """The workspace form plus what only coordinators set: kind, author, decision and visibility."""

    class Meta(SituationReportForm.Meta):
        fields = ["kind", "author", "decision", "visibility", *SituationReportForm.Meta.fields]


@admin.register(SituationReport)
class SituationReportAdmin(ObjectPermissionsModelAdminMixin, HistoryAdmin):
    form = SituationReportAdminForm
    change_form_template = "lagesbild/admin/situationreport_change_form.html"
    list_display = [
        "title",
        "kind",
        "author",
        "version_number",
        "status",
        "period_end",
        "visibility",
        "decision",
    ]
    list_filter = ["kind", "status", "visibility", "author"]
    search_fields = ["title", "public_summary", "survey", "analysis", "decision__paragraph"]
    list_select_related = ["author", "decision"]
    autocomplete_fields = ["author", "decision"]
    readonly_fields = ["status", "version_number", "supersedes"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "author",
                    "title",
                    "period_start",
                    "period_end",
                    "status",
                    "version_number",
                    "supersedes",
                    "decision",
                    "visibility",
                ]
            },
        ),
        (_("Lägesbilden enligt 4 §"), {"fields": ["survey", "other_information", "analysis"]}),
        (_("Kunskapsunderlag"), {"fields": ["sources_used", "sources_left_out", "knowledge_limits"]}),
        (_("Visas offentligt"), {"fields": ["public_summary"]}),
    ]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/status/<str:to>/",
                self.admin_site.admin_view(self.move_view),
                name="{}_{}_move".format(*info),
            ),
            path(
                "<path:object_id>/ny-version/",
                self.admin_site.admin_view(self.supersede_view),
                name="{}_{}_supersede".format(*info),
            ),
            *super().get_urls(),
        ]

    def _report_or_404(self, request, object_id) -> SituationReport:
        report = self.get_object(request, unquote(object_id))
        if report is None or not self.has_view_permission(request, report):
            raise Http404
        return report

    def _change_url(self, report) -> str:
        return reverse("admin:lagesbild_situationreport_change", args=[report.pk])

    def move_view(self, request, object_id, to):
        report = self._report_or_404(request, object_id)
        if to not in REPORT_MOVE_LABELS:
            raise Http404
        needed = (
            "lagesbild.adopt_situationreport"
            if to == ReportStatus.ADOPTED
            else "lagesbild.move_situationreport"
        )
        if not request.user.has_perm(needed, report):
            raise PermissionDenied
        if request.method == "POST":
            try:
                move_report(report=report, to=to, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            except EditConflict:
                self.message_user(
                    request, _("Någon annan ändrade lägesbilden samtidigt. Försök igen."), messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("Lägesbilden har nu status ”%(status)s”.") % {"status": ReportStatus(to).label},
                    messages.SUCCESS,
                )
            return redirect(self._change_url(report))
        return self._confirm(request, report, REPORT_MOVE_LABELS[to], _move_explanation(report, to))

    def supersede_view(self, request, object_id):
        report = self._report_or_404(request, object_id)
        if not request.user.has_perm("lagesbild.adopt_situationreport", report):
            raise PermissionDenied
        if request.method == "POST":
            try:
                new = supersede_report(report=report, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return redirect(self._change_url(report))
            self.message_user(
                request,
                _("Version %(n)s är skapad som utkast. Den gamla versionen gäller tills den nya fastställs.")
                % {"n": new.version_number},
                messages.SUCCESS,
            )
            return redirect(self._change_url(new))
        explanation = _(
            "En ny version skapas som utkast med samma innehåll. Den fastställda versionen gäller och syns "
            "som tidigare tills den nya versionen fastställs; då markeras den som ersatt men går fortfarande "
            "att läsa."
        )
        return self._confirm(request, report, _("Skapa en ny version"), explanation)

    def _confirm(self, request, report, action_label, explanation):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action_label,
            "report": report,
            "action_label": action_label,
            "explanation": explanation,
            "change_url": self._change_url(report),
        }
        return TemplateResponse(request, "lagesbild/admin/situationreport_confirm.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["report_moves"] = [
                (
                    to,
                    REPORT_MOVE_LABELS[to],
                    reverse("admin:lagesbild_situationreport_move", args=[obj.pk, to]),
                )
                for to in obj.allowed_moves
                if to in REPORT_MOVE_LABELS
            ]
            context["can_supersede"] = obj.status == ReportStatus.ADOPTED and not hasattr(
                obj, "superseded_by"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


def _move_explanation(report: SituationReport, to: str) -> str:
    if to == ReportStatus.ADOPTED:
        if report.decision_id is None:
            return _("Lägesbilden har inget beslut ännu. Ange beslutet (t.ex. KS § 123) och spara först.")
        return _(
            "Lägesbilden fastställs med beslutet %(decision)s. Innehållet kan sedan bara ändras genom en ny "
            "version. Är lägesbilden offentlig visas sammanfattningen på den offentliga sidan Lägesbild."
        ) % {"decision": report.decision.paragraph}
    if to == ReportStatus.REVIEW:
        return _("Lägesbilden skickas till beredning inför beslut.")
    return _("Lägesbilden blir ett utkast igen och kan ändras.")
