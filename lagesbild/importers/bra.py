"""Brå's figures on reported crimes per municipality (anmälda brott per kommun), in every shape Brå
publishes them. Each line is a municipality's name, the number of reported crimes (Antal) and the number
per 100 000 inhabitants.

The shapes (files are read by `sheets`, which also handles Excel, encodings and separators):
- 2023 and later, CSV: UTF-8 with BOM, ';', CRLF, header `Kommun;Antal;Per 100 000 inv.` and 290 lines.
  Preliminary statistics say so in the header: `Antal (prel.)`, maybe `Per 100 000 inv. (prel.)`.
- 2021, CSV: no header at all; names in the official form "Ale kommun", "Arjeplogs kommun", "Malung–Sälens
  kommun" (en dash); Stockholm's stadsdelsområden ("Rinkeby-Kista", "Södermalm", …) among the
  municipalities; counts with a space, non-breaking space or thin space between thousands ("1 234").
- Excel (.xlsx) from bra.se or Brå's statistics database: a title line above the header ("Anmälda brott
  2024, totalt antal och per 100 000 invånare, per kommun") and footnotes below ("Källa: Brå", "Anm. …",
  ".. = uppgift saknas").
- A CSV saved by Swedish Excel ("CSV (semikolonavgränsad)"): Windows-1252.
Official tables write `..` for "uppgift saknas" (stored as no value) and `-` or `–` for zero. They may
end with the national total ("Riket", "Hela landet") and have county lines ("Kronobergs län"); those are
stored for the country ("0000") and the county ("00" + länskod), as Kolada's figures are. Names may be in
any official variant ("Falu kommun", "Stockholms stad", "Region Gotland"; see `areas`).

What is read and what is left out:
- A header is recognised by its cells (one with "Antal", one with "100 000"); without one, a line of
  name;number;number is data. Lines above the data are titles ("Rubrikrad"), lines below it footnotes
  ("Fotnot"), both listed as skipped. A stadsdel is skipped with its reason. A name that is no known
  place is an error naming the line.
- The year comes from the title ("… 2024 …") or the caller; if they disagree, or neither says, the file
  is refused.
- A number that cannot be read unambiguously is refused, never stored wrong: `7.810` may be 7 810 or 7,81.
  Counts must be whole and not negative.
- Where the municipalities' populations are known (the `population` argument, or stored values of Kolada's
  N01951 "Invånare totalt, antal" for the year), each rate is checked against count / population ×
  100 000; more than 2 % (and more than 1) apart is an error naming both figures. Counties and the country
  are checked against the sum of their municipalities when all of them are known.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import AreaLevel, IndicatorSource, IndicatorValue
from . import Parsed, Row, sheets
from .areas import AreaRegistry, Place, stadsdel

HEADER = ["Kommun", "Antal", "Per 100 000 inv."]
POPULATION_KPI = "N01951"  # Kolada: Invånare totalt, antal (31 december)
COUNT_WORDS = re.compile(r"antal|anmälda|totalt")
TOLERANCE = Decimal("0.02")  # rates are rounded and populations are counted at another date
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d|-\d\d-\d\d)")


@dataclass
class Columns:
    name: int = 0
    count: int = 1
    rate: int = 2

    @property
    def needed(self) -> int:
        return max(self.name, self.count, self.rate) + 1


@dataclass
class Figure:
    line: int
    place: Place
    count: int | None
    rate: Decimal | None


def header_columns(cells: list[sheets.Cell]) -> Columns | None:
    """The columns of a header line such as `Kommun;Antal (prel.);Per 100 000 inv.`, or None."""
    labels = [sheets.text(c).casefold() for c in cells]
    squeezed = ["".join(t.split()) for t in labels]
    rate = next((i for i, t in enumerate(squeezed) if "100000" in t), None)
    count = next((i for i, t in enumerate(labels) if i != rate and COUNT_WORDS.search(t)), None)
    name = next((i for i in range(len(labels)) if i not in (rate, count)), None)
    if rate is None or count is None or name is None:
        return None
    return Columns(name=name, count=count, rate=rate)


def years_in(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


def stored_population(year: int) -> dict[str, int]:
    """Inhabitants per municipality code from the stored Kolada figures (N01951) for the year: one query."""
    values = IndicatorValue.objects.filter(
        indicator__source=IndicatorSource.KOLADA,
        indicator__external_id=POPULATION_KPI,
        year=year,
        gender="T",
        area_level=AreaLevel.MUNICIPALITY,
        value__isnull=False,
    ).values_list("area_code", "value")
    return {code: int(value) for code, value in values}


def swedish(value: Decimal, places: int = 1) -> str:
    """1234.56 -> '1 234,6' (how the coordinator reads figures)."""
    return f"{value:,.{places}f}".replace(",", " ").replace(".", ",")


class Reader:
    """One pass over a file's lines; the state a line's meaning depends on (header found, data begun)."""

    def __init__(self, parsed: Parsed, registry: AreaRegistry):
        self.parsed, self.registry = parsed, registry
        self.columns = Columns()
        self.header_line: int | None = None
        self.data_started = False
        self.title_years: dict[int, int] = {}  # year -> the line that states it
        self.preliminary = False
        self.figures: list[Figure] = []

    def is_data(self, cells: list[sheets.Cell]) -> bool:
        """A place's name, or a name followed by numbers (an unknown name is then an error, not a note)."""
        first = sheets.text(cells[self.columns.name]) if len(cells) > self.columns.name else ""
        if first and (self.registry.name(first) or stadsdel(first)):
            return True
        rest = [c for i, c in enumerate(cells) if i != self.columns.name and not sheets.is_empty(c)]
        return bool(first) and bool(rest) and any(sheets.looks_numeric(c) for c in rest)

    def line(self, number: int, cells: list[sheets.Cell]) -> None:
        width = sheets.width(cells)
        if width == 0:
            return
        cells = cells[:width]
        if not self.data_started and self.header_line is None and (columns := header_columns(cells)):
            self.columns, self.header_line = columns, number
            self.note_title(number, " ".join(sheets.text(c) for c in cells))
            return
        if self.is_data(cells):
            self.data_started = True
            self.data(number, cells, width)
            return
        filled = [c for c in cells if not sheets.is_empty(c)]
        if not self.data_started and len(filled) > 1 and not any(sheets.looks_numeric(c) for c in filled):
            # Several labels but not the header Brå writes: the columns cannot be trusted.
            if number == 1:
                reason = _("Första raden ska vara ”%(header)s”.")
            else:
                reason = _("Kolumnrubrikerna ska vara ”%(header)s”.")
            self.parsed.error(number, reason % {"header": ";".join(HEADER)})
            return
        if self.data_started:
            self.parsed.skip(number, _("Fotnot"))
            return
        self.parsed.skip(number, _("Rubrikrad"))
        self.note_title(number, " ".join(sheets.text(c) for c in filled))

    def note_title(self, number: int, text: str) -> None:
        """What a title or header says about the whole file: its year, and "(prel.)"."""
        for year in years_in(text):
            self.title_years.setdefault(year, number)
        self.preliminary = self.preliminary or "prel" in text.casefold()

    def data(self, number: int, cells: list[sheets.Cell], width: int) -> None:
        parsed, columns = self.parsed, self.columns
        parsed.read += 1
        expected = max(columns.needed, len(HEADER))
        if width != expected:
            if width < expected:
                reason = _("Raden har %(n)s fält i stället för %(m)s (är filen avklippt?).")
            else:
                reason = _("Raden har %(n)s fält i stället för %(m)s.")
            parsed.error(number, reason % {"n": width, "m": expected})
            return
        name = sheets.text(cells[columns.name])
        place = self.registry.name(name)
        if place is None:
            if stadsdel(name):
                parsed.skip(number, _("Stadsdelsområde i Stockholm, inte en kommun"))
            else:
                parsed.error(number, _("Ingen kommun heter ”%(name)s”.") % {"name": name})
            return
        try:
            count = sheets.count(cells[columns.count])
            rate = sheets.number(cells[columns.rate])
            if rate is not None and rate < 0:
                shown = sheets.text(cells[columns.rate])
                raise ValueError(_("Värdet ”%(text)s” kan inte vara negativt.") % {"text": shown})
        except ValueError as exc:
            parsed.error(number, str(exc))
            return
        self.figures.append(Figure(number, place, count, rate))


