"""CSV and manual entry for the police's trygghetsmätning, NTU and the municipality's own figures.

CSV: UTF-8 (with or without BOM) or Windows-1252 (Swedish Excel's "CSV (semikolonavgränsad)"; noted in
the preview, see `sheets.decode`), ';' separated, header `Område;År;Kön;Värde;Antal`. The area is an area
of the municipality (kommundel/tätort) or the municipality itself; for NTU it is the lokalpolisområde
(NTU goes no further down), or a county or Riket for comparison. Kön is T, K or M (empty means T); Antal
is the number of respondents, used to hide small counts.
"""

import csv
import io

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Area, AreaLevel, IndicatorSource
from . import Parsed, Row, parse_count, parse_decimal, sheets
from .areas import AreaRegistry, normalise

HEADER = ["Område", "År", "Kön", "Värde", "Antal"]


def lpo_code(name: str) -> str:
    return f"lpo:{slugify(name)}"[:110]


class SurveyAreas:
    """Resolves an area name for a survey indicator, reading the areas once."""

    def __init__(self, source: str, registry: AreaRegistry | None = None):
        self.source = source
        self.registry = registry or AreaRegistry()
        self.areas = {normalise(a.name): a for a in Area.objects.all()}

    def resolve(self, name: str) -> tuple[str, str, str, int | None] | None:
        """(level, code, name, area id) or None."""
        name = (name or "").strip()
        if not name:
            return None
        if self.source == IndicatorSource.NTU:
            place = self.registry.name(name)
            if place is not None and place.level in (AreaLevel.COUNTY, AreaLevel.COUNTRY):
                return place.level, place.code, place.name, None
            return AreaLevel.LPO, lpo_code(name), name, None
        area = self.areas.get(normalise(name))
        if area is not None:
            return AreaLevel.DISTRICT, f"omrade:{area.slug}", area.name, area.pk
        place = self.registry.name(name)
        if place is not None:
            return place.level, place.code, place.name, None
        return None


def parse(data: bytes, *, source: str) -> Parsed:
    parsed = Parsed()
    text = sheets.decode(data, parsed)
    if text is None:
        return parsed
    areas = SurveyAreas(source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != HEADER:
            parsed.error(1, _("Första raden ska vara ”%(header)s”.") % {"header": ";".join(HEADER)})
            return parsed
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            parsed.read += 1
            if len(fields) != len(HEADER):
                parsed.error(
                    line,
                    _("Raden har %(n)s fält i stället för %(m)s (är filen avklippt?).")
                    % {"n": len(fields), "m": len(HEADER)},
                )
                continue
            name, year_text, gender, value_text, count_text = (f.strip() for f in fields)
            resolved = areas.resolve(name)
            if resolved is None:
                parsed.error(line, _("Okänt område ”%(name)s”.") % {"name": name})
                continue
            try:
                year = int(year_text)
                if not 1900 <= year <= 2200:
                    raise ValueError
            except ValueError:
                parsed.error(line, _("Året ”%(year)s” är inte ett årtal.") % {"year": year_text})
                continue
            gender = (gender or "T").upper()
            if gender not in ("T", "K", "M"):
                parsed.error(line, _("Okänt kön ”%(gender)s” (ska vara T, K eller M).") % {"gender": gender})
                continue
            try:
                value = parse_decimal(value_text)
                count = parse_count(count_text)
            except ValueError as exc:
                parsed.error(line, str(exc))
                continue
            level, code, area_name, area_id = resolved
            parsed.rows.append(
                Row(line, level, code, area_name, year, value, gender=gender, count=count, area_id=area_id)
            )
    except csv.Error as exc:
        parsed.error(reader.line_num, _("Raden går inte att läsa: %(error)s") % {"error": exc})
    return parsed


def single(*, source: str, area: Area | None, lpo_name: str, year: int, gender: str, value, count) -> Parsed:
    """One manually entered value, as a parsed file of one row (line 1)."""
    parsed = Parsed(read=1)
    if source == IndicatorSource.NTU:
        row = Row(1, AreaLevel.LPO, lpo_code(lpo_name), lpo_name.strip(), year, value, gender, count)
    elif area is not None:
        row = Row(
            1, AreaLevel.DISTRICT, f"omrade:{area.slug}", area.name, year, value, gender, count, area.pk
        )
    else:
        registry = AreaRegistry()
        place = registry.code(settings.TRYGG_MUNICIPALITY_CODE)
        row = Row(1, place.level, place.code, place.name, year, value, gender, count)
    parsed.rows.append(row)
    return parsed
