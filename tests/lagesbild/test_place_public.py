"""/platser/, /platser/<slug>/ and /omraden/<slug>/: places by area with their public history only,
links to the area pages, and a query count that does not grow with the rows."""

import datetime

import pytest

from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import (
    AreaFactory,
    DialogueFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
    UnsafePlaceReportFactory,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/platser/", "/platser/torget/"])
def test_place_pages_never_show_internal_material(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert [s for s in hidden["secrets"] if s in html] == []


def test_place_list_groups_places_by_area_with_public_counts(client, hidden):
    place = PlaceFactory(name="Folkets park", area=AreaFactory(name="Ryd"))
    ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
    ObservationFactory(place=place)  # internal dialogue: not counted
    response = client.get("/platser/")
    places = {p.name: p for p in response.context["places"]}
    assert (places["Folkets park"].observation_count, places["Folkets park"].problem_count) == (1, 0)
    assert (places["Torget"].observation_count, places["Torget"].problem_count) == (0, 0)


def test_place_page_shows_its_public_history(client, hidden):
    place = hidden["place"]
    report = SituationReportFactory(public=True, decision=DecisionFactory(paragraph="KS § 23"))
    problem = ProblemFactory(visibility=Visibility.PUBLIC, title="Skadegörelse på torget")
    problem.places.add(place)
    problem.reports.add(report, hidden["reports"][2])
    dialogue = DialogueFactory(visibility=Visibility.PUBLIC, held_on=datetime.date(2024, 11, 5))
    ObservationFactory(dialogue=dialogue, place=place, note="Skräp vid bänkarna.")
    response = client.get("/platser/torget/")
    html = response.content.decode()
    assert response.context["problems"] == [problem]
    assert [o.note for o in response.context["observations"]] == ["Skräp vid bänkarna."]
    for text in ("Skadegörelse på torget", "KS § 23", "Skräp vid bänkarna.", "2024-11-05"):
        assert text in html
    assert list(response.context["problems"][0].reports.all()) == [report]


def test_unknown_place_answers_404(client, db):
    assert client.get("/platser/finns-inte/").status_code == 404


def test_place_list_is_paginated(client, db):
    area = AreaFactory()
    PlaceFactory.create_batch(30, area=area)
    first = client.get("/platser/")
    second = client.get("/platser/?page=2")
    assert (len(first.context["places"]), len(second.context["places"])) == (25, 5)
    assert "Sida 1 av 2 (30 träffar)" in first.content.decode()


def test_place_list_links_to_area_pages(client):
    PlaceFactory(area=AreaFactory(name="Konga", slug="konga"))
    assert 'href="/omraden/konga/"' in client.get("/platser/").content.decode()


def test_unknown_area_answers_404(client, db):
    assert client.get("/omraden/finns-inte/").status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_place_list_query_count_is_constant(client, count, django_assert_num_queries):
    for _ in range(count):
        place = PlaceFactory()
        ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
    with django_assert_num_queries(11):
        response = client.get("/platser/")
    assert len(response.context["places"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_place_page_query_count_is_constant(client, count, django_assert_num_queries):
    place = PlaceFactory(slug="torget")
    for _ in range(count):
        problem = ProblemFactory(visibility=Visibility.PUBLIC)
        problem.places.add(place)
        problem.reports.add(SituationReportFactory(public=True))
        ObservationFactory(place=place, dialogue=DialogueFactory(visibility=Visibility.PUBLIC))
        UnsafePlaceReportFactory(place=place, published=True)
    # 11 for the place itself, 1 for the measures section the cycles app adds to place pages and 1 for
    # residents' published reports of the place (the e-mail form needs none)
    with django_assert_num_queries(13):
        response = client.get("/platser/torget/")
    assert len(response.context["observations"]) == count
