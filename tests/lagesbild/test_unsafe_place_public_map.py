"""A point on the map in /rapportera/: optional latitude and longitude, set by a small script on the
municipality's SVG map, checked on the server to lie within the municipality, and shown to the
moderator on the same small map. Without JavaScript the map stays hidden and the form works."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from lagesbild import geo
from lagesbild.models import UnsafePlaceReport
from tests.lagesbild.factories import AreaFactory, UnsafePlaceReportFactory
from trygg import pagecache

pytestmark = pytest.mark.django_db

INSIDE = {"latitude": "56.53000", "longitude": "14.98000"}  # Tingsryd, inside the municipality
STOCKHOLM = {"latitude": "59.32930", "longitude": "18.06860"}


def report_data(**overrides) -> dict:
    data = {
        "category": "belysning",
        "place": "",
        "address": "Gångvägen bakom skolan",
        "description": "Det är helt mörkt här efter klockan fem.",
        "email": "",
        "webbplats": "",
        "latitude": "",
        "longitude": "",
    }
    return {**data, **overrides}


# --- The form ----------------------------------------------------------------------------------------


def test_the_map_is_hidden_until_the_script_shows_it_and_carries_the_frame_with_decimal_points(client):
    pagecache.bump()
    html = client.get("/rapportera/").content.decode()

    container = re.search(r"<div class=\"report-map mb-3\"[^>]*>", html).group(0)
    assert " hidden>" in container
    assert 'data-latitude="id_latitude" data-longitude="id_longitude"' in container
    svg = re.search(r"<svg [^>]*report-map-svg[^>]*>", html).group(0)
    for key in ["left", "top", "scale", "padding", "west", "south", "east", "north"]:
        value = re.search(rf' data-{key}="([^"]+)"', svg).group(1)
        assert "," not in value and float(value) == float(value)
    assert 'tabindex="0"' in svg and 'role="application"' in svg
    assert 'aria-describedby="karta-val-hjalp vald-punkt"' in svg
    assert '<input type="hidden" name="latitude" id="id_latitude">' in html
    assert '<input type="hidden" name="longitude" id="id_longitude">' in html
    assert "Ta bort punkten" in html
    assert re.search(r'<script src="/static/js/report-map\.js[^"]*" defer></script>', html)
    assert "<script>" not in html


def test_a_report_without_a_point_is_saved_as_before(client):
    assert client.post("/rapportera/", report_data()).status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert report.latitude is None and report.longitude is None
    assert not report.has_coordinates


def test_a_point_inside_the_municipality_is_saved(client):
    response = client.post("/rapportera/", report_data(**INSIDE))

    assert response.status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert (report.latitude, report.longitude) == (Decimal("56.53000"), Decimal("14.98000"))


def test_a_point_on_the_map_alone_says_where(client):
    response = client.post("/rapportera/", report_data(address="", **INSIDE))

    assert response.status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert report.place is None and report.address == ""
    assert report.where == "en punkt på kartan"
    assert str(report) == f"Rapport {report.pk}: dålig belysning, en punkt på kartan"


def test_without_a_place_an_address_or_a_point_the_form_asks_where(client):
    response = client.post("/rapportera/", report_data(address=""))
    assert response.status_code == 200
    assert "Välj en plats i listan eller skriv var det är." in response.content.decode()


@pytest.mark.parametrize(
    "point",
    [
        STOCKHOLM,
        {"latitude": "56.53000", "longitude": "16.50000"},
        {"latitude": "-56.53", "longitude": "14.98"},
    ],
)
def test_a_point_outside_the_municipality_is_refused_with_a_swedish_message(client, point):
    response = client.post("/rapportera/", report_data(**point))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Punkten du valde på kartan ligger utanför kommunen." in html
    assert "Det är helt mörkt här efter klockan fem." in html  # what the resident wrote is kept
    assert UnsafePlaceReport.objects.count() == 0


def test_half_a_point_is_refused(client):
    response = client.post("/rapportera/", report_data(latitude="56.53000"))
    assert response.status_code == 200
    assert "Ange både latitud och longitud, eller ingen av dem." in response.content.decode()
    assert UnsafePlaceReport.objects.count() == 0


def test_a_malformed_coordinate_is_refused(client):
    response = client.post("/rapportera/", report_data(latitude="56,53", longitude="14.98"))
    assert response.status_code == 200
    assert UnsafePlaceReport.objects.count() == 0


def test_the_database_refuses_half_a_point():
    report = UnsafePlaceReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnsafePlaceReport.objects.filter(pk=report.pk).update(latitude=Decimal("56.5"))


# --- The moderator's case page -----------------------------------------------------------------------


def test_the_case_page_shows_the_point_on_the_small_map(coordinator_client):
    report = UnsafePlaceReportFactory(latitude=Decimal("56.53000"), longitude=Decimal("14.98000"))

    html = coordinator_client.get(f"/arbete/trygghetsrapporter/{report.pk}/").content.decode()

    assert "Latitud 56,53000, longitud 14,98000" in html
    marker = re.search(
        r'<circle class="report-map-marker report-map-marker--shown" cx="([\d.]+)" cy="([\d.]+)"', html
    )
    point_map = geo.point_map("0763", width=320)
    x, y = float(marker.group(1)), float(marker.group(2))
    lon, lat = point_map.frame.unproject(x, y)
    assert lon == pytest.approx(14.98, abs=0.01) and lat == pytest.approx(56.53, abs=0.01)


def test_the_case_page_of_a_report_without_a_point_has_no_map(coordinator_client):
    report = UnsafePlaceReportFactory()
    html = coordinator_client.get(f"/arbete/trygghetsrapporter/{report.pk}/").content.decode()
    assert "Punkt på kartan" not in html
    assert "report-map-svg" not in html


def test_the_map_names_the_areas_to_find_ones_way(client):
    AreaFactory(name="Ryd", latitude=Decimal("56.46550"), longitude=Decimal("14.69300"))
    AreaFactory(name="Långt bort", latitude=Decimal("59.3"), longitude=Decimal("18.0"))
    AreaFactory(name="Utan punkt")
    pagecache.bump()

    html = client.get("/rapportera/").content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert re.search(r'<text class="report-map-label" [^>]*>Ryd</text>', svg)
    assert "Långt bort" not in svg and "Utan punkt" not in svg
