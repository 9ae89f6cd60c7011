"""Kolada as its API really answers: the v3 and v2 envelopes, paging, null values, items Kolada marks
deleted, the genders T/K/M, groups of municipalities, at most 25 ids per path segment, and a Swedish
message for each way a fetch fails.

The two answers in data/kolada/ are real (see its README.md) and used unchanged; shapes the real answers
do not show (deleted items, women and men, several pages) are built from them in the test. No test
reaches the network: urlopen is replaced in every test."""

import copy
import json
import socket
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lagesbild.importers import kolada
from lagesbild.models import AreaLevel, ImportStatus, IndicatorValue
from lagesbild.services.statistics import import_kolada_document, kolada_indicator
from tests.lagesbild.network import FakeResponse

DATA = Path(__file__).parent / "data" / "kolada"
V3 = "K1_kolada_v3_N00945_real.json"
V2 = "K2_kolada_v2_N00945_real_with_nulls.json"
pytestmark = pytest.mark.django_db


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def answer(name: str) -> dict:
    return json.loads(raw(name))


def dump(document) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def kolada_answers(monkeypatch):
    """Replace urlopen with one that answers from a list (bytes, or an exception to raise); returns the
    URLs asked for, in order."""
    asked: list[str] = []
    answers: list = []

    def fake_urlopen(request, timeout=None):
        assert timeout is not None
        asked.append(request.full_url)
        reply = answers[len(asked) - 1] if len(answers) >= len(asked) else answers[-1]
        if isinstance(reply, Exception):
            raise reply
        return FakeResponse(reply)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    def use(*replies) -> list[str]:
        answers.extend(replies)
        return asked

    return use


def expected_values(document: dict) -> dict[tuple[str, int, str], Decimal | None]:
    """(area, year, gender) -> value, read straight from the answer's JSON."""
    return {
        (entry["municipality"], entry["period"], item["gender"]): (
            None if item["value"] is None else Decimal(str(item["value"])).quantize(Decimal("0.01"))
        )
        for entry in document["values"]
        for item in entry["values"]
    }


# --- The real answers, value by value ------------------------------------------------------------------


def test_v3_real_answer_is_read_value_by_value():
    document = kolada.load_file(raw(V3))
    parsed = kolada.parse(document, kpi="N00945")
    assert (parsed.errors, parsed.skipped, parsed.read, len(parsed.rows)) == ([], [], 63, 63)
    assert {(r.area_code, r.year, r.gender): r.value for r in parsed.rows} == expected_values(answer(V3))
    assert {r.area_code: r.area_name for r in parsed.rows} == {
        "0180": "Stockholm",
        "1280": "Malmö",
        "1480": "Göteborg",
    }
    assert {r.year for r in parsed.rows} == set(range(2000, 2021))
    assert {r.area_level for r in parsed.rows} == {AreaLevel.MUNICIPALITY}
    first = parsed.rows[0]
    assert (first.line, first.area_code, first.year, first.value) == (1, "0180", 2000, Decimal("31.33"))


def test_v2_real_answer_is_read_value_by_value_with_its_six_nulls_as_missing_values():
    document = kolada.load_file(raw(V2))
    parsed = kolada.parse(document, kpi="N00945")
    assert (parsed.errors, parsed.skipped, parsed.read, len(parsed.rows)) == ([], [], 75, 75)
    values = {(r.area_code, r.year, r.gender): r.value for r in parsed.rows}
    assert values == expected_values(answer(V2))
    assert sorted(key for key, value in values.items() if value is None) == [
        (area, year, "T") for area in ("0180", "1280", "1480") for year in (1996, 1997)
    ]
    assert values[("1480", 2020, "T")] == Decimal("39.50")


def test_both_envelopes_are_read_into_one_complete_answer():
    v3, v2 = kolada.load_file(raw(V3)), kolada.load_file(raw(V2))
    assert set(answer(V3)) == {"count", "values", "next_url", "previous_url"}
    assert set(answer(V2)) == {"count", "values"}
    assert (v3["count"], len(v3["values"])) == (63, 63)
    assert (v2["count"], len(v2["values"])) == (75, 75)
    assert v3["values"] == answer(V3)["values"] and v2["values"] == answer(V2)["values"]


