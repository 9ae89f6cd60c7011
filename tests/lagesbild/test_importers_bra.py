"""Brå's reported crimes per municipality in every shape Brå publishes them (built in bra_files.py from the
real formats), checked value by value; the names Brå and others write; numbers that cannot be read
unambiguously; the cross-check of rates against population; and that one bad line changes nothing."""

from decimal import Decimal

import pytest

from lagesbild.importers import bra
from lagesbild.importers.areas import AreaRegistry, stadsdel
from lagesbild.models import AreaLevel, ImportRun, ImportStatus, IndicatorSource, IndicatorValue
from lagesbild.services.statistics import import_bra_file
from tests.lagesbild import bra_files
from tests.lagesbild.bra_files import KOMMUNER, MISSING, TINGSRYD, ZERO
from tests.lagesbild.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

NO_POPULATION: dict[str, int] = {}


@pytest.fixture
def registry():
    return AreaRegistry()


def by_code(parsed) -> dict:
    return {r.area_code: r for r in parsed.rows}


def assert_every_municipality(parsed) -> None:
    """All 290 municipalities with the figures bra_files made, `..` as None and `-` as 0."""
    rows = {r.area_code: r for r in parsed.rows if r.area_level == AreaLevel.MUNICIPALITY}
    assert len(rows) == 290
    for k in KOMMUNER:
        row = rows[k.code]
        if k.code == MISSING:
            assert (row.count, row.value) == (None, None)
        elif k.code == ZERO:
            assert (row.count, row.value) == (0, Decimal("0.00"))
        else:
            count, rate = bra_files.figures(k.code)
            assert (row.count, row.value, row.area_name) == (count, rate.quantize(Decimal("0.01")), k.name)


# --- The shapes ------------------------------------------------------------------------------------------


def test_csv_of_2023_and_later_is_read_value_by_value(registry):
    data = bra_files.bra_csv()
    assert data.startswith(b"\xef\xbb\xbfKommun;Antal;Per 100 000 inv.\r\n")
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert (parsed.errors, parsed.skipped, parsed.notes, parsed.year) == ([], [], [], None)
    assert parsed.read == 290
    tingsryd = by_code(parsed)[TINGSRYD]
    assert (tingsryd.line, tingsryd.count, tingsryd.value, tingsryd.year) == (
        bra_files.line_of(TINGSRYD),
        312,
        Decimal("2525.30"),
        2024,
    )
    assert_every_municipality(parsed)


