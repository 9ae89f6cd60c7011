"""Statistics in the workspace (/arbete/statistik/, coordinators): indicators, the import log, imports of
Brå, NTU and Kolada files or a Kolada fetch, survey CSVs, and manual entry of a survey value.

An import is previewed first: the upload (or fetch) becomes a waiting run whose page shows what would
change, and nothing is written until the coordinator confirms it there (or cancels it).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from trygg.spreadsheet import csv_response
from trygg.submissions import ALREADY_SAVED, SentOnceMixin, forget_sending, run_once
from trygg.views import WorkspaceMixin

from ...forms.statistics import ImportConfirmForm, ImportForm, ImportKind, IndicatorForm, SurveyValueForm
from ...importers import PreviewOutdated
from ...models import Gender, ImportRun, ImportStatus, Indicator, IndicatorValue
from ...services.refresh import failed_refreshes
from ...services.statistics import (
    Kind,
    cancel_import,
    confirm_import,
    enter_survey_value,
    kolada_indicator,
    preview_kolada_fetch,
    preview_of,
    preview_upload,
)
from . import WORKSPACE_CRUMB

CRUMBS = [WORKSPACE_CRUMB, (_("Statistik"), reverse_lazy("lagesbild:workspace-statistics"))]


class StatisticsMixin(WorkspaceMixin):
    permission_required = ("trygg.view_workspace", "lagesbild.manage_statistics")
    title = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("title", self.title)
        ctx.setdefault("breadcrumbs", CRUMBS)
        return ctx


class StatisticsHome(StatisticsMixin, ListView):
    """The indicators with their number of values and latest year, and the import log (paginated)."""

    template_name = "lagesbild/workspace/statistics/overview.html"
    context_object_name = "runs"
    paginate_by = 25
    title = _("Statistik")

    def get_queryset(self):
        return ImportRun.objects.select_related("indicator", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        values = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by().values("indicator")
        ctx["indicators"] = list(
            Indicator.objects.annotate(
                value_count=Coalesce(Subquery(values.annotate(n=Count("pk")).values("n")), 0),
                latest_year=Subquery(values.annotate(y=Max("year")).values("y")),
                report_count=Count("reports", distinct=True),
            )
        )
        ctx["breadcrumbs"] = [WORKSPACE_CRUMB]
        return ctx


# Rows of each kind shown on the preview page; all of them are in the preview's CSV.
PREVIEW_ROWS = 100

UPLOAD_KINDS = {
    ImportKind.BRA: Kind.BRA,
    ImportKind.KOLADA_FILE: Kind.KOLADA,
    ImportKind.NTU_COUNTY: Kind.NTU_COUNTY,
    ImportKind.SURVEY: Kind.SURVEY,
}


class ImportRunDetail(StatisticsMixin, DetailView):
    """A run's result, or, while it waits, its preview: what would be new, changed, emptied, unchanged
    and skipped, computed afresh against what is stored now, with the buttons to confirm or cancel."""

    template_name = "lagesbild/workspace/statistics/import_run.html"
    context_object_name = "run"
    queryset = ImportRun.objects.select_related("indicator", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        when = timezone.localtime(self.object.started_at)  # the municipality's time, as in the list
        ctx["title"] = _("Import %(when)s") % {"when": when.strftime("%Y-%m-%d %H:%M")}
        if self.object.is_preview and self.object.indicator is not None:
            preview = preview_of(self.object)
            ctx["preview"] = preview
            ctx["preview_rows"] = PREVIEW_ROWS
            ctx["sections"] = [
                ("changed", _("Värden som ändras"), preview.changed),
                ("removed", _("Sparade värden som saknas i filen"), preview.removed),
                ("new", _("Nya värden"), preview.new),
            ]
            ctx["confirm_form"] = ImportConfirmForm(
                initial={"fingerprint": preview.fingerprint}, removals=len(preview.removed)
            )
            ctx["title"] = _("Kontrollera importen innan den sparas")
        return ctx


class ImportRunDecide(StatisticsMixin, SingleObjectMixin, FormView):
    """POST only: confirm a waiting import (exactly what the preview showed) or cancel it."""

    http_method_names = ["post"]
    form_class = ImportConfirmForm
    queryset = ImportRun.objects.select_related("indicator")

    def post(self, request, *args, **kwargs):
        self.object = run = self.get_object()
        form = self.get_form()
        if request.POST.get("action") == "avbryt":
            if cancel_import(run):
                messages.info(request, _("Importen är avbruten. Inget har ändrats."))
            return redirect("lagesbild:workspace-statistics")
        if not form.is_valid() or not run.is_preview:
            messages.info(request, _("Importen väntar inte längre på bekräftelse. Här är vad den gjorde."))
            return redirect("lagesbild:workspace-import-run", pk=run.pk)
        try:
            run = confirm_import(
                run,
                fingerprint=form.cleaned_data["fingerprint"],
                remove_missing=form.cleaned_data["remove_missing"],
            )
        except PreviewOutdated:
            messages.warning(
                request,
                _(
                    "De sparade siffrorna har ändrats sedan förhandsvisningen visades, troligen av en "
                    "annan import. Inget har sparats. Kontrollera ändringarna nedan och bekräfta igen."
                ),
            )
            return redirect("lagesbild:workspace-import-run", pk=run.pk)
        if run.status == ImportStatus.OK:
            messages.success(
                request,
                _("Importen är klar: %(created)s nya, %(updated)s ändrade och %(removed)s borttagna värden.")
                % {"created": run.rows_created, "updated": run.rows_updated, "removed": run.rows_removed},
            )
        return redirect("lagesbild:workspace-import-run", pk=run.pk)


class ImportPreviewCsv(StatisticsMixin, DetailView):
    """Every row of a waiting import's preview as a spreadsheet: what each value is now and would be."""

    queryset = ImportRun.objects.select_related("indicator").filter(status=ImportStatus.PREVIEW)

    def render_to_response(self, context, **response_kwargs):
        preview = preview_of(self.object)
        labels = {
            "new": _("ny"),
            "changed": _("ändras"),
            "unchanged": _("oförändrad"),
            "removed": _("saknas i filen"),
        }
        genders = dict(Gender.choices)
        rows = [
            [
                str(_("Rad")),
                str(_("Område")),
                str(_("Områdeskod")),
                str(_("År")),
                str(_("Kön")),
                str(_("Ändring")),
                str(_("Sparat värde")),
                str(_("Värde i filen")),
                str(_("Sparat antal")),
                str(_("Antal i filen")),
            ]
        ]
        for change in preview.changes:
            row = change.row
            rows.append(
                [
                    row.line,
                    row.area_name,
                    row.area_code,
                    row.year,
                    str(genders.get(row.gender, row.gender)),
                    str(labels[change.kind]),
                    _decimal(change.old_value),
                    _decimal(row.value),
                    change.old_count,
                    row.count,
                ]
            )
        for skipped in preview.parsed.skipped:
            rows.append([skipped["line"], "", "", "", "", str(_("hoppas över: %s") % skipped["reason"])])
        return csv_response(f"import-{self.object.pk}-forhandsvisning.csv", rows)