def resolve_year(reader: Reader, parsed: Parsed, year: int | None) -> int | None:
    """The year of the file: its title's, which must agree with the caller's, or the caller's."""
    stated = sorted(reader.title_years)
    if len(stated) > 1:
        parsed.error(
            reader.title_years[stated[0]],
            _("Rubriken nämner flera år (%(years)s); filen ska gälla ett år.")
            % {"years": ", ".join(str(y) for y in stated)},
        )
        return None
    if stated:
        parsed.year = stated[0]
        if year is not None and year != stated[0]:
            parsed.error(
                reader.title_years[stated[0]],
                _("Rubriken säger att filen gäller %(file)s, men du angav %(year)s.")
                % {"file": stated[0], "year": year},
            )
            return None
        if year is None:
            parsed.notes.append(_("Året %(year)s är hämtat från filens rubrik.") % {"year": stated[0]})
        return stated[0]
    if year is None:
        parsed.error(None, _("Filen säger inte vilket år den gäller. Ange året."))
    return year


def population_of(place: Place, population: dict[str, int], registry: AreaRegistry) -> int | None:
    if place.level == AreaLevel.MUNICIPALITY:
        return population.get(place.code)
    if place.level == AreaLevel.COUNTY:
        codes = registry.municipalities_in.get(place.code, [])
    else:
        codes = [c for county in registry.municipalities_in.values() for c in county]
    if codes and all(c in population for c in codes):
        return sum(population[c] for c in codes)
    return None


