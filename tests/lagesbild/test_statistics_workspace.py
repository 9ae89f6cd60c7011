"""The statistics workspace: who may use it, imports through the form (results, errors with line
numbers, nothing changed on error, options kept), manual entry, and editing and linking indicators."""

import datetime
import json
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lagesbild.models import ImportRun, ImportStatus, Indicator, IndicatorSource, IndicatorValue
from tests.lagesbild.factories import AreaFactory, ImportRunFactory, IndicatorFactory, SituationReportFactory
from tests.lagesbild.network import FakeResponse

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(db):
    return IndicatorFactory(
        source=IndicatorSource.BRA, external_id="anmalda-brott", name="Anmälda brott (Brå)"
    )


def upload(name: str, data: bytes | None = None):
    return SimpleUploadedFile(name, data if data is not None else (DATA / name).read_bytes())


def kolada_whole_answer() -> bytes:
    """Both saved pages of a paged Kolada answer as one whole answer (no next page)."""
    pages = [json.loads((DATA / f"kolada_page{n}.json").read_bytes()) for n in (1, 2)]
    return json.dumps({"values": pages[0]["values"] + pages[1]["values"]}).encode()


def confirm(client, response, **fields):
    """Confirm the preview an upload led to, as the coordinator's button does; returns the final page."""
    assert response.status_code == 302, response.content.decode()[:2000]
    preview_url = response["Location"]
    fingerprint = client.get(preview_url).context["confirm_form"].initial["fingerprint"]
    return client.post(
        f"{preview_url}bekrafta/", {"fingerprint": fingerprint, "action": "bekrafta", **fields}, follow=True
    )


URLS = [
    "/arbete/statistik/",
    "/arbete/statistik/importera/",
    "/arbete/statistik/nytt-varde/",
    "/arbete/statistik/indikatorer/ny/",
    "/arbete/statistik/indikatorer/{indicator}/",
    "/arbete/statistik/importer/{run}/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("no_role_client", 403),
        ("police_partner_client", 403),
        ("other_partner_client", 403),
        ("board_client", 403),
        ("coordinator_client", 200),
    ],
)
def test_permission_matrix(request, indicator, persona, expected, url):
    run = ImportRunFactory(indicator=indicator)
    response = request.getfixturevalue(persona).get(url.format(indicator=indicator.pk, run=run.pk))
    assert response.status_code == expected
    if expected == 302:
        assert "/konto/logga-in/" in response["Location"] or "login" in response["Location"]


