"""Brå's and NTU's files as they are really published, built in code so that every shape can be tested.

The figures are made up but consistent: each municipality has a population (`POPULATION`), a number of
reported crimes and the rate per 100 000 that follows from them, rounded to one decimal as Brå does.
Counties and the country are the sums of their municipalities. Tingsryd (0763) has 312 crimes and
2 525,3 per 100 000 in every shape.

Shapes (see lagesbild/importers/bra.py and ntu.py for what they are):
- `bra_csv`: the 2023-and-later CSV (UTF-8 with BOM, ';', CRLF, header `Kommun;Antal;Per 100 000 inv.`),
  optionally preliminary, with a title, county and national lines, footnotes, or in Windows-1252;
- `bra_2021_csv`: no header, official names ("Ale kommun", "Arjeplogs kommun", "Malung–Sälens kommun"),
  Stockholm's stadsdelsområden among the municipalities, thousands with a non-breaking or thin space;
- `bra_xlsx`: the Excel download, title line above the header and footnotes below, numbers as numbers;
- `ntu_xlsx`: NTU's county workbook, one sheet per question, years as columns, sections Samtliga, Män
  and Kvinnor.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl

KOMMUNER_CSV = Path(__file__).resolve().parents[2] / "trygg" / "data" / "kommuner.csv"
HEADER = ["Kommun", "Antal", "Per 100 000 inv."]
TITLE = "Anmälda brott 2024, totalt antal och per 100 000 invånare, per kommun"
FOOTNOTES = [
    "Källa: Brå, kriminalstatistik",
    "Anm. Brotten redovisas efter den kommun där brottet begicks.",
    ".. = uppgift saknas, - = inga anmälda brott",
]
MISSING = "0760"  # Uppvidinge: ".." (uppgift saknas)
ZERO = "2403"  # Bjurholm: "-" (no reported crimes)
TINGSRYD = "0763"
STADSDELAR_2021 = [
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Hägersten-Älvsjö",
    "Skärholmen",
    "Älvsjö",
]


@dataclass(frozen=True)
class Kommun:
    code: str
    name: str
    county_code: str
    county: str


def kommuner() -> list[Kommun]:
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as f:
        return [Kommun(r["kommunkod"], r["kommun"], r["lanskod"], r["lan"]) for r in csv.DictReader(f)]


KOMMUNER = kommuner()
COUNTIES = {k.county_code: k.county for k in KOMMUNER}


def rate_of(count: int, population: int) -> Decimal:
    return (Decimal(count) * 100_000 / population).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _figures() -> tuple[dict[str, int], dict[str, int]]:
    population, crimes = {}, {}
    for k in KOMMUNER:
        n = int(k.code)
        population[k.code] = 2_500 + (n * 7_919) % 180_000
        crimes[k.code] = population[k.code] * (3_000 + (n * 131) % 9_000) // 100_000
    population[TINGSRYD], crimes[TINGSRYD] = 12_355, 312
    crimes[ZERO] = 0
    return population, crimes


POPULATION, CRIMES = _figures()


def figures(code: str) -> tuple[int, Decimal]:
    """(count, rate) of a municipality."""
    return CRIMES[code], rate_of(CRIMES[code], POPULATION[code])


def county_figures(county_code: str) -> tuple[int, Decimal]:
    codes = [k.code for k in KOMMUNER if k.county_code == county_code]
    count = sum(CRIMES[c] for c in codes)
    return count, rate_of(count, sum(POPULATION[c] for c in codes))


def country_figures() -> tuple[int, Decimal]:
    count = sum(CRIMES.values())
    return count, rate_of(count, sum(POPULATION.values()))


def swedish(value, space: str = " ") -> str:
    """7810 -> '7 810'; Decimal('2525.3') -> '2 525,3' (with the given thousands separator)."""
    whole, _, decimals = f"{value:,}".partition(".")
    return whole.replace(",", space) + (f",{decimals}" if decimals else "")


def official_name(name: str) -> str:
    """The name as the 2021 file writes it: the genitive and "kommun" (or "stad")."""
    special = {
        "Falun": "Falu kommun",
        "Stockholm": "Stockholms stad",
        "Göteborg": "Göteborgs stad",
        "Malmö": "Malmö stad",
        "Malung-Sälen": "Malung–Sälens kommun",
    }
    if name in special:
        return special[name]
    if name[-1] in "aeiouyåäö" or name[-1] in "sxz":
        return f"{name} kommun"
    return f"{name}s kommun"


def municipality_rows(*, space: str = " ", names=None) -> list[list[str]]:
    """One text row per municipality: name, count, rate; `..` for Uppvidinge and `-` for Bjurholm."""
    rows = []
    for k in KOMMUNER:
        name = names(k.name) if names else k.name
        if k.code == MISSING:
            rows.append([name, "..", ".."])
        elif k.code == ZERO:
            rows.append([name, "-", "–"])
        else:
            count, rate = figures(k.code)
            rows.append([name, swedish(count, space), swedish(rate, space)])
    return rows


def total_rows() -> list[list[str]]:
    """A line per county, then the country ("Riket")."""
    rows = []
    for code, county in sorted(COUNTIES.items()):
        count, rate = county_figures(code)
        rows.append([county, swedish(count), swedish(rate)])
    count, rate = country_figures()
    return [*rows, ["Riket", swedish(count), swedish(rate)]]


def to_csv(
    rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ";", newline: str = "\r\n"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def bra_csv(
    *,
    prel: bool = False,
    title: str | None = None,
    totals: bool = False,
    footnotes: bool = False,
    encoding: str = "utf-8-sig",
    replace: dict[str, list[str]] | None = None,
) -> bytes:
    """The 2023-and-later CSV. `replace` swaps a municipality's row (by code) for another row."""
    header = ["Kommun", "Antal (prel.)", "Per 100 000 inv. (prel.)"] if prel else HEADER
    rows = municipality_rows()
    for code, row in (replace or {}).items():
        rows[[k.code for k in KOMMUNER].index(code)] = row
    lines = [*([[title], []] if title else []), header, *rows]
    if totals:
        lines += total_rows()
    if footnotes:
        lines += [[], *([f] for f in FOOTNOTES)]
    return to_csv(lines, encoding=encoding)


