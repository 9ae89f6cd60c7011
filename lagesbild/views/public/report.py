"""The public lägesbild: /lagesbild/ (adopted public lägesbilder, the focus areas, the dialogues held and
the indicators' charts) and one adopted or superseded lägesbild."""

from django.db.models import Max, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from trygg.views import PublicPageMixin, newest

from ...models import Dialogue, Problem, SituationReport, small_count_threshold
from ...services.unsafe_place import last_twelve_months, public_counts_by_category
from .statistics import overview_charts

DIALOGUES_SHOWN = 10


class SituationOverview(PublicPageMixin, ListView):
    """/lagesbild/: adopted public lägesbilder newest first, the focus areas and the dialogues held."""

    template_name = "lagesbild/report/overview.html"
    context_object_name = "reports"
    paginate_by = 10
    title = _("Lägesbild")

    def get_queryset(self):
        return SituationReport.objects.public().adopted().with_list_data().newest_first()

    def get_last_updated(self):
        return newest(
            super().get_last_updated(),
            SituationReport.objects.public().aggregate(d=Max("updated_at"))["d"],
            Problem.objects.public().aggregate(d=Max("updated_at"))["d"],
            Dialogue.objects.public().aggregate(d=Max("updated_at"))["d"],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["focus_areas"] = list(Problem.objects.public().focus_areas().with_list_data())
        ctx["dialogues"] = list(Dialogue.objects.public().with_list_data().newest_first()[:DIALOGUES_SHOWN])
        # Count only when the list is full: fewer than the limit are all there is.
        ctx["dialogue_total"] = (
            Dialogue.objects.public().count()
            if len(ctx["dialogues"]) == DIALOGUES_SHOWN
            else len(ctx["dialogues"])
        )
        # Residents' reports as one more source: published ones per category, small counts suppressed.
        ctx["counts_period"] = last_twelve_months()
        ctx["unsafe_place_counts"] = public_counts_by_category(*ctx["counts_period"])
        ctx["small_count"] = small_count_threshold()
        ctx["indicator_charts"] = overview_charts(self.request)
        ctx["last_updated"] = newest(ctx["last_updated"], *(c.updated_at for c in ctx["indicator_charts"]))
        return ctx


class ReportDetail(PublicPageMixin, DetailView):
    """/lagesbild/<pk>/: one adopted or superseded public lägesbild; an old version points to the new."""

    template_name = "lagesbild/report/detail.html"
    context_object_name = "report"
    breadcrumbs = [(_("Lägesbild"), reverse_lazy("lagesbild:overview"))]

    def get_queryset(self):
        return SituationReport.objects.public().with_list_data().prefetch_related("partners")

    def get_last_updated(self):
        return self.object.updated_at

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.object.title
        # The versions before and after this one, when they are public too.
        public_ids = set(
            SituationReport.objects.public()
            .filter(Q(supersedes=self.object) | Q(superseded_by=self.object))
            .values_list("pk", flat=True)
        )
        newer = getattr(self.object, "superseded_by", None)
        older = self.object.supersedes
        ctx["newer"] = newer if newer is not None and newer.pk in public_ids else None
        ctx["older"] = older if older is not None and older.pk in public_ids else None
        # The public indicators this lägesbild's kartläggning rests on (their charts are on /lagesbild/).
        ctx["public_indicators"] = list(self.object.indicators.public())
        return ctx
