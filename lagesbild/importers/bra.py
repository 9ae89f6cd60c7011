"""Brå's yearly CSV of reported crimes per municipality: UTF-8 with BOM, ';', CRLF, header
`Kommun;Antal;Per 100 000 inv.`, names only; joined on the municipality's name."""

import csv
import io

from django.utils.translation import gettext as _

from . import Parsed, Row, decode_csv, parse_count, parse_decimal
from .areas import AreaRegistry

HEADER = ["Kommun", "Antal", "Per 100 000 inv."]


def parse(data: bytes, *, year: int, registry: AreaRegistry | None = None) -> Parsed:
    parsed = Parsed()
    text = decode_csv(data, parsed)
    if text is None:
        return parsed
    registry = registry or AreaRegistry()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader, None)
    except csv.Error as exc:
        parsed.error(1, _("Raden går inte att läsa: %(error)s") % {"error": exc})
        return parsed
    if header is None or [h.strip() for h in header] != HEADER:
        parsed.error(1, _("Första raden ska vara ”%(header)s”.") % {"header": ";".join(HEADER)})
        return parsed
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            parsed.read += 1
            if len(fields) != 3:
                parsed.error(
                    line, _("Raden har %(n)s fält i stället för 3 (är filen avklippt?).") % {"n": len(fields)}
                )
                continue
            name, count_text, rate_text = fields
            place = registry.name(name)
            if place is None:
                parsed.error(line, _("Ingen kommun heter ”%(name)s”.") % {"name": name.strip()})
                continue
            try:
                count = parse_count(count_text)
                value = parse_decimal(rate_text)
            except ValueError as exc:
                parsed.error(line, str(exc))
                continue
            parsed.rows.append(
                Row(
                    line=line,
                    area_level=place.level,
                    area_code=place.code,
                    area_name=place.name,
                    year=year,
                    value=value,
                    count=count,
                )
            )
    except csv.Error as exc:
        parsed.error(reader.line_num, _("Raden går inte att läsa: %(error)s") % {"error": exc})
    return parsed
