"""The map's geometry (lagesbild.geo): the boundary file, Web Mercator, fitting into a viewBox, the SVG
path, labels that keep clear of each other and the optional tiles."""

from decimal import Decimal

import pytest

from lagesbild import geo

WIDE = [[[(14.0, 56.0), (16.0, 56.0), (16.0, 57.0), (14.0, 57.0), (14.0, 56.0)]]]


def test_boundary_of_tingsryd_is_read_from_the_repository():
    polygons = geo.boundary("0763")
    assert len(polygons) == 1
    lons = [lon for lon, _lat in polygons[0][0]]
    lats = [lat for _lon, lat in polygons[0][0]]
    assert 14.5 < min(lons) < max(lons) < 15.4
    assert 56.3 < min(lats) < max(lats) < 56.8


def test_boundary_of_an_island_municipality_keeps_every_polygon():
    assert len(geo.boundary("1282")) > 1  # Landskrona, with Ven, is a MultiPolygon


def test_boundary_of_an_unknown_code_is_empty():
    assert geo.boundary("9999") == ()


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [(0, 0, (0.5, 0.5)), (-180, 0, (0.0, 0.5)), (180, 0, (1.0, 0.5)), (0, 85.05112878, (0.5, 0.0))],
)
def test_mercator_maps_the_world_to_the_unit_square(lon, lat, expected):
    x, y = geo.mercator(lon, lat)
    assert x == pytest.approx(expected[0])
    assert y == pytest.approx(expected[1], abs=1e-9)


def test_mercator_accepts_decimals_and_stretches_north_south_like_the_tiles():
    x, y = geo.mercator(Decimal("14.97800"), Decimal("56.52450"))
    # Tile 8/138/79 (zoom 8) holds Tingsryd in every Web Mercator tile service.
    assert (int(x * 256), int(y * 256)) == (138, 79)


def test_fit_fills_the_width_and_keeps_the_shape():
    frame = geo.fit(WIDE, width=640, padding=16)
    west_x, north_y = frame.project(14.0, 57.0)
    east_x, south_y = frame.project(16.0, 56.0)
    assert (round(west_x, 6), round(east_x, 6)) == (16, 624)
    assert round(north_y, 6) == 16
    # One degree of latitude at 56° is 1/cos(56.5°) ≈ 1.8 times one of longitude in Mercator.
    assert (south_y - north_y) / (east_x - west_x) == pytest.approx(1.8 / 2, abs=0.03)
    assert frame.height == pytest.approx(south_y + 16, abs=1)
    assert frame.view_box == f"0 0 640 {frame.height}"


def test_fit_caps_a_tall_shape_at_four_to_three_and_centres_it():
    tall = [[[(14.0, 56.0), (14.1, 56.0), (14.1, 58.0), (14.0, 58.0), (14.0, 56.0)]]]
    frame = geo.fit(tall, width=400, padding=0)
    assert frame.height == pytest.approx(400 / 0.75, abs=1)
    west_x, _ = frame.project(14.0, 57.0)
    east_x, _ = frame.project(14.1, 57.0)
    assert (west_x + east_x) / 2 == pytest.approx(200)


def test_svg_path_closes_every_ring_and_drops_repeated_points():
    frame = geo.fit(WIDE, width=640, padding=16)
    hole = [(14.4, 56.4), (14.6, 56.4), (14.6, 56.6), (14.4, 56.4)]
    path = geo.svg_path([[WIDE[0][0], hole]], frame)
    assert path.startswith("M16.0 ")
    assert path.count("M") == 2
    assert path.count("Z") == 2
    assert "," not in path
    assert path.count("L") == 4 + 3


def test_coordinate_is_written_with_a_decimal_point():
    assert [geo.coordinate(v) for v in (12.0, 12.345, 0.05)] == ["12", "12.3", "0.1"]


def test_labels_go_right_then_left_and_stay_clear_of_each_other():
    frame = geo.Frame(left=0, top=0, scale=1, width=300, height=200, padding=0)
    points = [(100, 100, 5, "Tingsryd"), (60, 100, 5, "Torget"), (280, 50, 5, "Konga"), (200, 100, 5, "X")]
    first, second, third, fourth = geo.place_labels(points, frame)
    assert first.anchor == "start" and first.x > 100
    assert second.anchor == "end"  # its right side is taken by Tingsryd's label
    assert not _overlap(points[:2], [first, second])
    assert third.anchor == "end"  # no room to the right of the frame's edge
    assert fourth.anchor == "start" and not _overlap(points[:1] + points[3:], [first, fourth])


