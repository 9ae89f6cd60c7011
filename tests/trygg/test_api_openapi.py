"""The API's OpenAPI description (/api/openapi.json) is a valid OpenAPI 3 document, and every endpoint
answers as it says: schemathesis generates requests from it (valid and invalid parameters) and sends
them to the application in-process (WSGI, no network), checking that none answers 500 and that every
answer with a documented status matches its schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.cycles.factories import MeasureUpdateFactory, MilestoneFactory, public_measure
from tests.lagesbild.factories import IndicatorFactory, IndicatorValueFactory, PlaceFactory
from trygg import pagecache
from trygg.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema():
    """The schema, loaded from the application. Its requests go through the WSGI handler, which closes the
    database connection when a request starts and finishes; the test client keeps the test's connection
    (and its transaction) by disconnecting that handler, and so do we."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def some_data():
    """A little of each kind, so that the lists have rows to serialise."""
    place = PlaceFactory(latitude="56.52420", longitude="14.97350")
    measure = public_measure()
    measure.places.add(place)
    measure.areas.add(place.area)
    MeasureUpdateFactory(measure=measure)
    MilestoneFactory(measure=measure)
    IndicatorValueFactory(indicator=IndicatorFactory(public=True))


def test_openapi_document_is_valid_openapi_3(client, api_schema):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Trygg – öppet API"
    api_schema.validate()  # against the OpenAPI meta-schema; raises on an invalid document
    assert sorted(document["paths"]) == [
        "/api/atgarder/",
        "/api/atgarder/{id}/",
        "/api/atgardsindikatorer/",
        "/api/delmal/",
        "/api/indikatorer/",
        "/api/indikatorvarden/",
        "/api/lagesrapporter/",
        "/api/medborgarloften-uppfoljning/",
        "/api/medborgarloften/",
        "/api/omraden/",
        "/api/platser/",
        "/api/uppfoljningar/",
        "/api/uppfoljningsrapporter/",
    ]
    assert all(list(methods) == ["get"] for methods in document["paths"].values())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_endpoint_answers_as_its_schema_says(api_schema, some_data, mode):
    """Valid parameters (positive) and invalid ones (negative: wrong types, out of range); 15 examples per
    endpoint and mode, derandomised so that a run is repeatable."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 13
    pagecache.bump()
    calls = []
    for operation in operations:

        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(mode))
        def answers_by_schema(case):
            response = case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
            calls.append(response.status_code)

        answers_by_schema()
    assert len(calls) >= len(operations)  # every endpoint was called
    assert set(calls) <= {200, 400, 404, 422}
    assert 200 in calls
    if mode == GenerationMode.NEGATIVE:
        assert 422 in calls  # the invalid parameters did reach validation