def line_of(code: str, *, first: int = 2) -> int:
    """The line of a municipality's row in a file whose first municipality is on line `first`."""
    return first + [k.code for k in KOMMUNER].index(code)


def bra_2021_csv() -> bytes:
    """No header; official names; stadsdelar right after Stockholm; thousands with NBSP or thin space."""
    rows = []
    for i, row in enumerate(municipality_rows(space="\u00a0", names=official_name)):
        if i % 2:
            row = [row[0], row[1].replace("\u00a0", "\u2009"), row[2].replace("\u00a0", "\u2009")]
        rows.append(row)
        if KOMMUNER[i].code == "0180":
            rows += [[name, "1\u00a0234", "1\u00a0500,0"] for name in STADSDELAR_2021]
    return to_csv(rows)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx with the given sheets, each a list of rows of cell values (None for an empty cell)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bra_xlsx(*, title: str = TITLE, extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    """The Excel download: title on row 1, header on row 3, 290 municipalities from row 4 (numbers as
    numbers, `..` and `-` as text), the counties and Riket, a blank row and the footnotes."""
    rows: list[list] = [[title], [], HEADER]
    for k in KOMMUNER:
        if k.code == MISSING:
            rows.append([k.name, "..", ".."])
        elif k.code == ZERO:
            rows.append([k.name, "-", "-"])
        else:
            count, rate = figures(k.code)
            rows.append([k.name, float(count), float(rate)])
    for row in total_rows():
        rows.append([row[0], int(row[1].replace(" ", "")), float(row[2].replace(" ", "").replace(",", "."))])
    rows += [[], *([f] for f in FOOTNOTES)]
    return workbook_bytes({"Anmälda brott": rows, **(extra_sheets or {})})


# Rows of bra_xlsx(): title 1, blank 2, header 3, municipalities 4..293, counties 294..314, Riket 315,
# blank 316, footnotes 317..319.
XLSX_FIRST = 4
XLSX_RIKET = XLSX_FIRST + len(KOMMUNER) + len(COUNTIES)
XLSX_FOOTNOTES = [XLSX_RIKET + 2, XLSX_RIKET + 3, XLSX_RIKET + 4]

NTU_YEARS = list(range(2017, 2025))
NTU_SECTIONS = [("Samtliga", "T", 0), ("Män", "M", -4), ("Kvinnor", "K", 5)]


def ntu_value(county_code: str, year: int, shift: int) -> Decimal:
    """A made-up share in per cent with one decimal; "00" is the country."""
    n = int(county_code)
    return Decimal(f"{20 + (n * 3 + year) % 12 + shift}.{(n + year) % 10}")


def ntu_sheet(*, as_text: bool = False, section_names=("Samtliga", "Män", "Kvinnor")) -> list[list]:
    """One NTU sheet: title, header with the years (2017 a number, the rest text, as Brå mixes them),
    three sections of Hela landet and the 21 counties, footnote. Stockholms län 2017 is `..`."""
    rows: list[list] = [
        ["Andel (%) som känt sig otrygga eller mycket otrygga ute sent en kväll i sitt bostadsområde"],
        [],
        ["Län", NTU_YEARS[0], *(str(y) for y in NTU_YEARS[1:])],
    ]
    for (_, _gender, shift), name in zip(NTU_SECTIONS, section_names, strict=True):
        rows.append([name])
        for code, county in [("00", "Hela landet"), *sorted(COUNTIES.items())]:
            values = []
            for year in NTU_YEARS:
                value = ntu_value(code, year, shift)
                if code == "01" and year == 2017:
                    values.append("..")
                elif as_text or year % 2:
                    values.append(str(value).replace(".", ","))
                else:
                    values.append(float(value))
            rows.append([county, *values])
    rows += [[], ["Källa: Brå, NTU 2024"]]
    return rows


def ntu_xlsx(*, sheets: tuple[str, ...] = ("Otrygghet kvällstid",)) -> bytes:
    return workbook_bytes({name: ntu_sheet() for name in sheets})
