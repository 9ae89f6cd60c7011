"""Many measures at once under /arbete/atgarder/: export them as a spreadsheet (CSV or Excel), import
the changed file with a preview row by row, confirm or cancel it, and the log of imports.

Readers (coordinators, board readers) export the overview's filtered measures; partner editors their
own measures. Coordinators and partner editors import; each changed row is checked as one lägesrapport
(cycles.services.bulk). Nothing changes on GET.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from trygg.exports import ExportMixin, person
from trygg.spreadsheet import csv_response, xlsx_response, xlsx_workbook
from trygg.submissions import run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.bulk import MeasureImportForm
from ...forms.measure import MeasureOverviewFilter
from ...models import Measure, MeasureImportStatus, MeasureStatus
from ...services import bulk

EXPORT_PERMS = ("trygg.view_workspace", "cycles.export_measures")
IMPORT_PERMS = ("trygg.view_workspace", "cycles.import_measures")
PREVIEW_ROWS_PER_PAGE = 100


def measures_to_export(request):
    """The overview's filtered measures for readers, a partner editor's own measures (filtered alike)."""
    user = request.user
    if user.has_perm("cycles.view_measure_overview"):
        measures = Measure.objects.visible_to(user)
    else:
        measures = Measure.objects.own(user)
    form = MeasureOverviewFilter(request.GET or None)
    return form.filter(measures).select_related("plan", "lead_actor").order_by("title", "pk")


def export_name(extension: str) -> str:
    return f"atgarder-att-uppdatera-{timezone.localdate():%Y-%m-%d}.{extension}"


def bulk_crumbs(request, *extra):
    """Arbetsyta › Åtgärder (or Mina åtgärder) › Importera ändringar › …"""
    if request.user.has_perm("cycles.view_measure_overview"):
        section = (_("Åtgärder"), reverse("cycles:measure-overview"))
    else:
        section = (_("Mina åtgärder"), reverse("cycles:my-measures"))
    return workspace_crumbs(section, (_("Importera ändringar"), reverse("cycles:measure-import")), *extra)


class ExportCsv(WorkspaceMixin, View):
    """/arbete/atgarder/exportera.csv: the measures to update, as CSV for a spreadsheet."""

    permission_required = EXPORT_PERMS

    def get(self, request, *args, **kwargs):
        return csv_response(export_name("csv"), bulk.export_csv_rows(measures_to_export(request)))


class ExportXlsx(WorkspaceMixin, View):
    """/arbete/atgarder/exportera.xlsx: the same as an Excel workbook with a status list and notes."""

    permission_required = EXPORT_PERMS

    def get(self, request, *args, **kwargs):
        workbook = xlsx_workbook(
            sheet=str(_("Åtgärder")),
            columns=bulk.export_columns(),
            rows=bulk.export_rows(measures_to_export(request)),
            note=str(bulk.EXPORT_NOTE),
        )
        return xlsx_response(export_name("xlsx"), workbook)


class ImportUpload(WorkspaceMixin, FormView):
    """/arbete/atgarder/importera/: how the round trip works, the downloads, and the upload."""

    permission_required = IMPORT_PERMS
    template_name = "cycles/workspace/bulk/upload.html"
    form_class = MeasureImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        notes: list[str] = []

        def preview():
            measure_import, file_notes = bulk.preview_import(
                data=data, file_name=upload.name, by=self.request.user
            )
            notes.extend(file_notes)
            return measure_import

        outcome = run_once(self.request, preview)
        if outcome.repeated:
            messages.info(self.request, _("Filen hade redan laddats upp. Här är importen som den gav."))
        for note in notes:
            messages.info(self.request, note)
        return redirect("cycles:measure-import-detail", pk=outcome.object.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            title=_("Importera ändringar"),
            breadcrumbs=bulk_crumbs(self.request)[:-1],
            reader=user.has_perm("cycles.view_measure_overview"),
            export_count=measures_to_export(self.request).count(),
            waiting=list(
                bulk.imports_visible_to(user)
                .filter(created_by=user, status=MeasureImportStatus.PREVIEW)
                .defer("rows", "errors")
                .order_by("-created_at")[:5]
            ),
            **kwargs,
        )


class ImportList(ExportMixin, WorkspaceMixin, ListView):
    """/arbete/atgarder/importer/: the log of imports, newest first (coordinators: everyone's)."""

    permission_required = IMPORT_PERMS
    template_name = "cycles/workspace/bulk/list.html"
    context_object_name = "imports"
    paginate_by = 25
    export_name = "importer"
    export_columns = [
        (_("Uppladdad"), "created_at"),
        (_("Fil"), "file_name"),
        (_("Vem"), lambda i: person(i.created_by)),
        (_("Status"), "get_status_display"),
        (_("Ändrade"), "changed"),
        (_("Oförändrade"), "unchanged"),
        (_("Fel"), "error_count"),
    ]

    def get_queryset(self):
        return bulk.imports_for_log(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Importer av åtgärder"),
            breadcrumbs=bulk_crumbs(self.request),
            everyone=self.request.user.has_perm("cycles.change_measure"),
            **kwargs,
        )


class ImportMixin(WorkspaceMixin):
    """A page about one import the user may see (404 otherwise)."""

    permission_required = IMPORT_PERMS

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission():  # else the login page or 403, as every workspace page
            self.measure_import = get_object_or_404(
                bulk.imports_visible_to(request.user).select_related("created_by"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class ImportDetail(ImportMixin, TemplateView):
    """/arbete/atgarder/importer/<pk>/: a preview row by row with confirm and cancel, the errors of a
    refused file, or what a done import wrote."""

    template_name = "cycles/workspace/bulk/detail.html"

    def get_context_data(self, **kwargs):
        measure_import = self.measure_import
        labels = dict(MeasureStatus.choices)
        page = Paginator(measure_import.rows, PREVIEW_ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        rows = [
            {
                **row,
                "status_before_label": labels.get(row["status_before"], row["status_before"]),
                "status_label": labels.get(row["status"], row["status"]),
                "status_changed": row["status"] != row["status_before"],
                "progress_changed": row["progress"] != row["progress_before"],
            }
            for row in page.object_list
        ]
        waiting = measure_import.status == MeasureImportStatus.PREVIEW
        when = timezone.localtime(measure_import.created_at)
        return super().get_context_data(
            title=_("Import %(when)s") % {"when": when.strftime("%Y-%m-%d %H:%M")},
            breadcrumbs=bulk_crumbs(self.request, (_("Importer"), reverse("cycles:measure-imports"))),
            measure_import=measure_import,
            page_obj=page,
            rows=rows,
            waiting=waiting,
            may_confirm=waiting
            and self.request.user.has_perm("cycles.confirm_measureimport", measure_import),
            waiting_for_approval=sum(1 for row in measure_import.rows if row.get("needs_approval")),
            **kwargs,
        )


class ImportAction(ImportMixin, View):
    """POST only: confirm or cancel a preview (the user who uploaded it)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("cycles.confirm_measureimport", self.measure_import):
            raise PermissionDenied
        try:
            self.act()
        except bulk.ImportNotWaiting as exc:
            messages.info(
                request,
                _("Importen väntar inte längre på bekräftelse (%(status)s). Inget mer har ändrats.")
                % {"status": exc.measure_import.get_status_display().lower()},
            )
        return redirect("cycles:measure-import-detail", pk=self.measure_import.pk)

    def act(self) -> None:
        raise NotImplementedError


class ImportConfirm(ImportAction):
    """/arbete/atgarder/importer/<pk>/bekrafta/: write the preview's lägesrapporter, once."""

    def act(self):
        outcome = run_once(
            self.request,
            lambda: bulk.confirm_import(measure_import=self.measure_import, by=self.request.user),
        )
        done = outcome.object
        if outcome.repeated:
            messages.info(self.request, _("Importen hade redan bekräftats. Den är genomförd en gång."))
        elif done.status == MeasureImportStatus.DONE:
            waiting = sum(1 for row in done.rows if row.get("needs_approval"))
            message = _("Importen är genomförd: %(n)s lägesrapporter är sparade.") % {"n": done.changed}
            if waiting:
                message += " " + _("%(n)s av dem visas offentligt när en samordnare har godkänt dem.") % {
                    "n": waiting
                }
            messages.success(self.request, message)
        else:
            messages.error(
                self.request,
                _("Inget har sparats: åtgärderna har ändrats sedan förhandsgranskningen. Se vad nedan."),
            )


class ImportCancel(ImportAction):
    """/arbete/atgarder/importer/<pk>/avbryt/: drop a preview; nothing is written."""

    def act(self):
        bulk.cancel_import(measure_import=self.measure_import)
        messages.info(self.request, _("Importen är avbruten. Inget har ändrats."))
