"""Statistics in the workspace (/arbete/statistik/, coordinators): indicators, the import log, imports of
Brå and Kolada files or a Kolada fetch, survey CSVs, and manual entry of a survey value."""

from django.contrib import messages
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from trygg.submissions import ALREADY_SAVED, run_once
from trygg.views import WorkspaceMixin

from ...forms.statistics import ImportForm, ImportKind, IndicatorForm, SurveyValueForm
from ...importers import kolada
from ...models import ImportRun, ImportStatus, Indicator, IndicatorValue
from ...services.statistics import (
    default_areas,
    enter_survey_value,
    import_bra_file,
    import_kolada_document,
    import_survey_file,
    kolada_indicator,
    record_failed_fetch,
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


class ImportRunDetail(StatisticsMixin, DetailView):
    template_name = "lagesbild/workspace/statistics/import_run.html"
    context_object_name = "run"
    queryset = ImportRun.objects.select_related("indicator", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        when = timezone.localtime(self.object.started_at)  # the municipality's time, as in the list
        ctx["title"] = _("Import %(when)s") % {"when": when.strftime("%Y-%m-%d %H:%M")}
        return ctx


class ImportView(StatisticsMixin, FormView):
    """Upload or fetch, then show the run's result. A failed run changes nothing and keeps the options."""

    template_name = "lagesbild/workspace/statistics/import_form.html"
    form_class = ImportForm
    title = _("Importera siffror")

    def get_initial(self):
        return {"kind": self.request.GET.get("typ", ImportKind.BRA)}

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        upload = data.get("file")
        file_name = upload.name if upload else ""
        kind = data["kind"]
        if kind == ImportKind.BRA:
            run = import_bra_file(
                indicator=data["indicator"],
                data=upload.read(),
                year=data["year"],
                file_name=file_name,
                user=user,
            )
        elif kind == ImportKind.SURVEY:
            run = import_survey_file(
                indicator=data["indicator"], data=upload.read(), file_name=file_name, user=user
            )
        else:
            indicator = data["indicator"] or kolada_indicator(data["kpi"])
            if kind == ImportKind.KOLADA_FILE:
                payload = upload.read()
            else:
                areas = default_areas()
                file_name = kolada.data_url(indicator.external_id, areas, data["year_list"])
                try:
                    payload = kolada.fetch(indicator.external_id, areas, data["year_list"])
                except kolada.KoladaError as exc:
                    # Logged as a failed run like any other; the page shows the reason.
                    payload = None
                    run = record_failed_fetch(
                        indicator=indicator, reason=str(exc), file_name=file_name, user=user
                    )
            if payload is not None:
                run = import_kolada_document(
                    indicator=indicator, data=payload, file_name=file_name, user=user
                )
        if run.status == ImportStatus.OK:
            messages.success(
                self.request,
                _("Importen är klar: %(created)s nya och %(updated)s ändrade värden.")
                % {"created": run.rows_created, "updated": run.rows_updated},
            )
            return redirect("lagesbild:workspace-import-run", pk=run.pk)
        return self.render_to_response(self.get_context_data(form=form, run=run))


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
        form.save()
        messages.success(self.request, _("Indikatorn är sparad."))
        return redirect("lagesbild:workspace-statistics")


class SurveyValueCreate(StatisticsMixin, FormView):
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

    def form_valid(self, form):
        data = form.cleaned_data
        run = enter_survey_value(
            indicator=data["indicator"],
            area=data["area"],
            lpo_name=data["lpo_name"],
            year=data["year"],
            gender=data["gender"],
            value=data["value"],
            count=data["count"],
            user=self.request.user,
        )
        if run.status != ImportStatus.OK:
            for error in run.errors:
                form.add_error(None, error["reason"])
            return self.form_invalid(form)
        messages.success(self.request, _("Värdet är sparat."))
        return redirect("lagesbild:workspace-statistics")
