"""The API's places, areas, indicators and indicator values (/api/platser/, /api/omraden/,
/api/indikatorer/, /api/indikatorvarden/) and their open datasets: what the public pages show, with the
charts' rule for small counts; a fixed number of queries."""

from decimal import Decimal

import pytest

from lagesbild.models import AreaLevel
from tests.lagesbild.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory, PlaceFactory
from trygg import opendata, pagecache

pytestmark = pytest.mark.django_db


def _items(client, url):
    pagecache.bump()
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_places_have_their_area_and_coordinates(client):
    ryd = AreaFactory(name="Ryd", slug="ryd")
    torg = PlaceFactory(
        name="Ryds torg", slug="ryds-torg", area=ryd, latitude="56.52420", longitude="14.97350"
    )
    PlaceFactory(name="Parken", area=AreaFactory(name="Annat", slug="annat"))
    items = _items(client, "/api/platser/?omrade=ryd")
    assert [item["id"] for item in items] == [torg.pk]
    assert items[0] | {"uppdaterad": None} == {
        "id": torg.pk,
        "slug": "ryds-torg",
        "namn": "Ryds torg",
        "typ": "torg",
        "typ_text": "Torg",
        "beskrivning": "Ett torg med bänkar.",
        "omrade_id": ryd.pk,
        "omrade": "Ryd",
        "omrade_slug": "ryd",
        "latitud": 56.5242,
        "longitud": 14.9735,
        "adress": "/platser/ryds-torg/",
        "uppdaterad": None,
    }
    assert len(_items(client, "/api/platser/")) == 2
    assert _items(client, "/api/platser/?typ=park") == []
    assert client.get("/api/platser/?typ=slott").status_code == 422


def test_areas_are_listed_by_name(client):
    AreaFactory(name="Ryd", slug="ryd")
    AreaFactory(name="Konga", slug="konga", latitude="56.49300", longitude="15.11800")
    items = _items(client, "/api/omraden/")
    assert [(item["namn"], item["latitud"]) for item in items] == [("Konga", 56.493), ("Ryd", None)]


@pytest.fixture
def indicators():
    shown = IndicatorFactory(public=True, name="Anmälda våldsbrott")
    hidden = IndicatorFactory(public=False, name="Intern indikator")
    area = AreaFactory(slug="ryd")
    district = {"area_level": AreaLevel.DISTRICT, "area_code": "omrade:ryd", "area_name": "Ryd", "area": area}
    values = {
        "municipality": IndicatorValueFactory(indicator=shown, value=Decimal("1234.50")),
        "small": IndicatorValueFactory(indicator=shown, gender="K", value=Decimal("2"), count=2, **district),
        "other_gender": IndicatorValueFactory(
            indicator=shown, gender="M", value=Decimal("40"), count=40, **district
        ),
        "total": IndicatorValueFactory(
            indicator=shown, gender="T", value=Decimal("42"), count=42, **district
        ),
        "hidden": IndicatorValueFactory(indicator=hidden, value=Decimal("9876.50")),
    }
    return {"shown": shown, "hidden": hidden, "values": values}


def test_indicators_are_the_public_ones(client, indicators):
    items = _items(client, "/api/indikatorer/")
    assert [item["id"] for item in items] == [indicators["shown"].pk]
    assert items[0]["kallhanvisning"] == "Källa: Kolada"


def test_values_hide_small_counts_as_the_charts_do(client, indicators):
    values = indicators["values"]
    items = {item["id"]: item for item in _items(client, "/api/indikatorvarden/")}
    assert set(items) == {values[k].pk for k in ("municipality", "small", "other_gender", "total")}
    assert (items[values["municipality"].pk]["varde"], items[values["municipality"].pk]["dolt"]) == (
        1234.5,
        False,
    )
    # A small count for an area smaller than the municipality, and the other gender's figure beside it.
    assert (items[values["small"].pk]["varde"], items[values["small"].pk]["dolt"]) == (None, True)
    assert (items[values["other_gender"].pk]["varde"], items[values["other_gender"].pk]["dolt"]) == (
        None,
        True,
    )
    assert (items[values["total"].pk]["varde"], items[values["total"].pk]["dolt"]) == (42.0, False)
    assert items[values["total"].pk]["omrade_slug"] == "ryd"
    assert "9876" not in str(items)
    assert "count" not in items[values["total"].pk]  # the count behind a figure is not shown publicly


def test_values_filter_by_indicator_year_area_and_gender(client, indicators):
    shown = indicators["shown"]
    assert len(_items(client, f"/api/indikatorvarden/?indikator={shown.pk}")) == 4
    assert _items(client, f"/api/indikatorvarden/?indikator={indicators['hidden'].pk}") == []
    assert _items(client, "/api/indikatorvarden/?ar=2023") == []
    assert len(_items(client, "/api/indikatorvarden/?omradeskod=omrade:ryd&kon=T")) == 1
    assert client.get("/api/indikatorvarden/?kon=X").status_code == 422
    assert client.get("/api/indikatorvarden/?ar=tjugo").status_code == 422


def test_datasets_hold_the_same_rows_and_nothing_hidden(client, indicators):
    PlaceFactory()
    for slug in ["platser", "omraden", "indikatorer", "indikatorvarden"]:
        dataset = opendata.get(slug)
        rows = list(opendata.rows(dataset))
        assert rows == _items(client, f"{dataset.api_path}?page_size=500"), slug
        assert rows
        assert "Intern indikator" not in str(rows) and "9876" not in str(rows)
        assert dataset.last_modified() is not None
        assert all(field.description for field in dataset.schema.model_fields.values()), slug


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/platser/", 4),  # Last-Modified (2 logs), count, page
        ("/api/omraden/", 3),
        ("/api/indikatorer/", 3),
        ("/api/indikatorvarden/", 5),  # Last-Modified (values, imports, indicators' log), count, page
    ],
)
def test_list_query_counts_are_constant(client, django_assert_num_queries, count, url, queries):
    indicator = IndicatorFactory(public=True)
    for year in range(2020, 2020 + count):
        PlaceFactory()
        IndicatorFactory(public=True)
        IndicatorValueFactory(indicator=indicator, year=year, area=AreaFactory())
    pagecache.bump()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.json()["count"] >= count
