"""The municipality drawn as an SVG on the server: its boundary, points for areas and places, labels that
do not run into each other, and (only when the municipality configures one) the map tiles beneath.

Why on the server: the residents' map must work without JavaScript and without any request to a third
party, so the page itself carries the drawing. Coordinates are projected to Web Mercator, the projection
every tile service uses, so that an optional tile layer lines up with the boundary and the points.

The boundaries are `trygg/data/kommuner.geojson`: Sweden's 290 municipalities as simplified polygons
(WGS 84), properties `id` (kommunkod) and `kom_namn`. Source: the repository okfse/sweden-geojson
(commit ff67bcb), simplified with mapshaper from Valmyndigheten's municipality boundaries as republished
by opendatasoft; its README invites reuse. Simplified to about 2 % of the original detail: good for an
overview map and for placing points, not for deciding which side of a street a place is on.
"""

import functools
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings

from trygg.models import MunicipalitySettings

BOUNDARIES = settings.BASE_DIR / "trygg" / "data" / "kommuner.geojson"

# A ring is a list of (longitude, latitude); a polygon is its outer ring followed by any holes.
Ring = list[tuple[float, float]]
Polygon = list[Ring]

MAX_LATITUDE = 85.05112878  # Web Mercator's limit: beyond it y is infinite
TILE_SIZE = 256  # pixels of one map tile, at every zoom level
MAX_ZOOM = 18


@functools.cache
def boundary(code: str) -> tuple[Polygon, ...]:
    """The municipality's polygons, read from the file once per process (the file holds all 290, about
    800 kB, so it is parsed once and only the one municipality is kept). Empty for an unknown code."""
    with BOUNDARIES.open(encoding="utf-8") as f:
        features = json.load(f)["features"]
    for feature in features:
        if feature["properties"]["id"] == code:
            geometry = feature["geometry"]
            if geometry["type"] == "Polygon":
                return (_polygon(geometry["coordinates"]),)
            return tuple(_polygon(p) for p in geometry["coordinates"])
    return ()


def _polygon(rings) -> Polygon:
    return [[(float(lon), float(lat)) for lon, lat, *_rest in ring] for ring in rings]


def mercator(longitude: float | Decimal, latitude: float | Decimal) -> tuple[float, float]:
    """Web Mercator (EPSG:3857) as fractions of the world: x from 0 (180° W) to 1, y from 0 (north) to 1,
    the unit square that tile z/x/y divides into 2^z × 2^z tiles."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, float(latitude)))
    x = (float(longitude) + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat))) / math.pi) / 2.0
    return x, y


def inverse_mercator(x: float, y: float) -> tuple[float, float]:
    """The WGS 84 (longitude, latitude) of a point given in world fractions: mercator() undone."""
    longitude = x * 360.0 - 180.0
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))
    return longitude, latitude


@dataclass(frozen=True)
class Bounds:
    """The smallest box of longitudes and latitudes that holds a municipality's outer rings."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, longitude: float | Decimal, latitude: float | Decimal) -> bool:
        lon, lat = float(longitude), float(latitude)
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def bounds(polygons: tuple[Polygon, ...] | list[Polygon]) -> Bounds | None:
    """The polygons' bounding box in WGS 84, or None without polygons (an unknown municipality)."""
    points = [point for polygon in polygons for point in polygon[0]]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return Bounds(west=min(lons), south=min(lats), east=max(lons), north=max(lats))


@dataclass(frozen=True)
class Frame:
    """How world fractions map into the SVG's viewBox: `scale` viewBox units per world, origin at
    (`left`, `top`) in world fractions, then `padding` units of margin."""

    left: float
    top: float
    scale: float
    width: int
    height: int
    padding: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def project(self, longitude: float | Decimal, latitude: float | Decimal) -> tuple[float, float]:
        """A WGS 84 position in viewBox units."""
        x, y = mercator(longitude, latitude)
        return self.padding + (x - self.left) * self.scale, self.padding + (y - self.top) * self.scale

    def unproject(self, x: float, y: float) -> tuple[float, float]:
        """A point in viewBox units as WGS 84 (longitude, latitude): project() undone. The same sum is
        done in static/js/report-map.js, from the frame's numbers in the map's data attributes."""
        return inverse_mercator(
            self.left + (x - self.padding) / self.scale, self.top + (y - self.padding) / self.scale
        )

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