def test_real_v2_answer_imports_every_value_and_keeps_nulls_as_missing():
    indicator = kolada_indicator("N00945", name="N00945")
    run = import_kolada_document(indicator=indicator, data=raw(V2), file_name=V2)
    assert (run.status, run.rows_read, run.rows_created) == (ImportStatus.OK, 75, 75)
    assert IndicatorValue.objects.filter(value__isnull=True).count() == 6
    assert IndicatorValue.objects.get(area_code="1280", year=1998).area_name == "Malmö"


# --- A saved page that is not the whole answer ----------------------------------------------------------


INCOMPLETE_START = "Filen är inte hela svaret från Kolada"


def v3_with_next_page() -> dict:
    document = answer(V3)
    document["next_url"] = "https://api.kolada.se/v3/data/kpi/N00945/municipality/0180/year/2000?page=2"
    return document


def v2_with_next_page() -> dict:
    document = answer(V2)
    document["next_page"] = "http://api.kolada.se/v2/data/kpi/N00945/municipality/0180?page=2"
    return document


def v3_missing_entries() -> dict:
    document = answer(V3)
    document["values"] = document["values"][:50]  # "count" still says 63
    return document


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        (v3_with_next_page, "(det finns fler sidor)"),
        (v2_with_next_page, "(det finns fler sidor)"),
        (v3_missing_entries, "(filen har 50 av 63 poster)"),
    ],
)
def test_a_saved_page_that_is_only_part_of_the_answer_is_refused(document, detail):
    with pytest.raises(kolada.KoladaError) as refused:
        kolada.load_file(dump(document()))
    assert str(refused.value) == (
        f"Filen är inte hela svaret från Kolada {detail}, så inget importeras: hämta värdena direkt från "
        "Kolada i stället, eller spara alla sidor i samma fil som en lista [sida 1, sida 2, …]."
    )


def test_an_incomplete_saved_page_imports_nothing_and_the_run_says_why():
    indicator = kolada_indicator("N00945", name="N00945")
    run = import_kolada_document(indicator=indicator, data=dump(v3_with_next_page()), file_name="sida1.json")
    assert run.status == ImportStatus.FAILED
    assert run.errors[0]["line"] is None and run.errors[0]["reason"].startswith(INCOMPLETE_START)
    assert not IndicatorValue.objects.exists()


def test_every_page_saved_in_one_list_is_the_whole_answer():
    document = answer(V3)
    first = {**document, "values": document["values"][:40], "next_url": "https://api.kolada.se/v3/x?page=2"}
    second = {**document, "values": document["values"][40:], "next_url": None}
    joined = kolada.load_file(dump([first, second]))
    assert joined["values"] == document["values"] and joined["count"] == 63


def test_a_list_of_pages_without_its_last_page_is_refused():
    document = answer(V3)
    first = {**document, "values": document["values"][:40], "next_url": "https://api.kolada.se/v3/x?page=2"}
    with pytest.raises(kolada.KoladaError, match=INCOMPLETE_START):
        kolada.load_file(dump([first]))


# --- Deleted items, genders, groups -------------------------------------------------------------------


def test_items_kolada_marks_deleted_are_dropped_and_listed():
    document = answer(V3)
    document["values"][5]["values"][0]["isdeleted"] = True  # Stockholm 2005
    parsed = kolada.parse(kolada.load_file(dump(document)), kpi="N00945")
    assert parsed.errors == []
    assert len(parsed.rows) == 62 and ("0180", 2005) not in {(r.area_code, r.year) for r in parsed.rows}
    assert parsed.skipped == [{"line": 6, "reason": "Kolada har tagit bort värdet för Stockholm 2005 (T)."}]