def test_posting_without_the_right_changes_nothing(board_client, indicator):
    response = board_client.post(
        "/arbete/statistik/importera/",
        {"kind": "bra", "indicator": indicator.pk, "year": 2024, "file": upload("bra_2024.csv")},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.parametrize(("persona", "shown"), [("coordinator_client", True), ("board_client", False)])
def test_statistics_menu_item_only_for_coordinators(request, persona, shown):
    page = request.getfixturevalue(persona).get("/arbete/").content.decode()
    assert ('href="/arbete/statistik/"' in page) is shown


def test_coordinator_imports_bra_file_and_sees_the_result(coordinator_client, coordinator, indicator):
    response = coordinator_client.post(
        "/arbete/statistik/importera/",
        {"kind": "bra", "indicator": indicator.pk, "year": 2024, "file": upload("bra_2024.csv")},
    )
    assert not IndicatorValue.objects.exists()  # a preview first
    response = confirm(coordinator_client, response)
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == f"/arbete/statistik/importer/{run.pk}/"
    page = response.content.decode()
    assert "Importen är klar: 6 nya, 0 ändrade och 0 borttagna värden." in page
    assert (run.status, run.created_by, run.file_name, run.year) == (
        ImportStatus.OK,
        coordinator,
        "bra_2024.csv",
        2024,
    )
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 6


def test_a_bad_file_shows_each_bad_row_changes_nothing_and_keeps_the_options(coordinator_client, indicator):
    response = coordinator_client.post(
        "/arbete/statistik/importera/",
        {"kind": "bra", "indicator": indicator.pk, "year": 2023, "file": upload("bra_unmatched.csv")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Importen gick inte igenom" in page and "Inget har ändrats." in page
    assert '<th scope="row">3</th><td>Ingen kommun heter ”Atlantis”.</td>' in page
    assert 'value="2023"' in page
    assert f'<option value="{indicator.pk}" selected>' in page
    assert not IndicatorValue.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    # The failed run is in the log with its counts.
    log = coordinator_client.get("/arbete/statistik/").content.decode()
    assert "Misslyckad, inget ändrat" in log and "bra_unmatched.csv" in log


def test_bra_import_needs_a_bra_indicator_and_a_file(coordinator_client):
    other = IndicatorFactory(source=IndicatorSource.KOLADA)
    response = coordinator_client.post("/arbete/statistik/importera/", {"kind": "bra", "indicator": other.pk})
    errors = response.context["form"].errors
    assert set(errors) == {"indicator", "file"}  # the year may come from the file's title
    assert not ImportRun.objects.exists()


def test_bra_file_without_a_year_anywhere_asks_for_it(coordinator_client, indicator):
    response = coordinator_client.post(
        "/arbete/statistik/importera/",
        {"kind": "bra", "indicator": indicator.pk, "file": upload("bra_2024.csv")},
    )
    assert response.status_code == 200
    assert "Ange året" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_coordinator_imports_a_saved_kolada_file_creating_the_indicator(coordinator_client):
    response = coordinator_client.post(
        "/arbete/statistik/importera/",
        {"kind": "kolada-fil", "kpi": "n07403", "file": upload("kolada.json", kolada_whole_answer())},
    )
    confirm(coordinator_client, response)
    indicator = Indicator.objects.get(source=IndicatorSource.KOLADA, external_id="N07403")
    assert indicator.values.count() == 6 and not indicator.public


def test_coordinator_fetches_from_kolada_with_a_mocked_network(coordinator_client, monkeypatch, settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0763"
    pages = [(DATA / "kolada_page1.json").read_bytes(), (DATA / "kolada_page2.json").read_bytes()]
    asked = []

    def fake(request, timeout=None):
        asked.append(request.full_url)
        return FakeResponse(pages[len(asked) - 1])

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    response = coordinator_client.post(
        "/arbete/statistik/importera/", {"kind": "kolada-hamta", "kpi": "N07403", "years": "2023-2024"}
    )
    assert len(asked) == 2 and "/municipality/0763,0007,0000/year/2023,2024" in asked[0]
    assert not IndicatorValue.objects.exists()
    confirm(coordinator_client, response)
    assert len(asked) == 2  # confirming imports what was fetched, without asking Kolada again
    assert IndicatorValue.objects.count() == 6


def test_kolada_fetch_without_internet_says_so(coordinator_client, monkeypatch):
    def offline(request, timeout=None):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    response = coordinator_client.post(
        "/arbete/statistik/importera/", {"kind": "kolada-hamta", "kpi": "N07403", "years": "2024"}
    )
    assert response.status_code == 200
    assert "Det gick inte att nå Kolada" in response.content.decode()
    assert not IndicatorValue.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED  # logged all the same


def test_coordinator_imports_a_survey_csv(coordinator_client):
    AreaFactory(name="Tingsryd", slug="tingsryd")
    AreaFactory(name="Ryd", slug="ryd")
    survey = IndicatorFactory(source=IndicatorSource.SURVEY, external_id="")
    response = coordinator_client.post(
        "/arbete/statistik/importera/",
        {"kind": "enkat", "indicator": survey.pk, "file": upload("trygghetsmatning_2024.csv")},
    )
    confirm(coordinator_client, response)
    assert survey.values.count() == 3


def test_manual_entry_of_a_survey_value(coordinator_client):
    area = AreaFactory(name="Konga", slug="konga")
    survey = IndicatorFactory(source=IndicatorSource.SURVEY)
    data = {
        "indicator": survey.pk,
        "area": area.pk,
        "year": 2024,
        "gender": "T",
        "value": "61,5",
        "count": 40,
    }
    response = coordinator_client.post("/arbete/statistik/nytt-varde/", data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.area, value.value, value.count) == (area, Decimal("61.50"), 40)
    # The same again replaces, never duplicates.
    coordinator_client.post("/arbete/statistik/nytt-varde/", {**data, "value": "62"})
    assert IndicatorValue.objects.get().value == Decimal("62.00")


def test_manual_entry_for_ntu_needs_the_lokalpolisomrade(coordinator_client):
    ntu = IndicatorFactory(source=IndicatorSource.NTU)
    area = AreaFactory()
    response = coordinator_client.post(
        "/arbete/statistik/nytt-varde/", {"indicator": ntu.pk, "area": area.pk, "year": 2024, "gender": "T"}
    )
    assert set(response.context["form"].errors) == {"lpo_name", "area"}
    assert not IndicatorValue.objects.exists()


def test_coordinator_publishes_an_indicator_and_links_it_to_a_report(coordinator_client, indicator):
    report = SituationReportFactory()
    response = coordinator_client.post(
        f"/arbete/statistik/indikatorer/{indicator.pk}/",
        {
            "name": "Anmälda brott",
            "source": IndicatorSource.BRA,
            "external_id": "anmalda-brott",
            "unit": "per 100 000 invånare",
            "better": "lagre",
            "attribution": "Källa: Brå",
            "public": "on",
            "order": 1,
            "reports": [report.pk],
            "loaded_version": indicator.version,
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.public and list(indicator.reports.all()) == [report]
    assert list(report.indicators.all()) == [indicator]


@pytest.mark.parametrize(
    ("source", "external_id", "error"),
    [
        (IndicatorSource.KOLADA, "N07403", None),
        (IndicatorSource.BRA, "anmalda-brott", "Bara indikatorer från Kolada kan uppdateras automatiskt."),
        (IndicatorSource.KOLADA, "", "Ange Koladas id för nyckeltalet"),
    ],
)
def test_only_a_kolada_indicator_with_its_id_can_be_refreshed_automatically(
    coordinator_client, indicator, source, external_id, error
):
    fields = {
        "name": "Anmälda brott",
        "source": source,
        "external_id": external_id,
        "better": "lagre",
        "attribution": "Källa",
        "order": 0,
        "refresh": "on",
        "loaded_version": indicator.version,
    }
    response = coordinator_client.post(f"/arbete/statistik/indikatorer/{indicator.pk}/", fields)
    indicator.refresh_from_db()
    if error is None:
        assert response.status_code == 302 and indicator.refresh
    else:
        assert error in response.content.decode() and not indicator.refresh


def test_indicator_edit_conflict_keeps_the_other_save(coordinator_client, indicator):
    stale = indicator.version
    Indicator.objects.get(pk=indicator.pk).save()  # someone else saved in between
    response = coordinator_client.post(
        f"/arbete/statistik/indikatorer/{indicator.pk}/",
        {
            "name": "Mitt namn",
            "source": IndicatorSource.BRA,
            "better": "lagre",
            "attribution": "Källa: Brå",
            "order": 0,
            "loaded_version": stale,
        },
    )
    assert response.status_code == 200
    assert "Någon annan har sparat" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name == "Anmälda brott (Brå)"


def test_import_log_is_paginated(coordinator_client, indicator):
    ImportRunFactory.create_batch(30, indicator=indicator)
    response = coordinator_client.get("/arbete/statistik/")
    assert len(response.context["runs"]) == 25
    assert len(coordinator_client.get("/arbete/statistik/?page=2").context["runs"]) == 5


@pytest.mark.parametrize("count", [1, 5])
def test_statistics_page_query_count_is_constant(coordinator_client, count, django_assert_max_num_queries):
    for _ in range(count):
        ImportRunFactory(indicator=IndicatorFactory())
    coordinator_client.get("/arbete/statistik/")
    with django_assert_max_num_queries(12):
        coordinator_client.get("/arbete/statistik/")


def test_workspace_report_page_lists_all_its_indicators(coordinator_client, linked_report):
    page = coordinator_client.get(f"/arbete/lagesbild/{linked_report.pk}/").content.decode()
    assert "Anmälda våldsbrott" in page and "Intern siffra" in page and "visas inte för invånare" in page


def test_the_import_page_and_the_list_show_the_same_local_time(coordinator_client):
    run = ImportRunFactory()
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=datetime.datetime(2026, 1, 15, 12, 30, tzinfo=datetime.UTC)
    )

    detail = coordinator_client.get(f"/arbete/statistik/importer/{run.pk}/").content.decode()
    listing = coordinator_client.get("/arbete/statistik/").content.decode()

    assert "Import 2026-01-15 13:30" in detail  # Stockholm is UTC+1 in January
    assert "2026-01-15 13:30" in listing
    assert str(ImportRun.objects.get(pk=run.pk)).endswith("2026-01-15 13:30")
