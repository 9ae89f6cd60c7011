"""Importers: Brå CSV, Kolada v3 (API with paging and saved JSON), survey CSV and manual entry.

Sample files in tests/lagesbild/data/ follow the real formats (BOM, ';', CRLF, decimal comma; Kolada v3's
{"values": [...], "next_url": ...}). No test reaches the network: urlopen is replaced in every test."""

import io
import json
import unicodedata
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from lagesbild.importers import bra, kolada, survey
from lagesbild.importers.areas import AreaRegistry
from lagesbild.models import AreaLevel, ImportRun, ImportStatus, IndicatorSource, IndicatorValue
from lagesbild.services.statistics import (
    enter_survey_value,
    import_bra_file,
    import_kolada_document,
    import_survey_file,
    kolada_indicator,
)
from tests.lagesbild.factories import AreaFactory, IndicatorFactory
from tests.lagesbild.network import FakeResponse

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def bra_indicator():
    return IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott", attribution="Källa: Brå")


# --- Brå -----------------------------------------------------------------------------------------------


def test_bra_sample_has_bom_and_crlf_and_parses_names_counts_and_decimal_commas():
    data = sample("bra_2024.csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    parsed = bra.parse(data, year=2024)
    assert parsed.errors == []
    by_code = {r.area_code: r for r in parsed.rows}
    assert by_code["0763"].value == Decimal("2525.30") and by_code["0763"].count == 312
    assert by_code["0780"].count == 9874 and by_code["0780"].area_name == "Växjö"
    assert "0764" in by_code  # "ALVESTA": case
    assert "0781" in by_code  # "Ljungby kommun": suffix
    assert "1280" in by_code  # "Malmö stad"
    assert by_code["0760"].value is None and by_code["0760"].count is None  # ".." means no value
    assert {r.year for r in parsed.rows} == {2024}


@pytest.mark.parametrize(
    "name", ["Tingsryd", "tingsryd", "TINGSRYD", "Tingsryds kommun", "Tingsryd kommun", " Tingsryd\u00a0"]
)
def test_bra_name_matching_handles_case_suffix_and_spaces(name):
    assert AreaRegistry().name(name).code == "0763"


def test_bra_name_matching_handles_swedish_letters_in_any_form():
    registry = AreaRegistry()
    assert registry.name(unicodedata.normalize("NFD", "Växjö")).code == "0780"
    assert registry.name("Vaxjo").code == "0780"
    assert registry.name("ÖREBRO").code == "1880"
    assert registry.name("Kronobergs län").code == "0007"


def test_bra_unmatched_name_is_reported_with_its_line_and_nothing_is_imported(bra_indicator):
    run = import_bra_file(indicator=bra_indicator, data=sample("bra_unmatched.csv"), year=2024)
    assert run.status == ImportStatus.FAILED
    assert run.errors == [{"line": 3, "reason": "Ingen kommun heter ”Atlantis”."}]
    assert (run.rows_read, run.rows_rejected, run.rows_created) == (3, 1, 0)
    assert not IndicatorValue.objects.exists()


def test_bra_truncated_file_is_refused_at_the_cut_line(bra_indicator):
    run = import_bra_file(indicator=bra_indicator, data=sample("bra_truncated.csv"), year=2024)
    assert run.status == ImportStatus.FAILED
    assert [e["line"] for e in run.errors] == [3]
    assert "avklippt" in run.errors[0]["reason"]
    assert not IndicatorValue.objects.exists()


def test_bra_wrong_header_and_wrong_encoding_are_refused(bra_indicator):
    run = import_bra_file(indicator=bra_indicator, data=b"Namn;Antal\r\nTingsryd;3\r\n", year=2024)
    assert run.errors[0]["line"] == 1 and "Första raden" in run.errors[0]["reason"]
    # Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252: read, and said so.
    excel = "Kommun;Antal;Per 100 000 inv.\r\nVäxjö;1;2\r\n".encode("cp1252")
    run = import_bra_file(indicator=bra_indicator, data=excel, year=2024)
    assert run.status == ImportStatus.OK and "Windows-1252" in run.options["notes"][0]
    assert IndicatorValue.objects.get().area_name == "Växjö"
    # Bytes that are text in neither encoding are refused.
    run = import_bra_file(indicator=bra_indicator, data=b"Kommun;Antal\r\nV\x81xj\x8d;1\r\n", year=2024)
    assert run.status == ImportStatus.FAILED and "UTF-8" in run.errors[0]["reason"]


def test_bra_import_twice_creates_no_duplicates(bra_indicator):
    first = import_bra_file(indicator=bra_indicator, data=sample("bra_2024.csv"), year=2024)
    second = import_bra_file(indicator=bra_indicator, data=sample("bra_2024.csv"), year=2024)
    assert (first.status, first.rows_created, first.rows_updated) == (ImportStatus.OK, 6, 0)
    assert (second.status, second.rows_created, second.rows_updated, second.rows_unchanged) == (
        ImportStatus.OK,
        0,
        0,
        6,
    )
    assert IndicatorValue.objects.count() == 6


def test_bra_new_figures_update_the_values_in_place(bra_indicator):
    import_bra_file(indicator=bra_indicator, data=sample("bra_2024.csv"), year=2024)
    changed = sample("bra_2024.csv").replace(b"2 525,3", b"2 600,0")
    run = import_bra_file(indicator=bra_indicator, data=changed, year=2024)
    assert (run.rows_created, run.rows_updated) == (0, 1)
    value = IndicatorValue.objects.get(area_code="0763")
    assert value.value == Decimal("2600.00") and value.import_run == run


def test_a_bad_row_rolls_back_the_whole_file_and_the_run_is_logged(bra_indicator):
    import_bra_file(indicator=bra_indicator, data=sample("bra_2024.csv"), year=2024)
    before = list(IndicatorValue.objects.order_by("pk").values_list("area_code", "value", "import_run"))
    run = import_bra_file(indicator=bra_indicator, data=sample("bra_bad_number.csv"), year=2024)
    assert run.status == ImportStatus.FAILED
    assert run.errors == [{"line": 3, "reason": "”många” är inte ett tal."}]
    assert (
        list(IndicatorValue.objects.order_by("pk").values_list("area_code", "value", "import_run")) == before
    )
    assert ImportRun.objects.count() == 2


def test_a_database_error_while_writing_rolls_back_everything(bra_indicator, monkeypatch):
    manager = type(IndicatorValue.objects)
    real_create = manager.bulk_create

    def write_then_fail(self, objects, **kwargs):
        real_create(self, objects, **kwargs)
        raise DatabaseError("disk full")

    monkeypatch.setattr(manager, "bulk_create", write_then_fail)
    run = import_bra_file(indicator=bra_indicator, data=sample("bra_2024.csv"), year=2024)
    assert run.status == ImportStatus.FAILED and "disk full" in run.errors[0]["reason"]
    assert not IndicatorValue.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_duplicate_rows_in_one_file_are_refused(bra_indicator):
    data = sample("bra_2024.csv") + b"Tingsryds kommun;1;1,0\r\n"
    run = import_bra_file(indicator=bra_indicator, data=data, year=2024)
    assert run.status == ImportStatus.FAILED and run.errors[0]["line"] == 8


def test_import_bra_command(bra_indicator, tmp_path):
    path = tmp_path / "bra.csv"
    path.write_bytes(sample("bra_2024.csv"))
    out = io.StringIO()
    call_command("import_bra", file=str(path), year=2024, indicator="anmalda-brott", stdout=out)
    assert "6 nya" in out.getvalue()
    path.write_bytes(sample("bra_unmatched.csv"))
    with pytest.raises(CommandError):
        call_command("import_bra", file=str(path), year=2023, indicator="anmalda-brott", stderr=io.StringIO())


# --- Kolada --------------------------------------------------------------------------------------------


@pytest.fixture
def kolada_pages(monkeypatch):
    """urlopen answering with the two recorded pages; remembers the URLs asked for."""
    asked = []
    pages = [sample("kolada_page1.json"), sample("kolada_page2.json")]

    def fake_urlopen(request, timeout=None):
        assert timeout is not None
        asked.append(request.full_url)
        return FakeResponse(pages[len(asked) - 1])

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    return asked


def test_kolada_client_follows_next_url_across_pages(kolada_pages):
    document = kolada.fetch("N07403", ["0763", "0007", "0000"], [2023, 2024])
    assert (
        kolada_pages[0]
        == "https://api.kolada.se/v3/data/kpi/N07403/municipality/0763,0007,0000/year/2023,2024"
    )
    assert "page=2" in kolada_pages[1]
    assert len(document["values"]) == 6


def test_kolada_import_has_municipality_county_and_country_with_null_values(kolada_pages):
    indicator = kolada_indicator("N07403")
    run = import_kolada_document(indicator=indicator, data=kolada.fetch("N07403", ["0763"], [2024]))
    assert (run.status, run.rows_read, run.rows_created) == (ImportStatus.OK, 6, 6)
    values = {(v.area_code, v.year): v for v in IndicatorValue.objects.all()}
    assert values[("0763", 2024)].value == Decimal("1130.90")
    assert values[("0763", 2024)].area_level == AreaLevel.MUNICIPALITY
    assert values[("0007", 2024)].value is None
    assert values[("0007", 2023)].area_name == "Kronobergs län"
    assert values[("0007", 2023)].area_level == AreaLevel.COUNTY
    assert values[("0000", 2023)].area_level == AreaLevel.COUNTRY


def test_kolada_refuses_next_url_to_another_host(monkeypatch):
    page = json.dumps({"values": [], "next_url": "http://evil.example/x"}).encode()
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout=None: FakeResponse(page))
    with pytest.raises(kolada.KoladaError):
        kolada.fetch("N07403", ["0763"], [2024])


