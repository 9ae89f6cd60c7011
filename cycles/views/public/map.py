"""The residents' map (/karta/) and its data (/karta/data.geojson): every area and place with a point
where it lies, sized by how many public measures match the filters of /atgarder/.

The map is an SVG drawn on the server (lagesbild.geo), so it works without JavaScript and, by default,
without a single request to another host; a tile layer is drawn beneath only when the installation
configures one (MAP_TILE_URL), and only then does this page's Content-Security-Policy allow that host.

Areas and places with no matching measure are drawn muted rather than hidden: the map keeps its shape
and its Tab order while the filters change, a resident still finds their own area on it, and the map
and the list beside it always hold the same things.

Only `Measure.objects.public()` is ever counted or named. Areas and places are public themselves.
Both views run a fixed number of queries whatever the number of areas, places and measures.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView

from lagesbild import geo
from lagesbild.models import Area, Place
from trygg.models import MunicipalitySettings
from trygg.views import PublicPageMixin, newest

from ...forms.measure import MeasureFilterForm
from ...models import Measure

AREA_RADIUS = 7.0
PLACE_RADIUS = 4.5
MUTED_RADIUS = 3.5


@dataclass
class MapPoint:
    """An area or place as the map, its list and its data show it."""

    obj: Area | Place
    kind: str  # "area" or "place"
    measures: list[tuple[str, str]] = field(default_factory=list)  # (title, slug) of matching measures
    x: float | None = None
    y: float | None = None
    radius: float = 0.0
    label: geo.Label | None = None
    count_url: str = ""

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()

    @property
    def count(self) -> int:
        return len(self.measures)

    @property
    def kind_label(self) -> str:
        if self.kind == "area":
            return str(_("område"))
        return str(_("plats i %(area)s") % {"area": self.obj.area.name})

    @property
    def on_map(self) -> bool:
        return self.x is not None

    @property
    def muted(self) -> bool:
        return self.count == 0

    @property
    def count_text(self) -> str:
        if not self.count:
            return str(_("inga åtgärder"))
        return ngettext("%(n)s åtgärd", "%(n)s åtgärder", self.count) % {"n": self.count}

    @property
    def accessible_name(self) -> str:
        """What a screen reader says for the point: "Ryd, område: 3 åtgärder"."""
        return f"{self.name}, {self.kind_label}: {self.count_text}"

    @property
    def svg(self) -> dict:
        """Numbers for the template's SVG attributes, with a decimal point whatever the language."""
        label = self.label or geo.Label(self.x + self.radius + 3, self.y + 5, "start")
        return {
            "cx": geo.coordinate(self.x),
            "cy": geo.coordinate(self.y),
            "r": geo.coordinate(self.radius),
            "ring": geo.coordinate(self.radius + 7),
            "label_x": geo.coordinate(label.x),
            "label_y": geo.coordinate(label.y),
            "anchor": label.anchor,
            "label_shown": self.label is not None,
        }


def matching_measures(request) -> tuple[MeasureFilterForm, object]:
    """The filter form of /atgarder/ bound to the query string, and the public measures it lets through."""
    public = Measure.objects.public()
    form = MeasureFilterForm(request.GET or None, measures=public)
    return form, form.filter(public)


def map_points(matching) -> list[MapPoint]:
    """Every area followed by its places (the map's Tab order and the list's order), each with the
    matching public measures linked to it. Four queries, whatever the numbers."""
    areas = list(Area.objects.order_by("name", "pk"))
    places = list(Place.objects.public().with_list_data().order_by("name", "pk"))
    matching_pks = matching.values("pk")
    links = {}
    for kind, through, key in [
        ("area", Measure.areas.through, "area_id"),
        ("place", Measure.places.through, "place_id"),
    ]:
        rows = (
            through.objects.filter(measure__in=matching_pks)
            .order_by("measure__title", "measure__pk")
            .values_list(key, "measure__title", "measure__slug")
        )
        for pk, title, slug in rows:
            links.setdefault((kind, pk), []).append((title, slug))
    places_by_area = {}
    for place in places:
        places_by_area.setdefault(place.area_id, []).append(place)
    points = []
    for area in areas:
        points.append(MapPoint(area, "area", links.get(("area", area.pk), [])))
        points.extend(
            MapPoint(place, "place", links.get(("place", place.pk), []))
            for place in places_by_area.get(area.pk, [])
        )
    return points