def fit(polygons: tuple[Polygon, ...] | list[Polygon], *, width: int = 640, padding: int = 16) -> Frame:
    """A frame `width` units wide in which the polygons' outer rings fill the space inside the padding;
    the height follows from their shape. Without polygons, a square frame around nothing in particular."""
    points = [mercator(lon, lat) for polygon in polygons for lon, lat in polygon[0]]
    if not points:
        return Frame(left=0.0, top=0.0, scale=1.0, width=width, height=width, padding=padding)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    inner = width - 2 * padding
    scale = inner / max(span_x, span_y * 0.75, 1e-12)  # a very tall shape is not drawn taller than 4:3
    left = min(xs) - (inner / scale - span_x) / 2
    height = math.ceil(span_y * scale) + 2 * padding
    return Frame(left=left, top=min(ys), scale=scale, width=width, height=height, padding=padding)


def svg_path(polygons: tuple[Polygon, ...] | list[Polygon], frame: Frame) -> str:
    """The polygons (holes included, drawn with fill-rule evenodd) as one SVG path's `d`, to 0.1 unit."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            last = None
            for i, (lon, lat) in enumerate(ring):
                x, y = frame.project(lon, lat)
                point = f"{x:.1f} {y:.1f}"
                if point != last:
                    parts.append(("M" if i == 0 else "L") + point)
                    last = point
            parts.append("Z")
    return "".join(parts)


def coordinate(value: float) -> str:
    """A number for an SVG attribute: a decimal point whatever the page's language, at most one decimal."""
    return f"{value:.1f}".removesuffix(".0")


# --- A map for choosing or showing one point (residents' reports) -----------------------------------


def municipality_code(request) -> str:
    """The kommunkod the site runs for (the admin's setting, or the installation's default)."""
    return MunicipalitySettings.for_request(request).municipality_id or settings.TRYGG_MUNICIPALITY_CODE


@dataclass(frozen=True)
class PointMap:
    """The municipality fitted into a small SVG, with what a script needs to turn a click into a position
    (`data`: the frame's numbers as text with a decimal point, for data attributes)."""

    frame: Frame
    boundary: str
    bounds: Bounds | None

    @property
    def data(self) -> dict[str, str]:
        numbers = {"left": self.frame.left, "top": self.frame.top, "scale": self.frame.scale}
        numbers |= {"padding": self.frame.padding}
        if self.bounds is not None:
            numbers |= {
                "west": self.bounds.west,
                "south": self.bounds.south,
                "east": self.bounds.east,
                "north": self.bounds.north,
            }
        return {key: repr(float(value)) for key, value in numbers.items()}

    def landmarks(self, points, *, radius: float = 3.0) -> list[dict[str, str]]:
        """Named dots for finding one's way (e.g. the areas): (name, longitude, latitude) in, the dots
        inside the frame with their labels out, as text for the SVG's attributes."""
        drawn = []
        for name, lon, lat in points:
            x, y = self.frame.project(lon, lat)
            if self.frame.contains(x, y):
                drawn.append((x, y, radius, name))
        result = []
        for (x, y, r, name), label in zip(drawn, place_labels(drawn, self.frame), strict=True):
            dot = {"name": name, "cx": coordinate(x), "cy": coordinate(y), "r": coordinate(r)}
            if label is not None:
                dot |= {"x": coordinate(label.x), "y": coordinate(label.y), "anchor": label.anchor}
            result.append(dot)
        return result

    def marker(self, longitude: float | Decimal, latitude: float | Decimal) -> tuple[str, str]:
        """Where a point goes in the SVG (cx, cy as text)."""
        x, y = self.frame.project(longitude, latitude)
        return coordinate(x), coordinate(y)


