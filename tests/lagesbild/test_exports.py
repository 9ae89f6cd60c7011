"""Exports of the lägesbild workspace lists (trygg.exports): lägesbilder, dialogues and the publication
queue, problems, and the queue of residents' reports of unsafe places (without what the resident wrote
or their address)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.models import UnsafePlaceStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import link_user_to_actor
from tests.downloads import csv_rows, xlsx_rows
from tests.lagesbild.factories import (
    CauseAnalysisFactory,
    DialogueFactory,
    ObservationFactory,
    ProblemFactory,
    SituationReportFactory,
    UnsafePlaceReportFactory,
)
from tests.personas import ALL_PERSONAS
from trygg.review import Review
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def reports(n):
    SituationReportFactory.create_batch(n, adopted=True)
    return "/arbete/lagesbild/"


def dialogues(n):
    for dialogue in DialogueFactory.create_batch(n, organiser=ActorFactory()):
        ObservationFactory.create_batch(2, dialogue=dialogue)
    return "/arbete/dialoger/"


def waiting_dialogues(n):
    for dialogue in DialogueFactory.create_batch(n, publication=Review.WAITING):
        ObservationFactory(dialogue=dialogue)
    return "/arbete/dialoger/granska/"


def problems(n):
    for problem in ProblemFactory.create_batch(n):
        CauseAnalysisFactory(problem=problem)
        problem.areas.set([ObservationFactory().place.area])
    return "/arbete/problem/"


def unsafe_places(n):
    UnsafePlaceReportFactory.create_batch(n, email="invanare@example.org")
    return "/arbete/trygghetsrapporter/"


LISTS = {
    "lagesbilder": (reports, "Lägesbild;Slag;Aktör;Från;Till;Version;Status;Beslut;Synlighet"),
    "dialoger": (dialogues, "Datum;Slag;Område;Arrangör;Deltagare;Iakttagelser;Synlighet;Publicering"),
    "granska": (
        waiting_dialogues,
        "Datum;Slag;Område;Arrangör;Deltagare;Iakttagelser;Synlighet;Publicering;Begärd av;Senast uppdaterad",
    ),
    "problem": (
        problems,
        "Problem;Fokusområde nr;Beskrivning;Områden;Platser;Brottstyper;Orsaksanalyser;Synlighet",
    ),
    "trygghetsrapporter": (
        unsafe_places,
        "Rapport;Inkommen;Kategori;Var;Status;Markeringar för personuppgifter;Text som visas offentligt;"
        "Granskad;Granskad av",
    ),
}


@pytest.mark.parametrize("name", LISTS)
def test_export_has_the_header_and_every_row(coordinator_client, name):
    build, header = LISTS[name]
    url = build(3)

    rows = csv_rows(coordinator_client.get(url + "?export=csv"))

    assert ";".join(rows[0]) == header
    assert len(rows) == 1 + 3


@pytest.mark.parametrize("name", LISTS)
def test_xlsx_has_the_same_rows_as_the_csv(coordinator_client, name):
    url = LISTS[name][0](2)

    response = coordinator_client.get(url + "?export=xlsx")

    assert response["Cache-Control"] == "private, no-store"
    assert xlsx_rows(response) == csv_rows(coordinator_client.get(url + "?export=csv"))


@pytest.mark.parametrize("name", LISTS)
def test_export_runs_the_same_number_of_queries_for_1_and_5_rows(coordinator_client, name):
    build = LISTS[name][0]
    url = build(1)
    coordinator_client.get(url)  # the session and the user are loaded once before counting
    with CaptureQueriesContext(connection) as one:
        coordinator_client.get(url + "?export=xlsx")
    build(4)
    with CaptureQueriesContext(connection) as five:
        response = coordinator_client.get(url + "?export=xlsx")

    assert len(xlsx_rows(response)) == 1 + 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("name", LISTS)
def test_export_answers_as_its_page_does(request, persona, name):
    url = LISTS[name][0](1)
    client = request.getfixturevalue(persona)

    page, file = client.get(url), client.get(url + "?export=csv")

    assert file.status_code == page.status_code
    if page.status_code == 302:
        assert file["Location"].startswith("/konto/logga-in/")


def test_problem_export_has_every_page(coordinator_client):
    ProblemFactory.create_batch(21)  # a page of problems is 20

    rows = csv_rows(coordinator_client.get("/arbete/problem/?page=2&export=csv"))

    assert len(rows) == 1 + 21


def test_partner_exports_their_own_and_public_lagesbilder_only(police_partner_client, police_partner):
    own = link_user_to_actor(police_partner)
    SituationReportFactory(author=own, title="Polisens egen")
    SituationReportFactory(public=True, title="Offentlig")
    SituationReportFactory(title="Kommunens interna")

    rows = csv_rows(police_partner_client.get("/arbete/lagesbild/?export=csv"))

    assert sorted(r[0] for r in rows[1:]) == ["Offentlig", "Polisens egen"]


def test_confidential_dialogues_stay_out_of_a_partners_export(police_partner_client):
    DialogueFactory(visibility=Visibility.INTERNAL, summary="Intern")
    DialogueFactory(visibility=Visibility.CONFIDENTIAL, summary="Konfidentiell")

    rows = csv_rows(police_partner_client.get("/arbete/dialoger/?export=csv"))

    assert [r[6] for r in rows[1:]] == ["Intern"]


def test_unsafe_place_export_keeps_the_default_filter_and_leaves_the_residents_words_out(coordinator_client):
    UnsafePlaceReportFactory(description="Ring mig på 070-123 45 67", email="invanare@example.org")
    UnsafePlaceReportFactory(published=True)

    response = coordinator_client.get("/arbete/trygghetsrapporter/?export=csv")
    rows = csv_rows(response)

    assert [r[4] for r in rows[1:]] == [str(UnsafePlaceStatus.NEW.label)]  # new only, as the page
    assert rows[1][5] == "1"  # the phone number is flagged, as in the table
    text = response.content.decode("utf-8-sig")
    assert "invanare@example.org" not in text and "070-123 45 67" not in text
    assert "foto" not in rows[0] and "Foto" not in rows[0]


def test_unsafe_place_export_applies_the_search(coordinator_client):
    UnsafePlaceReportFactory(description="Trasig lampa i tunneln")
    UnsafePlaceReportFactory(description="Mörkt vid busshållplatsen")

    url = f"/arbete/trygghetsrapporter/?status={UnsafePlaceStatus.NEW}&q=lampa"
    page = coordinator_client.get(url)
    rows = csv_rows(coordinator_client.get(url + "&export=csv"))

    assert [r[0] for r in rows[1:]] == [str(report.pk) for report in page.context["reports"]]
    assert len(rows) == 1 + 1