def test_kolada_network_error_becomes_a_readable_error(monkeypatch):
    def down(request, timeout=None):
        raise OSError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", down)
    with pytest.raises(kolada.KoladaError, match="Det gick inte att nå Kolada"):
        kolada.fetch("N07403", ["0763"], [2024])


def test_kolada_saved_file_import_is_idempotent():
    indicator = kolada_indicator("N07403")
    data = sample("kolada_whole.json")  # both pages saved as one whole answer
    first = import_kolada_document(indicator=indicator, data=data, file_name="kolada.json")
    second = import_kolada_document(indicator=indicator, data=data, file_name="kolada.json")
    assert (first.rows_created, second.rows_created, second.rows_updated) == (6, 0, 0)
    assert IndicatorValue.objects.count() == 6


def test_kolada_bad_entries_are_listed_by_number_and_nothing_is_imported():
    indicator = kolada_indicator("N07403")
    run = import_kolada_document(indicator=indicator, data=sample("kolada_bad.json"))
    assert run.status == ImportStatus.FAILED
    assert [e["line"] for e in run.errors] == [2, 3]
    assert "9999" in run.errors[0]["reason"]
    assert not IndicatorValue.objects.exists()


def test_kolada_file_that_is_not_json_is_refused():
    indicator = kolada_indicator("N07403")
    run = import_kolada_document(indicator=indicator, data=b'{"values": [')
    assert run.status == ImportStatus.FAILED and "JSON" in run.errors[0]["reason"]


