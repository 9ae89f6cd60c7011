"""/medborgarloften/: published public promises per year with their follow-up and areas; never drafts
or internal ones; paginated, with a fixed number of queries."""

import pytest

from cycles.models import PromiseParty, PromiseStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    CitizenPromiseFactory,
    PromiseLineFactory,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


PUBLIC = Visibility.PUBLIC


def _public_promise(**kwargs):
    return CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=PUBLIC, **kwargs)


def test_promises_show_published_public_ones_per_year_with_follow_up(client):
    actor = ActorFactory(name="Tingsryds IF")
    older = _public_promise(year=2024, title="Löfte 2024")
    newer = CitizenPromiseFactory(
        year=2025, title="Löfte 2025", status=PromiseStatus.FOLLOWED_UP, visibility=PUBLIC
    )
    PromiseLineFactory(
        promise=newer,
        party=PromiseParty.OTHER,
        actor=actor,
        text="Öppen klubbstuga",
        follow_up="Öppet 30 fredagar.",
    )
    PromiseLineFactory(promise=older, party=PromiseParty.MUNICIPALITY, text="Bättre belysning")

    response = client.get("/medborgarloften/")

    html = response.content.decode()
    assert list(response.context["promises"]) == [newer, older]
    assert '<h2 id="ar-2025">2025</h2>' in html
    assert "Tingsryds IF" in html and "Öppet 30 fredagar." in html
    assert "Inte uppföljt ännu." in html
    assert "<caption" in html and 'scope="col"' in html


@pytest.mark.parametrize(
    ("status", "visibility"),
    [
        (PromiseStatus.DRAFT, PUBLIC),
        (PromiseStatus.SIGNED, PUBLIC),
        (PromiseStatus.PUBLISHED, Visibility.INTERNAL),
        (PromiseStatus.FOLLOWED_UP, Visibility.CONFIDENTIAL),
    ],
)
def test_promises_never_show_drafts_or_internal_ones(client, status, visibility):
    hidden = CitizenPromiseFactory(title="Hemligt löfte", status=status, visibility=visibility)
    PromiseLineFactory(promise=hidden, text="Hemlig rad")
    for url in ("/medborgarloften/", "/", "/kretslopp/"):
        html = client.get(url).content.decode()
        assert "Hemligt löfte" not in html
        assert "Hemlig rad" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_promises_query_count_is_constant(client, django_assert_num_queries, count):
    for n in range(count):
        promise = _public_promise(year=2020 + n)
        PromiseLineFactory.create_batch(2, promise=promise, party=PromiseParty.OTHER, actor=ActorFactory())
    client.get("/medborgarloften/")
    with django_assert_num_queries(7):
        response = client.get("/medborgarloften/")
    assert response.status_code == 200


def test_promises_are_paginated_by_ten(client):
    for n in range(12):
        _public_promise(year=2000 + n)
    first = client.get("/medborgarloften/")
    second = client.get("/medborgarloften/?page=2")
    assert len(first.context["promises"]) == 10
    assert len(second.context["promises"]) == 2


def test_promise_names_its_linked_areas(client):
    from tests.lagesbild.factories import AreaFactory

    promise = _public_promise(areas="fri text om orten")
    promise.area_links.set([AreaFactory(name="Urshult")])

    html = client.get("/medborgarloften/").content.decode()

    assert "Område: Urshult." in html
    assert "fri text om orten" not in html