def test_preliminary_header_is_read_and_noted(registry):
    parsed = bra.parse(bra_files.bra_csv(prel=True), year=2024, registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert parsed.notes == [
        "Preliminär statistik: Brå kan ändra siffrorna när den slutliga statistiken kommer."
    ]
    assert_every_municipality(parsed)


def test_windows_1252_csv_from_excel_gives_the_same_values_and_says_so(registry):
    parsed = bra.parse(
        bra_files.bra_csv(encoding="cp1252"), year=2024, registry=registry, population=NO_POPULATION
    )
    assert parsed.errors == []
    assert parsed.notes == [
        "Filen var sparad i Windows-1252 (vanligt när Excel sparar CSV); tecknen är omräknade till UTF-8."
    ]
    assert by_code(parsed)["1880"].area_name == "Örebro"
    assert_every_municipality(parsed)


def test_csv_with_title_counties_riket_and_footnotes(registry):
    data = bra_files.bra_csv(title=bra_files.TITLE, totals=True, footnotes=True)
    parsed = bra.parse(data, registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert parsed.year == 2024
    riket_line = 3 + 290 + 21 + 1  # title, blank, header, municipalities, counties, Riket
    assert parsed.skipped == [
        {"line": 1, "reason": "Rubrikrad"},
        {"line": riket_line + 2, "reason": "Fotnot"},
        {"line": riket_line + 3, "reason": "Fotnot"},
        {"line": riket_line + 4, "reason": "Fotnot"},
    ]
    assert_every_municipality(parsed)
    rows = by_code(parsed)
    assert (rows["0007"].area_level, rows["0007"].area_name) == (AreaLevel.COUNTY, "Kronobergs län")
    assert (rows["0007"].count, rows["0007"].value) == (
        bra_files.county_figures("07")[0],
        bra_files.county_figures("07")[1].quantize(Decimal("0.01")),
    )
    riket = rows["0000"]
    assert (riket.line, riket.area_level, riket.area_name) == (riket_line, AreaLevel.COUNTRY, "Riket")
    assert riket.count == bra_files.country_figures()[0]
    assert len(parsed.rows) == 290 + 21 + 1


def test_xlsx_download_with_title_and_footnotes_is_read_value_by_value(registry):
    parsed = bra.parse(bra_files.bra_xlsx(), registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert parsed.year == 2024
    assert parsed.notes == [
        "Året 2024 är hämtat från filens rubrik.",
        "Filen har också rader för län och riket, som importeras för jämförelse: "
        + ", ".join([*(c for _code, c in sorted(bra_files.COUNTIES.items())), "Riket"])
        + ".",
    ]
    assert parsed.skipped == [
        {"line": 1, "reason": "Rubrikrad"},
        *({"line": line, "reason": "Fotnot"} for line in bra_files.XLSX_FOOTNOTES),
    ]
    tingsryd = by_code(parsed)[TINGSRYD]
    assert (tingsryd.line, tingsryd.count, tingsryd.value, tingsryd.year) == (
        bra_files.line_of(TINGSRYD, first=bra_files.XLSX_FIRST),
        312,
        Decimal("2525.30"),
        2024,
    )
    assert by_code(parsed)["0000"].line == bra_files.XLSX_RIKET
    assert_every_municipality(parsed)


def test_xlsx_with_another_sheet_reads_the_first_and_notes_it(registry):
    data = bra_files.bra_xlsx(extra_sheets={"Om statistiken": [["Text"]]})
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert parsed.notes[0] == (
        "Arbetsboken har flera blad (”Anmälda brott”, ”Om statistiken”); det första, ”Anmälda brott”, lästes."
    )


def test_2021_file_without_header_with_official_names_stadsdelar_and_nbsp_thousands(registry):
    data = bra_files.bra_2021_csv()
    assert "Malung–Sälens kommun".encode() in data and b"Arjeplogs kommun" in data
    parsed = bra.parse(data, year=2021, registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert_every_municipality(parsed)
    rows = by_code(parsed)
    assert (rows["2023"].area_name, rows["2023"].year) == ("Malung-Sälen", 2021)
    assert rows["2080"].area_name == "Falun"  # "Falu kommun"
    stockholm_line = bra_files.line_of("0180", first=1)
    assert parsed.skipped == [
        {"line": stockholm_line + i, "reason": "Stadsdelsområde i Stockholm, inte en kommun"}
        for i in range(1, len(bra_files.STADSDELAR_2021) + 1)
    ]
    assert rows[TINGSRYD].line == bra_files.line_of(TINGSRYD, first=1) + len(bra_files.STADSDELAR_2021)
    assert parsed.read == 290 + len(bra_files.STADSDELAR_2021)


# --- The year --------------------------------------------------------------------------------------------


def test_year_in_the_title_that_disagrees_with_the_given_year_is_an_error(registry):
    parsed = bra.parse(bra_files.bra_xlsx(), year=2023, registry=registry, population=NO_POPULATION)
    assert parsed.errors == [
        {"line": 1, "reason": "Rubriken säger att filen gäller 2024, men du angav 2023."}
    ]
    assert parsed.rows == []


def test_file_that_does_not_say_its_year_needs_one(registry):
    parsed = bra.parse(bra_files.bra_csv(), registry=registry, population=NO_POPULATION)
    assert parsed.errors == [{"line": None, "reason": "Filen säger inte vilket år den gäller. Ange året."}]
    assert parsed.rows == []


def test_a_publication_date_in_the_title_is_not_taken_for_the_year(registry):
    data = bra_files.bra_csv(title="Anmälda brott per kommun, publicerad 2025-03-27")
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert (parsed.errors, parsed.year) == ([], None)


# --- Names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Falu kommun", "2080"),
        ("Stockholms stad", "0180"),
        ("Region Gotland", "0980"),
        ("Gotlands kommun", "0980"),
        ("Upplands Bro", "0139"),
        ("Upplands-Bro kommun", "0139"),
        ("Upplands-Väsby", "0114"),
        ("upplands väsby", "0114"),
        ("Malung–Sälen", "2023"),
        ("Malung—Sälens kommun", "2023"),
        ("Malung − Sälen", "2023"),
        ("  ALE\u00a0 kommun ", "1440"),
        ("Arjeplogs kommun", "2506"),
        ("Marks kommun", "1463"),
        ("Orusts kommun", "1421"),
        ("Hela landet", "0000"),
        ("Riket", "0000"),
        ("Totalt", "0000"),
        ("Kronobergs län", "0007"),
        ("Kronoberg län", "0007"),
        ("KRONOBERGS LÄN", "0007"),
        ("Region Kronoberg", "0007"),
        ("Skåne län", "0012"),
        ("Gotlands län", "0009"),
    ],
)
def test_name_variants_find_the_place(registry, name, code):
    assert registry.name(name).code == code


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Rinkeby-Kista", "Rinkeby-Kista"),
        ("Rinkeby–Kista", "Rinkeby-Kista"),
        ("Södermalm", "Södermalm"),
        ("Hägersten-Älvsjö", "Hägersten-Älvsjö"),
        ("Enskede-Årsta-Vantör stadsdelsområde", "Enskede-Årsta-Vantör"),
        ("Stockholm - Östermalm", "Östermalm"),
        ("Stockholm", None),
        ("Tingsryd", None),
    ],
)
def test_stadsdelar_of_stockholm_are_known(name, found):
    assert stadsdel(name) == found