def cross_check(parsed: Parsed, figure: Figure, inhabitants: int) -> None:
    """A rate that does not follow from the count and the population is an error naming both figures."""
    if figure.count is None or figure.rate is None or inhabitants <= 0:
        return
    expected = Decimal(figure.count) * 100_000 / inhabitants
    difference = abs(figure.rate - expected)
    if difference > 1 and difference > TOLERANCE * expected:
        parsed.error(
            figure.line,
            _(
                "Talet per 100 000 invånare stämmer inte: %(count)s brott på %(people)s invånare blir "
                "%(expected)s, men filen säger %(rate)s."
            )
            % {
                "count": swedish(Decimal(figure.count), 0),
                "people": swedish(Decimal(inhabitants), 0),
                "expected": swedish(expected),
                "rate": swedish(figure.rate),
            },
        )


def parse(
    data: bytes,
    *,
    year: int | None = None,
    registry: AreaRegistry | None = None,
    population: dict[str, int] | None = None,
) -> Parsed:
    """Read a Brå file (any shape above) into rows for the municipalities, counties and the country.

    `year`: the year the caller says the file is for (checked against the title's). `population`:
    inhabitants per municipality code for the cross-check; None looks for stored Kolada figures.
    """
    parsed = Parsed()
    lines = sheets.read(data, parsed, several="first")
    if lines is None:
        return parsed
    registry = registry or AreaRegistry()
    reader = Reader(parsed, registry)
    for number, cells in lines:
        reader.line(number, cells)
    if reader.preliminary:
        parsed.notes.append(
            _("Preliminär statistik: Brå kan ändra siffrorna när den slutliga statistiken kommer.")
        )
    year = resolve_year(reader, parsed, year)
    if year is None:
        return parsed
    if population is None:
        population = stored_population(year)
    totals = [f.place.name for f in reader.figures if f.place.level != AreaLevel.MUNICIPALITY]
    if totals:
        parsed.notes.append(
            _("Filen har också rader för län och riket, som importeras för jämförelse: %(names)s.")
            % {"names": ", ".join(totals)}
        )
    for figure in reader.figures:
        inhabitants = population_of(figure.place, population, registry) if population else None
        if inhabitants is not None:
            cross_check(parsed, figure, inhabitants)
        parsed.rows.append(
            Row(
                line=figure.line,
                area_level=figure.place.level,
                area_code=figure.place.code,
                area_name=figure.place.name,
                year=year,
                value=sheets.rounded(figure.rate),
                count=figure.count,
            )
        )
    return parsed