def point_map(code: str, *, width: int) -> PointMap:
    polygons = boundary(code)
    frame = fit(polygons, width=width)
    path = svg_path(polygons, frame) if polygons else ""
    return PointMap(frame=frame, boundary=path, bounds=bounds(polygons))


# --- Labels ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """Where a point's name goes: `x`, `y` of the text's baseline and its `anchor` (start or end)."""

    x: float
    y: float
    anchor: str


def text_box(x: float, y: float, anchor: str, text: str, font_size: float) -> tuple[float, ...]:
    """The rough box (left, top, right, bottom) a label takes: an average letter is 0.6 em wide."""
    w = len(text) * font_size * 0.6
    left = x - w if anchor == "end" else x
    return (left, y - font_size * 0.8, left + w, y + font_size * 0.25)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    points: list[tuple[float, float, float, str]], frame: Frame, *, font_size: float = 14
) -> list[Label | None]:
    """Labels for points (x, y, radius, text), in the order given as priority: each takes the first of
    right, left, above or below its point that stays inside the frame and clear of the labels and points
    placed before it; a point with no room gets None (its name is still in its link and in the list)."""
    taken = [(x - r, y - r, x + r, y + r) for x, y, r, _text in points]
    placed: list[Label | None] = []
    for index, (x, y, r, text) in enumerate(points):
        gap = r + 3
        candidates = [
            Label(x + gap, y + font_size * 0.35, "start"),
            Label(x - gap, y + font_size * 0.35, "end"),
            Label(x - len(text) * font_size * 0.3, y - gap - 2, "start"),
            Label(x - len(text) * font_size * 0.3, y + gap + font_size * 0.8, "start"),
        ]
        choice = None
        for label in candidates:
            box = text_box(label.x, label.y, label.anchor, text, font_size)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height
            others = (b for i, b in enumerate(taken) if i != index)
            if inside and not any(_overlaps(box, other) for other in others):
                choice = label
                taken.append(box)
                break
        placed.append(choice)
    return placed


# --- The optional tile layer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    href: str
    x: str
    y: str
    size: str


def tile_origin(url_template: str) -> str:
    """The scheme and host a tile template loads from ("https://maps.example.se"), for the CSP; empty
    when no tile layer is configured or the template is not an absolute http(s) address."""
    parts = urlsplit(url_template or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def tile_zoom(frame: Frame) -> int:
    """The zoom level whose tiles are closest to one tile pixel per viewBox unit."""
    return max(0, min(MAX_ZOOM, round(math.log2(max(frame.scale / TILE_SIZE, 1e-9)))))


def tiles(frame: Frame, url_template: str) -> list[Tile]:
    """The tiles (`{z}/{x}/{y}` filled in) that cover the frame, positioned in viewBox units."""
    if not tile_origin(url_template):
        return []
    zoom = tile_zoom(frame)
    count = 2**zoom
    size = frame.scale / count  # one tile in viewBox units

    def world(unit_x: float, unit_y: float) -> tuple[float, float]:
        return (
            frame.left + (unit_x - frame.padding) / frame.scale,
            frame.top + (unit_y - frame.padding) / frame.scale,
        )

    west, north = world(0, 0)
    east, south = world(frame.width, frame.height)
    first_x, last_x = max(0, math.floor(west * count)), min(count - 1, math.floor(east * count))
    first_y, last_y = max(0, math.floor(north * count)), min(count - 1, math.floor(south * count))
    result = []
    for ty in range(first_y, last_y + 1):
        for tx in range(first_x, last_x + 1):
            x = frame.padding + (tx / count - frame.left) * frame.scale
            y = frame.padding + (ty / count - frame.top) * frame.scale
            href = url_template.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
            # Half a unit of overlap hides the hairline seams between tiles.
            result.append(Tile(href=href, x=f"{x:.2f}", y=f"{y:.2f}", size=f"{size + 0.5:.2f}"))
    return result
