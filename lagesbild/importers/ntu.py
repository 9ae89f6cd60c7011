"""Brå's Nationella trygghetsundersökningen (NTU) per county: the Excel workbooks Brå publishes.

A workbook has one sheet per question (e.g. "Otrygghet kvällstid"). On each sheet:
- a title line ("Andel som känt sig otrygga eller mycket otrygga …"),
- a header line with the years as columns: "Län", 2017, 2018, … 2024 (years as numbers or as text),
- sections for all respondents, men and women, each begun by a line with only its name ("Samtliga" or
  "Totalt", "Män", "Kvinnor"), each with a line for "Hela landet" and the 21 counties ("Stockholms län", …,
  "Norrbottens län"); lines before the first section are for all respondents,
- values in per cent, such as 28,4 (numbers, or text with a decimal comma; a cell formatted as a
  percentage is read as the per cent Excel shows); `..` where there is no figure,
- footnotes below ("Källa: Brå, NTU 2024").
A CSV export of one sheet (see `sheets`) is read the same way.

Each value becomes a row for (county or the country, year, gender T/M/K); counties have Kolada's region
ids ("00" + länskod), the country "0000", as elsewhere. A workbook with several sheets needs the sheet
named (`sheet`); `sheet_names` lists them for the form.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AreaLevel, Gender
from . import Parsed, Row, sheets
from .areas import AreaRegistry

SECTIONS = {
    "samtliga": Gender.TOTAL,
    "totalt": Gender.TOTAL,
    "alla": Gender.TOTAL,
    "båda könen": Gender.TOTAL,
    "samtliga svarande": Gender.TOTAL,
    "män": Gender.MEN,
    "kvinnor": Gender.WOMEN,
}
GENDER_WORDS = {
    Gender.TOTAL: gettext_lazy("samtliga"),
    Gender.MEN: gettext_lazy("män"),
    Gender.WOMEN: gettext_lazy("kvinnor"),
}
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d|2100)\s*\*?$")


def sheet_names(data: bytes) -> list[str]:
    """The workbook's sheets (one per question), for choosing one; [] for a CSV file."""
    return sheets.sheet_names(data)


def year_of(cell: sheets.Cell) -> int | None:
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() and 1950 <= cell <= 2100 else None
    match = _YEAR.match((cell or "").strip())
    return int(match.group(1)) if match else None


def header_years(cells: list[sheets.Cell]) -> dict[int, int]:
    """{column: year} of a header line such as "Län", 2017, … 2024; {} if fewer than two years."""
    years = {i: year for i, cell in enumerate(cells[1:], start=1) if (year := year_of(cell)) is not None}
    return years if len(years) >= 2 else {}


def section(cells: list[sheets.Cell]) -> str | None:
    """The gender of a section line ("Samtliga", "Män", "Kvinnor"), or None."""
    if sheets.width(cells) != 1:
        return None
    return SECTIONS.get(sheets.text(cells[0]).casefold().rstrip(":. "))


def share(cell: sheets.Cell) -> Decimal | None:
    """A percentage, 0–100; `..` is None. Raises ValueError."""
    if not isinstance(cell, Decimal):
        cell = (cell or "").strip().removesuffix("%").strip()
    value = sheets.number(cell)
    if value is not None and not 0 <= value <= 100:
        raise ValueError(_("Andelen ”%(text)s” ligger inte mellan 0 och 100.") % {"text": sheets.text(cell)})
    return sheets.rounded(value)


def parse(data: bytes, *, sheet: str | None = None, registry: AreaRegistry | None = None) -> Parsed:
    """Rows per county (and the country), year and gender from one sheet of an NTU county workbook."""
    parsed = Parsed()
    lines = sheets.read(data, parsed, sheet=sheet, several="ask")
    if lines is None:
        return parsed
    registry = registry or AreaRegistry()
    years: dict[int, int] = {}
    gender = Gender.TOTAL
    data_started = False
    for number, cells in lines:
        if sheets.width(cells) == 0:
            continue
        if found := header_years(cells):
            if len(set(found.values())) != len(found):
                parsed.error(number, _("Samma år står i flera kolumner i rubrikraden."))
                return parsed
            years = found
            continue
        if not years:
            parsed.skip(number, _("Rubrikrad"))
            continue
        if (gender_of_section := section(cells)) is not None:
            gender = gender_of_section
            continue
        name = sheets.text(cells[0])
        values = [cells[c] if c < len(cells) else "" for c in years]
        place = registry.name(name)
        if place is None and not any(sheets.looks_numeric(v) for v in values):
            parsed.skip(number, _("Fotnot") if data_started else _("Rubrikrad"))
            continue
        data_started = True
        parsed.read += 1
        if place is None:
            parsed.error(number, _("Inget län heter ”%(name)s”.") % {"name": name})
            continue
        if place.level not in (AreaLevel.COUNTY, AreaLevel.COUNTRY):
            parsed.error(
                number,
                _("”%(name)s” är en kommun; NTU-filen ska ha län och hela landet.") % {"name": place.name},
            )
            continue
        row_values = {}
        try:
            for column, year in years.items():
                row_values[year] = share(cells[column] if column < len(cells) else "")
        except ValueError as exc:
            reason = _("Värdet för %(year)s går inte att läsa: %(reason)s")
            parsed.error(number, reason % {"year": year, "reason": exc})
            continue
        for year, value in row_values.items():
            parsed.rows.append(
                Row(
                    line=number,
                    area_level=place.level,
                    area_code=place.code,
                    area_name=place.name,
                    year=year,
                    value=value,
                    gender=gender,
                )
            )
    if not years:
        parsed.error(None, _("Filen har ingen rubrikrad med åren som kolumner (till exempel Län;2023;2024)."))
        return parsed
    if parsed.rows:
        genders = [str(GENDER_WORDS[g]) for g in dict.fromkeys(r.gender for r in parsed.rows)]
        summary = _(
            "Filen har %(places)s områden (län och hela landet) och åren %(first)s–%(last)s för %(who)s."
        )
        parsed.notes.append(
            summary
            % {
                "places": len({r.area_code for r in parsed.rows}),
                "first": min(years.values()),
                "last": max(years.values()),
                "who": _(" och ").join(filter(None, [", ".join(genders[:-1]), genders[-1]])),
            }
        )
    return parsed
