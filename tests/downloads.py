"""Reading the workspace's downloads in tests (trygg.exports): a CSV or an Excel file as rows of text."""

import csv
import io

import openpyxl


def csv_rows(response) -> list[list[str]]:
    """The rows of a semicolon-separated UTF-8 CSV download (the header first)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list[str]]:
    """The rows of an Excel download's first sheet, every cell as the CSV would write it."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