def test_kolada_entries_for_another_kpi_are_refused():
    indicator = kolada_indicator("N07540")
    run = import_kolada_document(indicator=indicator, data=sample("kolada_whole.json"))
    assert run.status == ImportStatus.FAILED and "N07403" in run.errors[0]["reason"]


def test_import_kolada_command_fetches_county_and_country_too(kolada_pages, settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0763"
    out = io.StringIO()
    call_command("import_kolada", kpi="N07403", years="2023-2024", stdout=out)
    assert "/municipality/0763,0007,0000/year/2023,2024" in kolada_pages[0]
    assert "6 nya" in out.getvalue()


def test_import_kolada_command_reads_a_saved_file_without_network(tmp_path):
    path = tmp_path / "saved.json"
    path.write_bytes(sample("kolada_whole.json"))
    call_command("import_kolada", kpi="N07403", file=str(path), stdout=io.StringIO())
    assert IndicatorValue.objects.count() == 6


def test_import_kolada_command_logs_a_failed_fetch(monkeypatch):
    def offline(request, timeout=None):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(CommandError):
        call_command("import_kolada", kpi="N07403", years="2024", stderr=io.StringIO())
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED and "Network is unreachable" in run.errors[0]["reason"]


def test_import_kolada_command_rejects_bad_years():
    with pytest.raises(CommandError, match="Ogiltiga år"):
        call_command("import_kolada", kpi="N07403", years="sent")


@pytest.mark.parametrize(
    ("text", "years"), [("2015-2017", [2015, 2016, 2017]), ("2024,2022", [2022, 2024]), ("2020", [2020])]
)
def test_parse_years(text, years):
    assert kolada.parse_years(text) == years


# --- Trygghetsmätning and NTU --------------------------------------------------------------------------


def test_survey_csv_rows_go_to_areas_and_the_municipality():
    AreaFactory(name="Tingsryd", slug="tingsryd")
    AreaFactory(name="Ryd", slug="ryd")
    indicator = IndicatorFactory(source=IndicatorSource.SURVEY, external_id="")
    run = import_survey_file(indicator=indicator, data=sample("trygghetsmatning_2024.csv"))
    assert run.status == ImportStatus.OK, run.errors
    values = {v.area_code: v for v in IndicatorValue.objects.all()}
    assert values["omrade:ryd"].area_level == AreaLevel.DISTRICT and values["omrade:ryd"].count == 3
    assert values["omrade:tingsryd"].area.slug == "tingsryd"  # the area, not the municipality
    assert values["0763"].area_level == AreaLevel.MUNICIPALITY and values["0763"].gender == "T"


def test_ntu_area_is_the_lokalpolisomrade():
    indicator = IndicatorFactory(source=IndicatorSource.NTU, external_id="ntu-otrygghet")
    run = import_survey_file(indicator=indicator, data=sample("ntu_2024.csv"))
    assert run.status == ImportStatus.OK, run.errors
    levels = dict(IndicatorValue.objects.values_list("area_name", "area_level"))
    assert levels == {
        "LPO Växjö": AreaLevel.LPO,
        "Kronobergs län": AreaLevel.COUNTY,
        "Riket": AreaLevel.COUNTRY,
    }


def test_survey_csv_unknown_area_and_bad_year_are_reported():
    indicator = IndicatorFactory(source=IndicatorSource.SURVEY)
    data = (
        "Område;År;Kön;Värde;Antal\r\nIngenstans;2024;T;1;10\r\nTingsryds kommun;i fjol;T;1;10\r\n".encode()
    )
    run = import_survey_file(indicator=indicator, data=data)
    assert [e["line"] for e in run.errors] == [2, 3]
    assert not IndicatorValue.objects.exists()


def test_manual_entry_for_an_area_and_for_ntu():
    area = AreaFactory(name="Konga", slug="konga")
    survey_indicator = IndicatorFactory(source=IndicatorSource.SURVEY)
    run = enter_survey_value(
        indicator=survey_indicator,
        area=area,
        lpo_name="",
        year=2024,
        gender="T",
        value=Decimal("61.5"),
        count=40,
    )
    assert run.status == ImportStatus.OK and run.rows_created == 1
    ntu = IndicatorFactory(source=IndicatorSource.NTU)
    enter_survey_value(
        indicator=ntu, area=None, lpo_name="LPO Växjö", year=2024, gender="K", value=Decimal("20"), count=None
    )
    assert IndicatorValue.objects.get(indicator=ntu).area_code == survey.lpo_code("LPO Växjö")