def _decimal(value):
    return "" if value is None else str(value).replace(".", ",")


class ImportView(SentOnceMixin, StatisticsMixin, FormView):
    """Upload or fetch, then show the preview. A file that cannot be read changes nothing, keeps the
    options and lists every bad line. The preview is made once per form token: the form sent again
    (Back, a reload, a double click) is "already saved" and leads to the first sending's preview."""

    template_name = "lagesbild/workspace/statistics/import_form.html"
    form_class = ImportForm
    title = _("Importera siffror")

    def get_initial(self):
        return {"kind": self.request.GET.get("typ", ImportKind.BRA)}

    def repeated_url(self, created) -> str:
        return reverse("lagesbild:workspace-import-run", args=[created.pk])

    def form_valid(self, form):
        outcome = run_once(self.request, lambda: self.preview(form.cleaned_data))
        run = outcome.object
        if outcome.repeated:  # sent at the same moment as the first sending
            messages.info(self.request, ALREADY_SAVED)
            return redirect("lagesbild:workspace-import-run", pk=run.pk)
        if run.is_preview:
            return redirect("lagesbild:workspace-import-run", pk=run.pk)
        # A file that could not be read: its run is in the log, and the corrected file may be sent
        # with the same form (and token).
        forget_sending(self.request)
        return self.render_to_response(self.get_context_data(form=form, run=run))

    def preview(self, data) -> ImportRun:
        user = self.request.user
        kind = data["kind"]
        if kind in (ImportKind.KOLADA_FILE, ImportKind.KOLADA_FETCH):
            indicator = data["indicator"] or kolada_indicator(data["kpi"])
        else:
            indicator = data["indicator"]
        if kind == ImportKind.KOLADA_FETCH:
            run, _preview = preview_kolada_fetch(indicator=indicator, years=data["year_list"], user=user)
        else:
            upload = data["file"]
            run, _preview = preview_upload(
                indicator=indicator,
                kind=UPLOAD_KINDS[kind],
                data=upload.read(),
                file_name=upload.name,
                user=user,
                year=data.get("year"),
                sheet=(data.get("sheet") or "").strip(),
            )
        return run