def municipality_code(request) -> str:
    return MunicipalitySettings.for_request(request).municipality_id or settings.TRYGG_MUNICIPALITY_CODE


def lay_out(points: list[MapPoint], frame: geo.Frame) -> None:
    """Project the points that have coordinates inside the frame, size them by their count, and place
    labels: areas first (the names residents look for), then places with the most measures."""
    largest = max((p.count for p in points), default=0) or 1
    for point in points:
        if not point.obj.has_coordinates:
            continue
        x, y = frame.project(point.obj.longitude, point.obj.latitude)
        if not frame.contains(x, y):
            continue  # outside the municipality's frame: listed among those not on the map
        point.x, point.y = x, y
        base = AREA_RADIUS if point.kind == "area" else PLACE_RADIUS
        point.radius = MUTED_RADIUS if point.muted else base + 6 * math.sqrt(point.count / largest)
    drawn = sorted(
        (p for p in points if p.on_map), key=lambda p: (p.kind != "area", p.muted, -p.count, p.name)
    )
    labels = geo.place_labels([(p.x, p.y, p.radius, p.name) for p in drawn], frame)
    for point, label in zip(drawn, labels, strict=True):
        point.label = label


class MapView(PublicPageMixin, TemplateView):
    """/karta/: the municipality with a point per area and place, the filters of /atgarder/, a legend,
    and the same content as a table for those who do not use the map."""

    template_name = "cycles/map/map.html"
    title = _("Karta över åtgärderna")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        origin = geo.tile_origin(settings.TRYGG_MAP_TILE_URL)
        if origin:
            # The tile host is allowed here only, and only when configured: every other page keeps the
            # site's policy of loading nothing from other hosts.
            policy = {**settings.SECURE_CSP, "img-src": [*settings.SECURE_CSP["img-src"], origin]}
            return csp_override(policy)(lambda _request: response)(request)
        return response

    def get_last_updated(self):
        latest = Measure.objects.public().aggregate(d=Max("updated_at"))["d"]
        return newest(
            super().get_last_updated(),
            latest,
            Area.objects.aggregate(d=Max("updated_at"))["d"],
            Place.objects.aggregate(d=Max("updated_at"))["d"],
        )

    def get_context_data(self, **kwargs):
        form, matching = matching_measures(self.request)
        points = map_points(matching)
        polygons = geo.boundary(municipality_code(self.request))
        frame = geo.fit(polygons)
        lay_out(points, frame)
        query = self.request.GET.copy()
        filtered = bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values()))
        for point in points:
            if point.kind == "area" and point.count:
                query["omrade"] = point.obj.slug
                point.count_url = f"{reverse('cycles:measure-list')}?{query.urlencode()}"
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            form=form,
            filtered=filtered,
            frame=frame,
            boundary=geo.svg_path(polygons, frame),
            # DOM order is Tab order: every area, then its places (drawn after, so on top of it).
            points=[p for p in points if p.on_map],
            rows=points,
            not_on_map=[p for p in points if not p.on_map],
            tiles=geo.tiles(frame, settings.TRYGG_MAP_TILE_URL),
            tile_attribution=settings.TRYGG_MAP_TILE_ATTRIBUTION,
            data_query=self.request.GET.urlencode(),
        )
        return ctx


class MapData(View):
    """/karta/data.geojson: the map's points as a GeoJSON FeatureCollection (longitude, latitude in
    WGS 84), with the same filters; only public measures are named or counted."""

    def get(self, request):
        _form, matching = matching_measures(request)
        features = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(p.obj.longitude), float(p.obj.latitude)],
                },
                "properties": {
                    "name": p.name,
                    "kind": p.kind,
                    "url": p.url,
                    "count": p.count,
                    "measures": [
                        {"title": title, "url": reverse("cycles:measure-detail", args=[slug])}
                        for title, slug in p.measures
                    ],
                },
            }
            for p in map_points(matching)
            if p.obj.has_coordinates
        ]
        return JsonResponse(
            {"type": "FeatureCollection", "features": features},
            content_type="application/geo+json",
            json_dumps_params={"ensure_ascii": False},
        )
