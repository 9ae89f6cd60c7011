"""Read-only pages for residents: adopted lägesbilder, focus areas, dialogues held, places and their
history. Everything starts from a QuerySet's public(); internal material never reaches these pages."""

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from trygg import dashboard
from trygg.models import MunicipalitySettings
from trygg.views import PublicPageMixin, newest
from trygg.visibility import Visibility

from .. import charts
from ..models import (
    Area,
    Dialogue,
    IndicatorValue,
    Observation,
    Place,
    Problem,
    SituationReport,
    small_count_threshold,
)

DIALOGUES_SHOWN = 10


def comparison_series(request) -> list[tuple[str, str]]:
    """(Kolada area code, label) for the municipality, its county and the country."""
    municipality = MunicipalitySettings.for_request(request).municipality
    if municipality is None:
        return [(settings.TRYGG_MUNICIPALITY_CODE, str(_("Kommunen"))), ("0000", str(_("Riket")))]
    return [
        (municipality.code, municipality.name),
        (f"00{municipality.county_code}", municipality.county_name),
        ("0000", str(_("Riket"))),
    ]


def overview_charts(request) -> list:
    """Trend charts of the public indicators: municipality, county and country (one query)."""
    spec = comparison_series(request)
    values = (
        IndicatorValue.objects.public()
        .filter(gender="T", area_code__in=[code for code, _label in spec])
        .select_related("indicator")
        .order_by("indicator__order", "indicator__name", "indicator_id", "year")
    )
    return charts.build(list(values), spec)


class SituationOverview(PublicPageMixin, ListView):
    """/lagesbild/: adopted public lägesbilder newest first, the focus areas and the dialogues held."""

    template_name = "lagesbild/overview.html"
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
        ctx["indicator_charts"] = overview_charts(self.request)
        ctx["last_updated"] = newest(ctx["last_updated"], *(c.updated_at for c in ctx["indicator_charts"]))
        return ctx


class ReportDetail(PublicPageMixin, DetailView):
    """/lagesbild/<pk>/: one adopted or superseded public lägesbild; an old version points to the new."""

    template_name = "lagesbild/report_detail.html"
    context_object_name = "report"
    breadcrumbs = [(_("Lägesbild"), reverse_lazy("lagesbild:overview"))]

    def get_queryset(self):
        return SituationReport.objects.public().with_list_data()

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


def public_observation_counts():
    return Count(
        "observations", filter=Q(observations__dialogue__visibility=Visibility.PUBLIC), distinct=True
    )


class PlaceList(PublicPageMixin, ListView):
    """/platser/: every named place by area, with how much public history each has."""

    template_name = "lagesbild/place_list.html"
    context_object_name = "places"
    paginate_by = 25
    title = _("Platser")

    def get_queryset(self):
        return (
            Place.objects.public()
            .with_list_data()
            .annotate(
                observation_count=public_observation_counts(),
                problem_count=Count(
                    "problems", filter=Q(problems__visibility=Visibility.PUBLIC), distinct=True
                ),
            )
        )

    def get_last_updated(self):
        return newest(super().get_last_updated(), Place.objects.aggregate(d=Max("updated_at"))["d"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["areas"] = list(Area.objects.annotate(place_count=Count("places")))
        return ctx


class PlaceDetail(PublicPageMixin, DetailView):
    """/platser/<slug>/: a place and its public history: problems found there and dialogue observations."""

    template_name = "lagesbild/place_detail.html"
    context_object_name = "place"
    breadcrumbs = [(_("Platser"), reverse_lazy("lagesbild:place-list"))]

    def get_object(self, queryset=None):
        return get_object_or_404(Place.objects.public().select_related("area"), slug=self.kwargs["slug"])

    def get_last_updated(self):
        return self.last_updated

    def get_context_data(self, **kwargs):
        place = self.object
        problems = list(
            Problem.objects.public()
            .filter(places=place)
            .prefetch_related(
                Prefetch("reports", queryset=SituationReport.objects.public().select_related("decision"))
            )
        )
        observations = list(
            Observation.objects.public()
            .filter(place=place)
            .select_related("dialogue")
            .order_by("-dialogue__held_on", "-pk")
        )
        self.last_updated = newest(
            place.updated_at,
            *(p.updated_at for p in problems),
            *(o.dialogue.updated_at for o in observations),
        )
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=place.name,
            problems=problems,
            observations=observations,
            # Sections later apps add about this place (e.g. the measures there).
            sections=dashboard.panels_for(self.request, page="place-detail", place=place),
        )
        return ctx


class AreaDetail(PublicPageMixin, DetailView):
    """/omraden/<slug>/: an area (kommundel or tätort), its places, public problems and survey figures."""

    template_name = "lagesbild/area_detail.html"
    context_object_name = "area"
    breadcrumbs = [(_("Platser"), reverse_lazy("lagesbild:place-list"))]

    def get_object(self, queryset=None):
        return get_object_or_404(Area, slug=self.kwargs["slug"])

    def get_last_updated(self):
        return self.last_updated

    def get_context_data(self, **kwargs):
        area = self.object
        places = list(area.places.order_by("name"))
        problems = list(Problem.objects.public().filter(areas=area).order_by("priority", "title").distinct())
        own_code = f"omrade:{area.slug}"
        spec = [(own_code, area.name), (comparison_series(self.request)[0][0], str(_("Hela kommunen")))]
        values = (
            IndicatorValue.objects.public()
            .filter(gender="T")
            .filter(Q(area=area) | Q(area_code=spec[-1][0]))
            .select_related("indicator")
            .order_by("indicator__order", "indicator__name", "indicator_id", "year")
        )
        indicator_charts = charts.build(list(values), spec, require=own_code)
        self.last_updated = newest(
            area.updated_at,
            *(p.updated_at for p in places),
            *(p.updated_at for p in problems),
            *(c.updated_at for c in indicator_charts),
        )
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=area.name,
            places=places,
            problems=problems,
            indicator_charts=indicator_charts,
            small_count=small_count_threshold(),
            # Sections later apps add about this area (e.g. the measures there).
            sections=dashboard.panels_for(self.request, page="area-detail", area=area),
        )
        return ctx
