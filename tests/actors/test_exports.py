"""The export of "Min organisation" (/arbete/min-organisation/): a partner editor downloads their own
actor's contacts with what the page shows of them, and nobody else gets them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.actors.factories import ActorFactory, ContactFactory
from tests.downloads import csv_rows, xlsx_rows
from tests.personas import ALL_PERSONAS

pytestmark = pytest.mark.django_db

PAGE = "/arbete/min-organisation/"


@pytest.fixture
def actors(police_partner, other_partner):
    police = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=police, name="Per Polis", user=police_partner, email="per@example.org", phone="")
    housing = ActorFactory(name="Tingsryds Bostäder AB")
    ContactFactory(actor=housing, name="Bodil Bostäder", user=other_partner, email="bodil@example.org")
    return {"police": police, "housing": housing}


def test_partner_exports_only_their_own_actors_contacts(police_partner_client, actors):
    ContactFactory(
        actor=actors["police"], name="Kalle Kollega", title="Kommunpolis", email="", phone="070-111 22 33"
    )

    rows = csv_rows(police_partner_client.get(PAGE + "?export=csv"))

    assert rows == [
        ["Namn", "Organisation", "Titel", "E-post", "Telefon"],
        ["Kalle Kollega", "Polisen LPO Nybro", "Kommunpolis", "", "070-111 22 33"],
        ["Per Polis", "Polisen LPO Nybro", "Handläggare", "per@example.org", ""],
    ]
    assert "bodil@example.org" not in str(rows)


def test_xlsx_has_the_same_rows_and_the_page_links_to_both(police_partner_client, actors):
    response = police_partner_client.get(PAGE + "?export=xlsx")
    html = police_partner_client.get(PAGE).content.decode()

    assert xlsx_rows(response) == csv_rows(police_partner_client.get(PAGE + "?export=csv"))
    assert response["Cache-Control"] == "private, no-store"
    assert 'href="?export=csv"' in html and 'href="?export=xlsx"' in html
    assert "(1 rad)" in html


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_export_answers_as_the_page_does(request, actors, persona):
    client = request.getfixturevalue(persona)

    page, file = client.get(PAGE), client.get(PAGE + "?export=csv")

    assert file.status_code == page.status_code
    if page.status_code == 302:
        assert file["Location"].startswith("/konto/logga-in/")
    if file.status_code != 200:
        assert b"@example.org" not in file.content


def test_export_query_count_does_not_grow_with_contacts(police_partner_client, actors):
    police_partner_client.get(PAGE)  # the session and the user are loaded once before counting
    with CaptureQueriesContext(connection) as one:
        police_partner_client.get(PAGE + "?export=xlsx")
    ContactFactory.create_batch(4, actor=actors["police"])
    with CaptureQueriesContext(connection) as five:
        response = police_partner_client.get(PAGE + "?export=xlsx")

    assert len(xlsx_rows(response)) == 1 + 5
    assert len(five) == len(one)