def test_every_municipality_is_found_by_its_official_name(registry):
    for k in KOMMUNER:
        assert registry.name(bra_files.official_name(k.name)).code == k.code, k.name


def test_unknown_name_is_an_error_naming_the_line(registry):
    data = bra_files.bra_csv(replace={TINGSRYD: ["Atlantis", "12", "1,0"]})
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert parsed.errors == [
        {"line": bra_files.line_of(TINGSRYD), "reason": "Ingen kommun heter ”Atlantis”."}
    ]


# --- Numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "value"),
    [("7810,5", "7810.50"), ("7 810,5", "7810.50"), ("7\u00a0810,5", "7810.50"), ("7810.52", "7810.52")],
)
def test_rates_in_every_unambiguous_notation_are_read(registry, rate, value):
    data = bra_files.bra_csv(replace={TINGSRYD: ["Tingsryd", "312", rate]})
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert parsed.errors == []
    assert by_code(parsed)[TINGSRYD].value == Decimal(value)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            ["Tingsryd", "312", "7.810"],
            "”7.810” går inte att läsa säkert: punkten kan vara tusentalsavgränsare (7 810) eller "
            "decimaltecken (7,81).",
        ),
        (
            ["Tingsryd", "1.234", "2 525,3"],
            "”1.234” går inte att läsa säkert: punkten kan vara tusentalsavgränsare (1 234) eller "
            "decimaltecken (1,234).",
        ),
        (["Tingsryd", "312,5", "2 525,3"], "Antalet ”312,5” är inte ett heltal."),
        (["Tingsryd", "-312", "2 525,3"], "Antalet ”-312” kan inte vara negativt."),
        (["Tingsryd", "många", "2 525,3"], "”många” är inte ett tal."),
        (["Tingsryd", "312"], "Raden har 2 fält i stället för 3 (är filen avklippt?)."),
        (["Tingsryd", "312", "2 525,3", "9"], "Raden har 4 fält i stället för 3."),
    ],
)
def test_a_file_with_one_unreadable_line_gives_exactly_that_one_error(registry, cells, reason):
    data = bra_files.bra_csv(replace={TINGSRYD: cells})
    parsed = bra.parse(data, year=2024, registry=registry, population=NO_POPULATION)
    assert parsed.errors == [{"line": bra_files.line_of(TINGSRYD), "reason": reason}]
    assert TINGSRYD not in by_code(parsed)


