"""The files of a dataset, written whole in memory (so the page cache can keep them and
ConditionalGetMiddleware can answer 304), one row per object of the dataset's queryset.

Two CSV variants, both UTF-8 with the schema's field names as the header row:
- `;` for Swedish Excel: a byte-order mark (so Excel reads UTF-8), decimal comma, "ja"/"nej", and times
  as local time YYYY-MM-DD HH:MM;
- `,` for programs: no byte-order mark, decimal point, true/false, times in ISO 8601 as in the JSON.
In both, a list is one cell with its items joined by " | ", an empty value is an empty cell, and a text
cell that a spreadsheet would run as a formula gets a leading apostrophe (trygg.spreadsheet.safe_cell).

The JSON file is one object: the dataset's description (title, licence, modified, columns) and `rows`,
a list of objects exactly as the API returns them.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from ..spreadsheet import safe_cell
from . import Column, Dataset, Kind, columns, rows

LIST_SEPARATOR = " | "
# Text columns: the only ones whose cells may look like a formula. A negative number is a number.
TEXT_KINDS = frozenset({Kind.TEXT, Kind.LIST})


@dataclass(frozen=True)
class Variant:
    """One CSV dialect: its delimiter, and how it writes what has no single spelling."""

    key: str
    delimiter: str
    byte_order_mark: bool
    decimal_comma: bool
    true: str
    false: str
    local_times: bool


SEMICOLON = Variant(
    "semikolon", ";", byte_order_mark=True, decimal_comma=True, true="ja", false="nej", local_times=True
)
COMMA = Variant(
    "komma", ",", byte_order_mark=False, decimal_comma=False, true="true", false="false", local_times=False
)


def cell(value, kind: str, variant: Variant) -> str:
    """One value of a JSON-ready row as the variant writes it in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return variant.true if value else variant.false
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(item, Kind.TEXT, variant) for item in value)
    if isinstance(value, dict):  # a nested object: its name, else the object in JSON
        named = value.get("name", value.get("title"))
        return safe_cell(str(named) if named is not None else json.dumps(value, ensure_ascii=False))
    if isinstance(value, float | int):
        text = str(value)
        return text.replace(".", ",") if variant.decimal_comma else text
    text = str(value)
    if kind == Kind.DECIMAL and variant.decimal_comma:  # a Decimal arrives as a string
        return text.replace(".", ",")
    if kind == Kind.DATETIME and variant.local_times:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return safe_cell(text) if kind in TEXT_KINDS else text


def csv_text(dataset: Dataset, variant: Variant) -> str:
    """The whole CSV file: the header row, then one row per object."""
    cols = columns(dataset)
    out = io.StringIO()
    if variant.byte_order_mark:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=variant.delimiter)
    writer.writerow([c.name for c in cols])
    for row in rows(dataset):
        writer.writerow([cell(row.get(c.name), c.kind, variant) for c in cols])
    return out.getvalue()


def column_json(column: Column) -> dict:
    return {"name": column.name, "type": column.kind, "description": column.description}


def json_text(dataset: Dataset, *, about: dict) -> str:
    """The JSON file: `about` (title, licence, …) with the columns, then `rows`."""
    document = {
        **about,
        "columns": [column_json(c) for c in columns(dataset)],
        "rows": list(rows(dataset)),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
