"""Files for spreadsheets: every CSV the site writes goes through `csv_response`, every Excel workbook
through `xlsx_workbook`.

Swedish Excel opens a semicolon-separated UTF-8 file with a byte-order mark correctly. A text cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula (CSV injection), so
such cells get a leading apostrophe, which spreadsheets show as text and do not print.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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


# --- Excel workbooks (.xlsx) ----------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITABLE_FILL = PatternFill(fill_type="solid", start_color="FFF4CC", end_color="FFF4CC")
HEADER_FONT = Font(bold=True)
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """One column of a workbook written by `xlsx_response`: its heading and width (in characters); an
    editable column is shaded and its heading carries `comment`; `choices` becomes a drop-down list
    and `whole_numbers` (low, high) a check of whole numbers in that range, both as Excel's data
    validation with a Swedish message; `date` cells are shown as YYYY-MM-DD."""

    title: str
    width: int = 16
    editable: bool = False
    comment: str = ""
    choices: tuple[str, ...] = ()
    whole_numbers: tuple[int, int] | None = None
    date: bool = False


def _validation(column: Column, letter: str, first: int, last: int) -> DataValidation | None:
    if column.choices:
        validation = DataValidation(
            type="list", formula1='"' + ",".join(str(c) for c in column.choices) + '"', allow_blank=False
        )
        validation.error = str(_("Välj ett av värdena i listan: %(choices)s.")) % {
            "choices": ", ".join(str(c) for c in column.choices)
        }
    elif column.whole_numbers is not None:
        low, high = column.whole_numbers
        validation = DataValidation(
            type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=False
        )
        validation.error = str(_("Skriv ett heltal från %(low)s till %(high)s.")) % {"low": low, "high": high}
    else:
        return None
    validation.errorTitle = str(column.title)
    validation.showErrorMessage = True
    validation.add(f"{letter}{first}:{letter}{max(first, last)}")
    return validation


def xlsx_workbook(
    *, sheet: str, columns: Sequence[Column], rows: Iterable[Sequence], note: str = ""
) -> bytes:
    """An Excel workbook (.xlsx) of one sheet: `note` on the first row (when given), the headings below it
    in bold with a filter, both frozen so they stay in view, then `rows`. Text is stored as text, never
    as a formula, so a cell starting with `=` cannot run (the CSV's apostrophe is not needed here)."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    header_row = 1
    if note:
        worksheet.cell(row=1, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        worksheet.row_dimensions[1].height = 15 * max(2, len(note) // 120 + 1)
        header_row = 2
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=header_row, column=index, value=str(column.title))
        cell.font = HEADER_FONT
        if column.editable:
            cell.fill = EDITABLE_FILL
        if column.comment:
            cell.comment = Comment(str(column.comment), "Trygg", width=300, height=120)
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    last = header_row
    for values in rows:
        last += 1
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = worksheet.cell(row=last, column=index, value=value)
            if isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            if column.date:
                cell.number_format = DATE_FORMAT
            if column.editable:
                cell.fill = EDITABLE_FILL
    for index, column in enumerate(columns, start=1):
        validation = _validation(column, get_column_letter(index), header_row + 1, last)
        if validation is not None:
            worksheet.add_data_validation(validation)
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    worksheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last, header_row)}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, workbook: bytes) -> HttpResponse:
    """A download of a workbook made by `xlsx_workbook` as `filename`."""
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
