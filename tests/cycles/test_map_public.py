"""The residents' map (/karta/) and its data (/karta/data.geojson): a point per area and place with
coordinates, the filters of /atgarder/, the same content as a table, only public measures counted or
named, no request to another host unless a tile layer is configured, and a fixed number of queries."""

import json
import re
from decimal import Decimal

import pytest
from django.test import override_settings

from cycles.models import MeasureKind, PlanStatus
from tests.cycles.factories import ActionPlanFactory, MeasureFactory, public_measure, running_plan
from tests.lagesbild.factories import AreaFactory, PlaceFactory
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

INTERNAL_TITLE = "Intern kartläggning av Ryd"
DRAFT_TITLE = "Utkast om kameror i Ryd"
CONFIDENTIAL_TITLE = "Sekretessbelagd insats i Ryd"
TILES = "https://maps.example.se/topo/{z}/{x}/{y}.png"


@pytest.fixture
def world():
    """Ryd with a place, two public measures; and three measures on the same spots that must not count."""
    ryd = AreaFactory(name="Ryd", slug="ryd", latitude=Decimal("56.46620"), longitude=Decimal("14.69270"))
    torget = PlaceFactory(
        name="Ryds torg",
        slug="ryds-torg",
        area=ryd,
        latitude=Decimal("56.46600"),
        longitude=Decimal("14.69300"),
    )
    konga = AreaFactory(
        name="Konga", slug="konga", latitude=Decimal("56.49300"), longitude=Decimal("15.11800")
    )
    PlaceFactory(name="Kongas hållplats", slug="konga-hallplats", area=konga)  # no coordinates
    plan = running_plan()
    light = public_measure(
        plan=plan, slug="belysning", title="Belysning vid torget", kind=MeasureKind.SITUATIONAL
    )
    walks = public_measure(plan=plan, slug="vandringar", title="Föräldravandringar", kind=MeasureKind.SOCIAL)
    light.areas.set([ryd])
    light.places.set([torget])
    walks.areas.set([ryd])
    internal = MeasureFactory(plan=plan, title=INTERNAL_TITLE, visibility=Visibility.INTERNAL)
    confidential = MeasureFactory(plan=plan, title=CONFIDENTIAL_TITLE, visibility=Visibility.CONFIDENTIAL)
    draft_plan = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC)
    draft = MeasureFactory(plan=draft_plan, title=DRAFT_TITLE, visibility=Visibility.PUBLIC)
    for hidden in (internal, confidential, draft):
        hidden.areas.set([ryd, konga])
        hidden.places.set([torget])
    return {"ryd": ryd, "torget": torget, "konga": konga}


def _point_names(body: str) -> list[str]:
    return re.findall(r'<a href="[^"]+" aria-label="([^"]+)" class="map-point', body)


def test_map_draws_the_boundary_and_a_point_per_area_and_place_in_tab_order(client, world):
    response = client.get("/karta/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="map-boundary"' in body
    assert _point_names(body) == [
        "Konga, område: inga åtgärder",
        "Ryd, område: 2 åtgärder",
        "Ryds torg, plats i Ryd: 1 åtgärd",
    ]
    assert '<a href="/omraden/ryd/" aria-label="Ryd, område: 2 åtgärder"' in body
    assert '<a href="/platser/ryds-torg/"' in body
    assert "map-point--muted" in body  # Konga: drawn, but muted


def test_map_lists_everything_in_a_table_also_what_has_no_position(client, world):
    body = client.get("/karta/").content.decode()
    table = body[body.index('<caption id="karta-tabell">') :]
    assert "Områden och platser på kartan" in table
    assert [name for name in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)] == [
        "Konga",
        "Kongas hållplats",
        "Ryd",
        "Ryds torg",
    ]
    assert '<a href="/atgarder/?omrade=ryd">2 åtgärder</a>' in table
    assert "Finns bara i listan, eftersom läget saknas eller ligger utanför kartan: Kongas hållplats." in body


def test_map_filters_like_the_measure_list(client, world):
    body = client.get("/karta/?typ=social").content.decode()
    assert _point_names(body) == [
        "Konga, område: inga åtgärder",
        "Ryd, område: 1 åtgärd",
        "Ryds torg, plats i Ryd: inga åtgärder",
    ]
    assert '<a href="/atgarder/?typ=social&amp;omrade=ryd">1 åtgärd</a>' in body
    assert 'href="/karta/data.geojson?typ=social"' in body


def test_map_data_filters_like_the_map(client, world):
    data = client.get("/karta/data.geojson?typ=social").json()
    assert {f["properties"]["name"]: f["properties"]["count"] for f in data["features"]} == {
        "Konga": 0,
        "Ryd": 1,
        "Ryds torg": 0,
    }


def test_map_data_is_geojson_with_the_public_measures(client, world):
    response = client.get("/karta/data.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    ryd = next(f for f in data["features"] if f["properties"]["name"] == "Ryd")
    assert ryd == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [14.6927, 56.4662]},
        "properties": {
            "name": "Ryd",
            "kind": "area",
            "url": "/omraden/ryd/",
            "count": 2,
            "measures": [
                {"title": "Belysning vid torget", "url": "/atgarder/belysning/"},
                {"title": "Föräldravandringar", "url": "/atgarder/vandringar/"},
            ],
        },
    }
    assert "Kongas hållplats" not in response.content.decode()  # no coordinates, no feature