def _overlap(points, labels):
    pairs = zip(labels, points, strict=True)
    a, b = (geo.text_box(lbl.x, lbl.y, lbl.anchor, text, 14) for lbl, (_x, _y, _r, text) in pairs)
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_crowded_point_gets_no_label():
    frame = geo.Frame(left=0, top=0, scale=1, width=300, height=200, padding=0)
    crowd = [(150, 100, 5, f"Plats nummer {n}") for n in range(6)]
    labels = geo.place_labels(crowd, frame)
    assert labels[0] is not None
    assert None in labels


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("", ""),
        ("https://maps.example.se/topo/{z}/{x}/{y}.png", "https://maps.example.se"),
        ("http://localhost:8080/{z}/{x}/{y}", "http://localhost:8080"),
        ("javascript:alert(1)//{z}", ""),
        ("/tiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_origin_is_only_an_absolute_http_address(url, origin):
    assert geo.tile_origin(url) == origin


def test_no_tiles_without_a_template():
    assert geo.tiles(geo.fit(geo.boundary("0763")), "") == []


def test_tiles_cover_the_frame_at_about_one_pixel_per_unit():
    frame = geo.fit(geo.boundary("0763"), width=640)
    tiles = geo.tiles(frame, "https://t.example.se/{z}/{x}/{y}.png")
    zoom = geo.tile_zoom(frame)
    assert 128 < frame.scale / 2**zoom < 512  # one tile is between half and twice its 256 pixels
    assert {t.href.split("/")[3] for t in tiles} == {str(zoom)}
    xs, ys = [float(t.x) for t in tiles], [float(t.y) for t in tiles]
    size = float(tiles[0].size)
    assert min(xs) <= 0 and min(ys) <= 0
    assert max(xs) + size >= frame.width and max(ys) + size >= frame.height
    assert len(tiles) == len(set(t.href for t in tiles))


# --- The inverse projection and the bounds (a point chosen on the map) ----------------------


@pytest.mark.parametrize(
    ("lon", "lat"), [(14.97350, 56.52420), (0.0, 0.0), (-73.98, 40.75), (151.2, -33.87), (18.0686, 59.3293)]
)
def test_inverse_mercator_undoes_mercator(lon, lat):
    back = geo.inverse_mercator(*geo.mercator(lon, lat))
    assert back == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize(("lon", "lat"), [(14.6, 56.4), (14.97350, 56.52420), (15.3, 56.75)])
def test_a_frame_unprojects_what_it_projected(lon, lat):
    frame = geo.fit(geo.boundary("0763"), width=480)
    x, y = frame.project(lon, lat)
    assert frame.unproject(x, y) == pytest.approx((lon, lat), abs=1e-9)


def test_unproject_at_the_svg_corners_gives_the_frame_edges():
    frame = geo.fit(WIDE, width=400, padding=0)
    west, north = frame.unproject(0, 0)
    assert west == pytest.approx(14.0, abs=1e-6)
    assert north == pytest.approx(57.0, abs=1e-6)


def test_svg_units_round_to_well_under_a_hundred_metres_in_tingsryd():
    """The script rounds to 0.1 unit and 5 decimals: a click lands within a few tens of metres."""
    frame = geo.fit(geo.boundary("0763"), width=480)
    x, y = frame.project(14.97350, 56.52420)
    lon, lat = frame.unproject(round(x, 1), round(y, 1))
    assert abs(lon - 14.97350) < 0.001 and abs(lat - 56.52420) < 0.001


def test_bounds_of_tingsryd_hold_its_towns_and_not_stockholm():
    box = geo.bounds(geo.boundary("0763"))
    assert box.contains(Decimal("14.97350"), Decimal("56.52420"))  # Tingsryd
    assert box.contains(14.73, 56.43)  # Ryd
    assert not box.contains(18.0686, 59.3293)
    assert not box.contains(14.97, -56.52)
    assert geo.bounds([]) is None


def test_point_map_carries_the_frame_as_text_with_decimal_points():
    point_map = geo.point_map("0763", width=320)
    assert set(point_map.data) == {"left", "top", "scale", "padding", "west", "south", "east", "north"}
    assert all("," not in value for value in point_map.data.values())
    assert float(point_map.data["scale"]) == point_map.frame.scale
    assert point_map.boundary.startswith("M")
    x, y = point_map.marker(14.97350, 56.52420)
    assert 0 < float(x) < 320 and 0 < float(y) < point_map.frame.height


def test_point_map_of_an_unknown_municipality_has_no_boundary_or_bounds():
    point_map = geo.point_map("9999", width=320)
    assert point_map.boundary == "" and point_map.bounds is None
    assert "west" not in point_map.data


def test_landmarks_keep_the_points_inside_the_frame_with_labels():
    point_map = geo.point_map("0763", width=480)
    dots = point_map.landmarks([("Tingsryd", 14.9735, 56.5242), ("Stockholm", 18.07, 59.33)])
    assert [dot["name"] for dot in dots] == ["Tingsryd"]
    assert {"cx", "cy", "r", "x", "y", "anchor"} <= set(dots[0])