def test_a_deleted_item_is_never_imported_and_the_run_lists_it():
    document = answer(V3)
    document["values"][5]["values"][0]["isdeleted"] = True
    run = import_kolada_document(indicator=kolada_indicator("N00945", name="N00945"), data=dump(document))
    assert (run.status, run.rows_created) == (ImportStatus.OK, 62)
    assert run.skipped == [{"line": 6, "reason": "Kolada har tagit bort värdet för Stockholm 2005 (T)."}]
    assert not IndicatorValue.objects.filter(area_code="0180", year=2005).exists()


def test_women_and_men_are_read_beside_the_total():
    entry = copy.deepcopy(answer(V3)["values"][0])
    entry["values"] = [
        {"gender": "T", "count": 1, "status": "", "value": 31.3, "isdeleted": False},
        {"gender": "K", "count": 1, "status": "", "value": 33.1, "isdeleted": False},
        {"gender": "M", "count": 1, "status": "", "value": None, "isdeleted": False},
    ]
    parsed = kolada.parse({"values": [entry]}, kpi="N00945")
    assert parsed.errors == []
    assert [(r.line, r.gender, r.value) for r in parsed.rows] == [
        (1, "T", Decimal("31.30")),
        (1, "K", Decimal("33.10")),
        (1, "M", None),
    ]


def test_an_unknown_gender_is_an_error():
    entry = copy.deepcopy(answer(V3)["values"][0])
    entry["values"][0]["gender"] = "X"
    parsed = kolada.parse({"values": [entry]}, kpi="N00945")
    assert parsed.errors == [{"line": 1, "reason": "Okänt kön ”X” (ska vara T, K eller M)."}]


def test_a_group_of_municipalities_is_skipped_and_an_unknown_id_is_an_error():
    document = answer(V3)
    document["values"][1]["municipality"] = "G124"
    document["values"][2]["municipality"] = "9999"
    parsed = kolada.parse(document, kpi="N00945")
    assert parsed.skipped == [
        {
            "line": 2,
            "reason": "”G124” är en grupp av kommuner i Kolada. Portalen sparar bara kommuner, län "
            "och riket.",
        }
    ]
    assert parsed.errors == [{"line": 3, "reason": "Okänd kommun eller region: ”9999”."}]
    assert len(parsed.rows) == 61


# --- Fetching: at most 25 ids per path segment, paging in both envelopes -------------------------------


def path_segments(url: str) -> dict[str, list[str]]:
    parts = urlparse(url).path.split("/")
    return {name: parts[parts.index(name) + 1].split(",") for name in ("municipality", "year")}


def test_fetch_splits_areas_and_years_into_at_most_25_per_request(kolada_answers):
    asked = kolada_answers(dump({"count": 0, "values": [], "next_url": None}))
    areas = [f"{n:04d}" for n in range(100, 130)]  # 30 ids
    years = list(range(1990, 2020))  # 30 years
    kolada.fetch("N00945", areas, years)
    segments = [path_segments(url) for url in asked]
    assert len(asked) == 4
    assert all(len(s["municipality"]) <= 25 and len(s["year"]) <= 25 for s in segments)
    assert sorted({a for s in segments for a in s["municipality"]}) == areas
    assert sorted({int(y) for s in segments for y in s["year"]}) == years
    assert {(len(s["municipality"]), len(s["year"])) for s in segments} == {
        (25, 25),
        (25, 5),
        (5, 25),
        (5, 5),
    }


def test_fetch_of_a_few_ids_is_one_request(kolada_answers):
    asked = kolada_answers(raw(V3))
    document = kolada.fetch("N00945", ["0180", "1280", "1480"], list(range(2000, 2021)))
    assert asked == [
        "https://api.kolada.se/v3/data/kpi/N00945/municipality/0180,1280,1480/year/"
        + ",".join(str(y) for y in range(2000, 2021))
    ]
    assert document["values"] == answer(V3)["values"] and document["count"] == 63