@pytest.mark.parametrize("url", ["/karta/", "/karta/data.geojson"])
def test_map_never_shows_internal_draft_or_confidential_measures(client, world, url):
    body = client.get(url).content.decode()
    for title in (INTERNAL_TITLE, DRAFT_TITLE, CONFIDENTIAL_TITLE):
        assert title not in body
    assert "3 åtgärder" not in body and "4 åtgärder" not in body and "5 åtgärder" not in body


def test_map_counts_nothing_when_only_hidden_measures_are_there(client, world):
    data = client.get("/karta/data.geojson").json()
    konga = next(f for f in data["features"] if f["properties"]["name"] == "Konga")
    assert konga["properties"]["count"] == 0
    assert konga["properties"]["measures"] == []


def test_map_links_lead_to_pages_that_exist(client, world):
    body = client.get("/karta/?typ=social").content.decode()
    links = set(re.findall(r'href="(/(?:omraden|platser|atgarder|karta)/[^"]*)"', body))
    assert len(links) >= 5
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_map_without_tiles_asks_no_other_host(client, world):
    response = client.get("/karta/")
    body = response.content.decode()
    assert "<image" not in body
    assert "maps.example.se" not in body
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]
    assert not re.search(r'(src|href)="(https?:)?//', body)


@override_settings(TRYGG_MAP_TILE_URL=TILES, TRYGG_MAP_TILE_ATTRIBUTION="© Lantmäteriet")
def test_map_with_a_tile_layer_draws_tiles_and_allows_their_host_on_this_page_only(client, world):
    response = client.get("/karta/")
    body = response.content.decode()
    assert re.search(r'<image href="https://maps\.example\.se/topo/\d+/\d+/\d+\.png"', body)
    assert "Bakgrundskarta: © Lantmäteriet" in body
    assert "img-src 'self' data: https://maps.example.se;" in response["Content-Security-Policy"]
    other = client.get("/omraden/")
    assert "maps.example.se" not in other["Content-Security-Policy"]


def test_map_page_sets_no_cookie_and_is_served_from_the_cache(client, world):
    client.get("/omraden/")  # the municipality's settings row is made on the first request
    pagecache.bump()
    first = client.get("/karta/")
    second = client.get("/karta/")
    assert first.cookies == {}
    assert (first["X-Trygg-Cache"], second["X-Trygg-Cache"]) == ("miss", "hit")
    data = [client.get("/karta/data.geojson?typ=social") for _ in range(2)]
    assert [r["X-Trygg-Cache"] for r in data] == ["miss", "hit"]
    assert data[1].content == data[0].content


def test_map_with_no_areas_still_renders(client):
    response = client.get("/karta/")
    assert response.status_code == 200
    assert "Inga områden eller platser är beskrivna ännu." in response.content.decode()


def test_area_index_links_to_the_map(client):
    assert 'href="/karta/"' in client.get("/omraden/").content.decode()


def _places_and_measures(client, count: int) -> None:
    client.get("/omraden/")  # the municipality's settings row is made on the first request
    plan = running_plan()
    for n in range(count):
        area = AreaFactory(latitude=Decimal("56.5"), longitude=Decimal(f"14.{70 + n}"))
        place = PlaceFactory(area=area, latitude=Decimal("56.51"), longitude=Decimal(f"14.{70 + n}"))
        measure = public_measure(plan=plan)
        measure.areas.set([area])
        measure.places.set([place])


@pytest.mark.parametrize("count", [1, 5])
def test_map_query_count_is_constant(client, django_assert_num_queries, count):
    _places_and_measures(client, count)
    pagecache.bump()
    # the municipality's settings; areas, places, the measures of each; last updated: measures, areas,
    # places; the filters' choices: areas, focus areas, actors
    with django_assert_num_queries(11):
        response = client.get("/karta/")
    assert len(_point_names(response.content.decode())) == 2 * count


@pytest.mark.parametrize("count", [1, 5])
def test_map_data_query_count_is_constant(client, django_assert_num_queries, count):
    _places_and_measures(client, count)
    pagecache.bump()
    with django_assert_num_queries(4):  # areas, places, and the measures of each
        response = client.get("/karta/data.geojson")
    assert len(response.json()["features"]) == 2 * count
    pagecache.bump()
    with django_assert_num_queries(5):  # and validating a filter: the chosen area (a kind is no query)
        client.get("/karta/data.geojson?omrade=omrade-0&typ=social")


def test_a_place_outside_the_municipality_is_listed_but_not_drawn(client, world):
    PlaceFactory(
        name="Sergels torg", area=world["ryd"], latitude=Decimal("59.33240"), longitude=Decimal("18.06490")
    )
    body = client.get("/karta/").content.decode()
    assert not any(name.startswith("Sergels torg") for name in _point_names(body))
    assert "ligger utanför kartan: Kongas hållplats, Sergels torg." in body