class IndicatorCreate(StatisticsMixin, CreateView):
    template_name = "lagesbild/workspace/statistics/indicator_form.html"
    form_class = IndicatorForm
    title = _("Ny indikator")

    def form_valid(self, form):
        outcome = run_once(self.request, form.save)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
            return redirect("lagesbild:workspace-statistics")
        messages.success(self.request, _("Indikatorn är sparad."))
        return redirect("lagesbild:workspace-indicator-update", pk=outcome.object.pk)


class IndicatorUpdate(StatisticsMixin, UpdateView):
    """Name, description, public or not, and which lägesbilder it is part of the kartläggning for."""

    template_name = "lagesbild/workspace/statistics/indicator_form.html"
    form_class = IndicatorForm
    model = Indicator
    title = _("Ändra indikator")

    def form_valid(self, form):
        try:
            form.save()
        except ValidationError as exc:  # CONFLICT_MESSAGE: a colleague saved after the form's check
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Indikatorn är sparad."))
        return redirect("lagesbild:workspace-statistics")


class SurveyValueCreate(SentOnceMixin, StatisticsMixin, FormView):
    """One value from a survey, entered by hand: logged as a run, once per form token."""

    template_name = "lagesbild/workspace/statistics/survey_value_form.html"
    form_class = SurveyValueForm
    title = _("Lägg in ett värde från en mätning")

    def get_initial(self):
        indicator = self.request.GET.get("indikator")
        return (
            {"indicator": get_object_or_404(Indicator, pk=indicator)}
            if indicator and indicator.isdigit()
            else {}
        )

    def repeated_url(self, created) -> str:
        return reverse("lagesbild:workspace-statistics")

    def form_valid(self, form):
        data = form.cleaned_data
        outcome = run_once(
            self.request,
            lambda: enter_survey_value(
                indicator=data["indicator"],
                area=data["area"],
                lpo_name=data["lpo_name"],
                year=data["year"],
                gender=data["gender"],
                value=data["value"],
                count=data["count"],
                user=self.request.user,
            ),
        )
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
            return redirect("lagesbild:workspace-statistics")
        run = outcome.object
        if run.status != ImportStatus.OK:
            forget_sending(self.request)  # free for the corrected form
            for error in run.errors:
                form.add_error(None, error["reason"])
            return self.form_invalid(form)
        messages.success(self.request, _("Värdet är sparat."))
        return redirect("lagesbild:workspace-statistics")


def failed_refresh_panel(request) -> dict | None:
    """Dashboard (coordinators): indicators whose latest automatic Kolada refresh failed."""
    if not request.user.has_perm("lagesbild.manage_statistics"):
        return None
    runs = failed_refreshes()
    return {"runs": runs} if runs else None
