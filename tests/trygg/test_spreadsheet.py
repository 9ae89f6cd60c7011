"""Every CSV cell that a spreadsheet would run as a formula is written as text."""

import datetime

import pytest

from trygg.spreadsheet import csv_response, safe_cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_could_start_a_formula_is_quoted(start):
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize(
    "value", ["Belysning vid torget", "", "12,5", 42, -3, 2.5, None, datetime.date(2026, 1, 2)]
)
def test_ordinary_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_csv_response_is_utf8_with_bom_semicolons_and_safe_cells():
    response = csv_response("lista.csv", [["Rubrik", "Antal"], ["=2+2", 3], ["Åtgärd; med semikolon", -1]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    assert response.content.decode("utf-8") == (
        '\ufeffRubrik;Antal\r\n\'=2+2;3\r\n"Åtgärd; med semikolon";-1\r\n'
    )
