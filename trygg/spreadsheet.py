"""CSV files for spreadsheets: every CSV the site writes goes through `csv_response`.

Swedish Excel opens a semicolon-separated UTF-8 file with a byte-order mark correctly. A text cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula (CSV injection), so
such cells get a leading apostrophe, which spreadsheets show as text and do not print.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should read it: text that could start a formula is quoted; numbers,
    dates and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of `rows` (the first one the header) as `filename`, every cell through safe_cell."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