def test_fetch_follows_next_url_of_v3(kolada_answers):
    document = answer(V3)
    second_url = "https://api.kolada.se/v3/data/kpi/N00945/municipality/0180,1280,1480?page=2&per_page=40"
    first = {**document, "values": document["values"][:40], "next_url": second_url}
    second = {**document, "values": document["values"][40:], "next_url": None}
    asked = kolada_answers(dump(first), dump(second))
    fetched = kolada.fetch("N00945", ["0180", "1280", "1480"], [2020])
    assert asked[1] == second_url
    assert fetched["values"] == document["values"]


def test_fetch_follows_next_page_of_v2_over_https(kolada_answers):
    document = answer(V2)
    first = {**document, "count": 50, "values": document["values"][:50]}
    first["next_page"] = "http://api.kolada.se/v2/data/kpi/N00945/municipality/0180,1280,1480?page=2"
    second = {**document, "count": 25, "values": document["values"][50:]}
    asked = kolada_answers(dump(first), dump(second))
    fetched = kolada.fetch("N00945", ["0180", "1280", "1480"], [2020])
    assert asked[1] == "https://api.kolada.se/v2/data/kpi/N00945/municipality/0180,1280,1480?page=2"
    assert fetched["values"] == document["values"] and fetched["count"] == 75


def test_fetch_never_follows_a_next_page_to_another_host(kolada_answers):
    kolada_answers(dump({"values": [], "next_page": "https://evil.example/v2/data"}))
    with pytest.raises(kolada.KoladaError, match="en annan webbplats"):
        kolada.fetch("N00945", ["0180"], [2020])


# --- Each way a fetch fails, in Swedish ---------------------------------------------------------------


def http_error(code: int) -> urllib.error.HTTPError:
    return urllib.error.HTTPError("https://api.kolada.se/v3/data", code, "error", {}, None)


UNREACHABLE = "Det gick inte att nå Kolada. Kontrollera att servern har internet och kan nå api.kolada.se"


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
            f"{UNREACHABLE} (felet var: [Errno -2] Name or service not known).",
        ),
        (
            urllib.error.URLError(OSError(101, "Network is unreachable")),
            f"{UNREACHABLE} (felet var: [Errno 101] Network is unreachable).",
        ),
        (
            urllib.error.URLError(TimeoutError("timed out")),
            "Kolada svarade inte inom 30 sekunder. Försök igen senare.",
        ),
        (
            TimeoutError("The read operation timed out"),
            "Kolada svarade inte inom 30 sekunder. Försök igen senare.",
        ),
        (
            http_error(404),
            "Kolada hittar inte det som efterfrågades (HTTP 404). Kontrollera nyckeltalets id, till "
            "exempel N07403.",
        ),
        (http_error(429), "Kolada svarar inte just nu (HTTP 429). Försök igen senare."),
        (http_error(503), "Kolada svarar inte just nu (HTTP 503). Försök igen senare."),
        (
            b"<html><body>Service Unavailable</body></html>",
            "Kolada svarade med något annat än JSON. Försök igen senare. Om felet finns kvar kan Koladas API "
            "ha ändrats.",
        ),
        (dump({"error": "bad request"}), "Kolada svarade med något annat än nyckeltalsvärden."),
    ],
    ids=[
        "dns",
        "no-network",
        "connect-timeout",
        "read-timeout",
        "404",
        "429",
        "503",
        "not-json",
        "not-values",
    ],
)
def test_each_kind_of_fetch_failure_has_its_swedish_message(kolada_answers, failure, message):
    kolada_answers(failure)
    with pytest.raises(kolada.KoladaError) as failed:
        kolada.fetch("N00945", ["0180"], [2020])
    assert str(failed.value) == message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kpi", "name", "unit"),
    [
        ("N07403", "Anmälda våldsbrott per 100 000 invånare", "per 100 000 invånare"),
        ("N07620", "Avstått från någon aktivitet på grund av oro för brott (NTU)", "procent"),
        ("N99999", "N99999", ""),
    ],
)
def test_an_indicator_created_by_its_first_import_is_named_after_a_known_kpi(kpi, name, unit):
    indicator = kolada_indicator(kpi)
    assert (indicator.name, indicator.unit, indicator.public) == (name, unit, False)
