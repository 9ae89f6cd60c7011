"""Places for residents: /platser/ (every named place by area), a place's page with its public history
(problems found there and dialogue observations), /omraden/ (every area), and an area's page with its
places, public problems, survey figures and what later apps add (measures, medborgarlöften,
follow-ups). Everything starts from a QuerySet's public(); internal material never shows."""

from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from trygg import dashboard
from trygg.views import PublicPageMixin, newest
from trygg.visibility import Visibility

from ...models import Area, Observation, Place, Problem, SituationReport, small_count_threshold
from .statistics import area_charts


def public_observation_counts():
    return Count(
        "observations", filter=Q(observations__dialogue__visibility=Visibility.PUBLIC), distinct=True
    )


class PlaceList(PublicPageMixin, ListView):
    """/platser/: every named place by area, with how much public history each has."""

    template_name = "lagesbild/place/list.html"
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

    template_name = "lagesbild/place/detail.html"
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


class AreaList(PublicPageMixin, ListView):
    """/omraden/: every area with how many places it has and what later apps count there (measures)."""

    template_name = "lagesbild/place/area_list.html"
    context_object_name = "areas"
    title = _("Områden")

    def get_queryset(self):
        return Area.objects.annotate(place_count=Count("places")).order_by("name")

    def get_last_updated(self):
        return newest(super().get_last_updated(), Area.objects.aggregate(d=Max("updated_at"))["d"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        areas = ctx["areas"]
        # Columns that later apps add (e.g. the number of public measures): context gives "counts".
        columns = dashboard.panels_for(self.request, page="area-index", areas=areas)
        ctx.update(
            columns=[panel for panel, _counts in columns],
            rows=[
                (area, [(panel, counts["counts"].get(area.pk, 0)) for panel, counts in columns])
                for area in areas
            ],
        )
        return ctx


class AreaDetail(PublicPageMixin, DetailView):
    """/omraden/<slug>/: an area (kommundel or tätort), its places, public problems and survey figures."""

    template_name = "lagesbild/place/area.html"
    context_object_name = "area"
    breadcrumbs = [(_("Områden"), reverse_lazy("lagesbild:area-list"))]

    def get_object(self, queryset=None):
        return get_object_or_404(Area, slug=self.kwargs["slug"])

    def get_last_updated(self):
        return self.last_updated

    def get_context_data(self, **kwargs):
        area = self.object
        places = list(Place.objects.public().filter(area=area).order_by("name"))
        problems = list(Problem.objects.public().filter(areas=area).order_by("priority", "title").distinct())
        indicator_charts = area_charts(self.request, area)
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
