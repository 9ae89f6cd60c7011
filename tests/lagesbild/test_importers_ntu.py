"""NTU per county: Brå's workbook (one sheet per question, years as columns, sections for all, men and
women, Hela landet and the 21 counties), built in bra_files.py; value by value, and what is refused."""

from decimal import Decimal

import pytest

from lagesbild.importers import ntu, run_import
from lagesbild.importers.areas import AreaRegistry
from lagesbild.models import AreaLevel, ImportStatus, IndicatorSource, IndicatorValue
from tests.lagesbild import bra_files
from tests.lagesbild.bra_files import NTU_SECTIONS, NTU_YEARS, ntu_value, workbook_bytes
from tests.lagesbild.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

# Lines of ntu_sheet(): title 1, blank 2, header 3; each section a heading and 22 lines.
SECTION_LINES = {"T": 5, "M": 28, "K": 51}  # the section's "Hela landet" line


@pytest.fixture
def registry():
    return AreaRegistry()


def values(parsed) -> dict:
    return {(r.area_code, r.year, r.gender): r for r in parsed.rows}


def test_workbook_is_read_value_by_value(registry):
    parsed = ntu.parse(bra_files.ntu_xlsx(), registry=registry)
    assert parsed.errors == []
    assert parsed.skipped == [{"line": 1, "reason": "Rubrikrad"}, {"line": 74, "reason": "Fotnot"}]
    assert len(parsed.rows) == 22 * len(NTU_YEARS) * 3
    assert parsed.read == 22 * 3
    rows = values(parsed)
    for _section, gender, shift in NTU_SECTIONS:
        for code in ["00", *bra_files.COUNTIES]:
            area = "0000" if code == "00" else f"00{code}"
            for year in NTU_YEARS:
                expected = None if (code, year) == ("01", 2017) else ntu_value(code, year, shift)
                assert rows[(area, year, gender)].value == expected, (area, year, gender)
    kronoberg = rows[("0007", 2024, "K")]
    assert (kronoberg.area_level, kronoberg.area_name, kronoberg.line) == (
        AreaLevel.COUNTY,
        "Kronobergs län",
        SECTION_LINES["K"] + 6,
    )
    riket = rows[("0000", 2019, "M")]
    assert (riket.area_level, riket.line) == (AreaLevel.COUNTRY, SECTION_LINES["M"])
    assert parsed.notes == [
        "Filen har 22 områden (län och hela landet) och åren 2017–2024 för samtliga, män och kvinnor."
    ]


def test_values_as_text_with_decimal_comma_and_sections_named_totalt(registry):
    sheet = bra_files.ntu_sheet(as_text=True, section_names=("Totalt", "Män", "Kvinnor"))
    data = workbook_bytes({"Blad1": sheet})
    parsed = ntu.parse(data, registry=registry)
    assert parsed.errors == []
    assert values(parsed)[("0007", 2018, "T")].value == ntu_value("07", 2018, 0)


def test_csv_export_of_one_sheet_is_read_too(registry):
    def cell(value) -> str:  # as Excel writes a sheet to CSV: numbers with a decimal comma
        return str(value).replace(".", ",") if isinstance(value, float) else str(value)

    rows = [[cell(c) for c in row] for row in bra_files.ntu_sheet()]
    parsed = ntu.parse(bra_files.to_csv(rows), registry=registry)
    assert parsed.errors == []
    assert values(parsed)[("0007", 2024, "K")].value == ntu_value("07", 2024, 5)


def test_workbook_with_several_sheets_needs_the_sheet_named(registry):
    data = bra_files.ntu_xlsx(sheets=("Otrygghet kvällstid", "Oro för brott"))
    assert ntu.sheet_names(data) == ["Otrygghet kvällstid", "Oro för brott"]
    parsed = ntu.parse(data, registry=registry)
    reason = "Arbetsboken har flera blad: ”Otrygghet kvällstid”, ”Oro för brott”. Ange vilket."
    assert parsed.errors == [{"line": None, "reason": reason}]
    parsed = ntu.parse(data, sheet="Oro för brott", registry=registry)
    assert parsed.errors == [] and len(parsed.rows) == 22 * 8 * 3
    assert parsed.notes[0] == "Bladet ”Oro för brott” lästes."


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        (
            "28.400",
            "Värdet för 2018 går inte att läsa: ”28.400” går inte att läsa säkert: punkten kan vara "
            "tusentalsavgränsare (28 400) eller decimaltecken (28,4).",
        ),
        ("128,4", "Värdet för 2018 går inte att läsa: Andelen ”128,4” ligger inte mellan 0 och 100."),
        ("hög", "Värdet för 2018 går inte att läsa: ”hög” är inte ett tal."),
    ],
)
def test_one_unreadable_value_is_one_error_naming_the_line_and_year(registry, cell, reason):
    sheet = bra_files.ntu_sheet()
    kronoberg = SECTION_LINES["T"] + 6
    sheet[kronoberg - 1][2] = cell  # 2018
    parsed = ntu.parse(workbook_bytes({"Blad1": sheet}), registry=registry)
    assert parsed.errors == [{"line": kronoberg, "reason": reason}]


def test_unknown_county_and_a_municipality_are_errors(registry):
    sheet = bra_files.ntu_sheet()
    sheet[SECTION_LINES["T"]][0] = "Atlantis län"
    sheet[SECTION_LINES["T"] + 1][0] = "Tingsryd"
    parsed = ntu.parse(workbook_bytes({"Blad1": sheet}), registry=registry)
    assert parsed.errors == [
        {"line": SECTION_LINES["T"] + 1, "reason": "Inget län heter ”Atlantis län”."},
        {
            "line": SECTION_LINES["T"] + 2,
            "reason": "”Tingsryd” är en kommun; NTU-filen ska ha län och hela landet.",
        },
    ]


def test_sheet_without_a_year_header_is_refused(registry):
    data = workbook_bytes({"Blad1": [["Otrygghet"], ["Län", "Andel"], ["Hela landet", 28.4]]})
    parsed = ntu.parse(data, registry=registry)
    assert parsed.errors == [
        {
            "line": None,
            "reason": "Filen har ingen rubrikrad med åren som kolumner (till exempel Län;2023;2024).",
        }
    ]


def test_import_stores_counties_and_the_country_per_gender():
    indicator = IndicatorFactory(source=IndicatorSource.NTU, external_id="ntu-otrygghet-kvall")
    parsed = ntu.parse(bra_files.ntu_xlsx())
    run = run_import(indicator=indicator, parsed=parsed, file_name="ntu.xlsx")
    assert run.status == ImportStatus.OK, run.errors
    assert IndicatorValue.objects.count() == 22 * 8 * 3
    stored = IndicatorValue.objects.get(area_code="0007", year=2024, gender="K")
    assert (stored.area_level, stored.value) == (AreaLevel.COUNTY, ntu_value("07", 2024, 5))
    assert IndicatorValue.objects.get(area_code="0001", year=2017, gender="T").value is None
    assert set(IndicatorValue.objects.values_list("gender", flat=True)) == {"T", "M", "K"}
    assert Decimal("0") < stored.value < Decimal("100")
