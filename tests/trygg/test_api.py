"""The API's promises (trygg.api) that hold for every endpoint: GET only, ETag and Last-Modified with 304
answers, cacheable by the page cache, open to scripts on other sites, pages within limits, no Swagger
page, and every open dataset with an API list of the same name."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.cycles.factories import public_measure
from trygg import opendata, pagecache
from trygg.api import add_routers, mounted

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/atgarder/",
    "/api/lagesrapporter/",
    "/api/delmal/",
    "/api/atgardsindikatorer/",
    "/api/medborgarloften/",
    "/api/medborgarloften-uppfoljning/",
    "/api/uppfoljningar/",
    "/api/uppfoljningsrapporter/",
    "/api/platser/",
    "/api/omraden/",
    "/api/indikatorer/",
    "/api/indikatorvarden/",
]


@pytest.fixture
def measure():
    return public_measure(title="Belysning")


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_if_none_match_answers_304_until_the_data_changes(client, settings, measure, cache_seconds):
    settings.TRYGG_PAGE_CACHE_SECONDS = cache_seconds
    pagecache.bump()
    first = client.get("/api/atgarder/")
    etag = first["ETag"]
    assert client.get("/api/atgarder/", headers={"if-none-match": etag}).status_code == 304
    measure.title = "Bättre belysning"
    measure.save()
    changed = client.get("/api/atgarder/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.json()["items"][0]["titel"] == "Bättre belysning"


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_if_modified_since_answers_304_until_the_data_changes(client, settings, measure, cache_seconds):
    settings.TRYGG_PAGE_CACHE_SECONDS = cache_seconds
    pagecache.bump()
    first = client.get("/api/atgarder/")
    last_modified = first["Last-Modified"]
    assert last_modified == http_date(opendata.get("atgarder").last_modified().timestamp())
    assert client.get("/api/atgarder/", headers={"if-modified-since": last_modified}).status_code == 304
    # A change logged later than the client's copy (HTTP dates count whole seconds).
    measure._history_date = timezone.now() + datetime.timedelta(seconds=5)
    measure.save()
    assert client.get("/api/atgarder/", headers={"if-modified-since": last_modified}).status_code == 200


def test_responses_are_stored_by_the_page_cache_and_shared(client, settings, measure):
    settings.TRYGG_PAGE_CACHE_SECONDS = 300
    pagecache.bump()
    first = client.get("/api/atgarder/")
    second = client.get("/api/atgarder/")
    assert (first[pagecache.HEADER], second[pagecache.HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert not first.cookies
    assert first.get("Vary", "") in ("", "Cookie")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_paginated_json(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    assert "Last-Modified" not in response  # no data yet: no date to give


def test_pages_hold_page_size_rows_within_limits(client):
    for n in range(3):
        public_measure(title=f"Åtgärd {n}")
    assert [m["titel"] for m in client.get("/api/atgarder/?page_size=2").json()["items"]] == [
        "Åtgärd 0",
        "Åtgärd 1",
    ]
    page_two = client.get("/api/atgarder/?page_size=2&page=2").json()
    assert ([m["titel"] for m in page_two["items"]], page_two["count"]) == (["Åtgärd 2"], 3)
    assert client.get("/api/atgarder/?page=9").json()["items"] == []
    too_big = client.get("/api/atgarder/?page_size=501")
    assert too_big.status_code == 422
    assert too_big.json()["detail"][0]["msg"] == "Ange ett tal som är högst 500."
    assert client.get("/api/atgarder/?page=0").status_code == 422


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, measure, method):
    assert getattr(client, method)(f"/api/atgarder/{measure.pk}/").status_code == 405
    assert getattr(client, method)("/api/atgarder/").status_code == 405


def test_head_answers_with_the_headers_of_get(client, measure):
    got, head = client.get("/api/atgarder/"), client.head("/api/atgarder/")
    assert head.status_code == 200
    assert head["Last-Modified"] == got["Last-Modified"]
    assert head["Content-Type"] == got["Content-Type"]


def test_the_index_names_every_list_and_the_openapi_description(client):
    response = client.get("/api/")
    assert response.status_code == 200
    index = response.json()
    assert index["openapi"] == "/api/openapi.json"
    assert index["lists"] == sorted(LISTS)
    assert index["license"]["name"] == "CC0 1.0"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/").status_code == 405


def test_openapi_is_published_and_no_swagger_page(client):
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 404


def test_every_dataset_has_the_api_list_of_its_rows(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    slugs = [dataset.slug for dataset in opendata.datasets()]
    assert {
        "atgarder",
        "lagesrapporter",
        "delmal",
        "atgardsindikatorer",
        "medborgarloften",
        "medborgarloften-uppfoljning",
        "uppfoljningar",
        "uppfoljningsrapporter",
        "platser",
        "omraden",
        "indikatorer",
        "indikatorvarden",
    } <= set(slugs)
    for dataset in opendata.datasets():
        if dataset.api_path:
            assert dataset.api_path == f"/api/{dataset.slug}/"
            assert dataset.api_path in paths
            schema = paths[dataset.api_path]["get"]["responses"]["200"]["content"]["application/json"]
            assert schema["schema"]["$ref"].endswith(f"Paged{dataset.schema.__name__}")


@pytest.mark.parametrize(
    "query",
    [
        "/api/atgarder/?fokus=99999999999999999999",
        "/api/lagesrapporter/?atgard=99999999999999999999",
        "/api/delmal/?atgard=0",
        "/api/medborgarloften/?ar=99999",
        "/api/medborgarloften-uppfoljning/?medborgarlofte=99999999999999999999",
        "/api/uppfoljningar/?period=-1",
        "/api/indikatorvarden/?indikator=99999999999999999999",
        "/api/indikatorvarden/?ar=1800",
    ],
)
def test_ids_and_years_out_of_range_answer_422(client, query):
    """Not a database error: SQLite cannot even compare a number beyond 64 bits."""
    response = client.get(query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_adding_a_mounted_router_again_is_harmless(client):
    """An AppConfig.ready() that runs again must not fail: ninja refuses a router mounted twice."""
    routers = list(mounted)
    add_routers(*routers)
    assert mounted == routers
    assert client.get("/api/omraden/").status_code == 200