# --- Cross-check against population ----------------------------------------------------------------------


def test_every_rate_agrees_with_count_and_population(registry):
    data = bra_files.bra_csv(title=bra_files.TITLE, totals=True)
    parsed = bra.parse(data, year=2024, registry=registry, population=bra_files.POPULATION)
    assert parsed.errors == []


def test_rate_that_does_not_follow_from_count_and_population_is_an_error_with_both_figures(registry):
    data = bra_files.bra_csv(replace={TINGSRYD: ["Tingsryd", "312", "2 625,3"]})
    parsed = bra.parse(data, year=2024, registry=registry, population=bra_files.POPULATION)
    assert parsed.errors == [
        {
            "line": bra_files.line_of(TINGSRYD),
            "reason": "Talet per 100 000 invånare stämmer inte: 312 brott på 12 355 invånare blir 2 525,3, "
            "men filen säger 2 625,3.",
        }
    ]


def test_small_differences_from_rounding_or_another_population_date_pass(registry):
    data = bra_files.bra_csv(replace={TINGSRYD: ["Tingsryd", "312", "2 570,0"]})  # 1,8 % off
    parsed = bra.parse(data, year=2024, registry=registry, population=bra_files.POPULATION)
    assert parsed.errors == []


def test_population_is_taken_from_stored_kolada_figures_in_one_query(registry, django_assert_num_queries):
    population = IndicatorFactory(source=IndicatorSource.KOLADA, external_id="N01951")
    IndicatorValue.objects.create(
        indicator=population,
        area_level=AreaLevel.MUNICIPALITY,
        area_code=TINGSRYD,
        area_name="Tingsryd",
        year=2024,
        value=Decimal("12355"),
    )
    data = bra_files.bra_csv(replace={TINGSRYD: ["Tingsryd", "312", "3 525,3"]})
    with django_assert_num_queries(1):
        parsed = bra.parse(data, year=2024, registry=registry)
    assert [e["line"] for e in parsed.errors] == [bra_files.line_of(TINGSRYD)]
    assert "12 355 invånare" in parsed.errors[0]["reason"]
    assert bra.parse(data, year=2023, registry=registry).errors == []  # no population for 2023


# --- Through the service ---------------------------------------------------------------------------------


@pytest.fixture
def bra_indicator():
    return IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott", attribution="Källa: Brå")


def test_import_of_the_xlsx_download_stores_municipalities_counties_and_riket(bra_indicator):
    run = import_bra_file(indicator=bra_indicator, data=bra_files.bra_xlsx(), year=2024, file_name="bra.xlsx")
    assert run.status == ImportStatus.OK, run.errors
    assert run.rows_created == 290 + 21 + 1
    levels = dict(
        IndicatorValue.objects.filter(area_code__in=[TINGSRYD, "0007", "0000"]).values_list(
            "area_code", "area_level"
        )
    )
    assert levels == {TINGSRYD: AreaLevel.MUNICIPALITY, "0007": AreaLevel.COUNTY, "0000": AreaLevel.COUNTRY}
    tingsryd = IndicatorValue.objects.get(area_code=TINGSRYD)
    assert (tingsryd.count, tingsryd.value, tingsryd.year) == (312, Decimal("2525.30"), 2024)
    assert IndicatorValue.objects.get(area_code=MISSING).value is None


def test_a_file_with_one_bad_line_changes_nothing(bra_indicator):
    data = bra_files.bra_csv(replace={TINGSRYD: ["Tingsryd", "312", "7.810"]})
    run = import_bra_file(indicator=bra_indicator, data=data, year=2024, file_name="bra.csv")
    assert run.status == ImportStatus.FAILED == "misslyckad"
    assert [e["line"] for e in run.errors] == [bra_files.line_of(TINGSRYD)]
    assert not IndicatorValue.objects.exists()
    assert ImportRun.objects.get() == run
