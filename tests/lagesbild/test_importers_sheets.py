"""Reading an uploaded table: Excel workbooks, CSV in UTF-8 or Windows-1252, other separators, files that
must be refused with a reason; and the strict reading of numbers in official Swedish tables."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from lagesbild.importers import Parsed, sheets
from tests.lagesbild.bra_files import workbook_bytes

WINDOWS_1252_NOTE = (
    "Filen var sparad i Windows-1252 (vanligt när Excel sparar CSV); tecknen är omräknade till UTF-8."
)


def read(data: bytes, **kwargs):
    parsed = Parsed()
    return sheets.read(data, parsed, **kwargs), parsed


# --- Excel -----------------------------------------------------------------------------------------------


def test_xlsx_numbers_are_decimals_text_is_text_and_lines_are_excel_rows():
    data = workbook_bytes(
        {"Blad1": [["Anmälda brott 2024"], [], ["Kommun", "Antal"], ["Tingsryd", 7810.0, 2525.3, 312]]}
    )
    lines, parsed = read(data)
    assert lines == [
        (1, ["Anmälda brott 2024"]),
        (2, []),
        (3, ["Kommun", "Antal"]),
        (4, ["Tingsryd", Decimal("7810"), Decimal("2525.3"), Decimal("312")]),
    ]
    assert (parsed.errors, parsed.notes) == ([], [])


def test_xlsx_float_that_looks_like_a_thousand_is_a_number_not_ambiguous_text():
    lines, _parsed = read(workbook_bytes({"Blad1": [["Ale", 7.81, 1234.5678]]}))
    assert lines[0][1][1:] == [Decimal("7.81"), Decimal("1234.5678")]
    assert sheets.number(lines[0][1][1]) == Decimal("7.81")


def test_xlsx_percentage_cell_is_read_as_the_per_cent_excel_shows():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Hela landet", 0.284])
    workbook.active["B1"].number_format = "0.0%"
    out = io.BytesIO()
    workbook.save(out)
    lines, _parsed = read(out.getvalue())
    assert lines == [(1, ["Hela landet", Decimal("28.4")])]


def test_xlsx_with_a_wrong_dimension_is_still_read_in_full():
    data = workbook_bytes({"Blad1": [["Kommun", "Antal", "Per 100 000 inv."], ["Tingsryd", 312, 2525.3]]})
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in content
            target.writestr(item, content)
    lines, _parsed = read(broken.getvalue())
    assert lines[1] == (2, ["Tingsryd", Decimal("312"), Decimal("2525.3")])


def test_xlsx_with_several_sheets_asks_which_or_reads_the_first_with_a_note():
    data = workbook_bytes({"Otrygghet": [["a"]], "Oro": [["b"]]})
    lines, parsed = read(data)
    assert lines is None
    assert parsed.errors == [
        {"line": None, "reason": "Arbetsboken har flera blad: ”Otrygghet”, ”Oro”. Ange vilket."}
    ]
    lines, parsed = read(data, several="first")
    assert lines == [(1, ["a"])]
    assert parsed.notes == [
        "Arbetsboken har flera blad (”Otrygghet”, ”Oro”); det första, ”Otrygghet”, lästes."
    ]
    lines, parsed = read(data, sheet="Oro")
    assert lines == [(1, ["b"])]
    lines, parsed = read(data, sheet="Utsatthet")
    assert parsed.errors == [
        {
            "line": None,
            "reason": "Arbetsboken har inget blad som heter ”Utsatthet”; bladen heter ”Otrygghet”, ”Oro”.",
        }
    ]


def test_sheet_names_of_a_workbook_a_csv_and_a_broken_file():
    assert sheets.sheet_names(workbook_bytes({"Otrygghet": [], "Oro": []})) == ["Otrygghet", "Oro"]
    assert sheets.sheet_names(b"Kommun;Antal\r\n") == []
    assert sheets.sheet_names(b"PK\x03\x04trasig") == []


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 inte en arbetsbok", "half"],
    ids=["zip-signature-only", "cut-in-half"],
)
def test_corrupt_xlsx_gets_one_clear_error_not_a_traceback(data):
    if data == "half":
        whole = workbook_bytes({"Blad1": [["Tingsryd", 312]] * 50})
        data = whole[: len(whole) // 2]
    lines, parsed = read(data)
    assert lines is None
    assert parsed.errors == [
        {
            "line": None,
            "reason": "Excel-filen är skadad eller inte en riktig arbetsbok och går inte att läsa; öppna den "
            "i Excel och spara den på nytt som .xlsx eller CSV.",
        }
    ]


def test_old_xls_and_ods_are_refused_with_what_to_do():
    lines, parsed = read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert lines is None
    assert parsed.errors == [
        {
            "line": None,
            "reason": "Filen är i Excels gamla format (.xls); öppna den i Excel och spara den som "
            "Excel-arbetsbok (.xlsx) eller CSV.",
        }
    ]
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    lines, parsed = read(ods.getvalue())
    assert lines is None and ".ods" in parsed.errors[0]["reason"]


# --- CSV -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_csv_in_utf8_with_or_without_bom_needs_no_note(encoding):
    lines, parsed = read("Kommun;Antal\r\nVäxjö;9 874\r\n".encode(encoding))
    assert lines == [(1, ["Kommun", "Antal"]), (2, ["Växjö", "9 874"])]
    assert (parsed.errors, parsed.notes) == ([], [])


def test_csv_in_windows_1252_is_read_and_noted():
    lines, parsed = read("Kommun;Antal\r\nVäxjö;9 874\r\nÖrebro;– \r\n".encode("cp1252"))
    assert lines == [(1, ["Kommun", "Antal"]), (2, ["Växjö", "9 874"]), (3, ["Örebro", "– "])]
    assert parsed.notes == [WINDOWS_1252_NOTE]


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused():
    lines, parsed = read(b"Kommun;Antal\r\nV\x81xj\x8d;1\r\n")
    assert lines is None
    assert parsed.errors == [
        {
            "line": None,
            "reason": "Filen är varken UTF-8 eller Windows-1252 och går inte att läsa som text; spara den "
            "som ”CSV UTF-8” och försök igen.",
        }
    ]


def test_utf16_unicode_text_from_excel_is_refused():
    lines, parsed = read("Kommun\tAntal\r\nVäxjö\t1\r\n".encode("utf-16"))
    assert lines is None and "UTF-16" in parsed.errors[0]["reason"]


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (b'Kommun,Antal\r\nAle,12\r\nAlvesta,"1 501"\r\n', "komma"),
        (b"Kommun\tAntal\r\nAle\t12\r\nAlvesta\t1 501\r\n", "tabb"),
    ],
)
def test_csv_clearly_separated_by_comma_or_tab_is_read_so_and_noted(data, note):
    lines, parsed = read(data)
    assert lines == [(1, ["Kommun", "Antal"]), (2, ["Ale", "12"]), (3, ["Alvesta", "1 501"])]
    assert parsed.notes == [
        f"Fälten i filen var avgränsade med {note} i stället för semikolon; filen lästes så."
    ]


def test_semicolon_file_with_commas_in_titles_and_decimals_stays_semicolon():
    data = (
        "Anmälda brott 2024, totalt antal och per 100 000 invånare, per kommun\r\nAle;12;1,5\r\nEda;3;2,5\r\n"
    )
    lines, parsed = read(data.encode())
    assert [cells for _line, cells in lines][1:] == [["Ale", "12", "1,5"], ["Eda", "3", "2,5"]]
    assert parsed.notes == []


def test_csv_line_numbers_are_the_lines_the_user_sees_even_after_a_quoted_line_break():
    lines, _parsed = read(b'"Titel\r\nmed radbrytning"\r\n\r\nAle;1;2\r\n')
    assert [(line, cells) for line, cells in lines] == [
        (1, ["Titel\r\nmed radbrytning"]),
        (3, []),
        (4, ["Ale", "1", "2"]),
    ]


# --- Numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7810,5", Decimal("7810.5")),
        ("7 810,5", Decimal("7810.5")),
        ("7\u00a0810,5", Decimal("7810.5")),
        ("7\u202f810", Decimal("7810")),
        ("1\u2009234\u2009567", Decimal("1234567")),
        ("7810.52", Decimal("7810.52")),
        ("0.125", Decimal("0.125")),
        ("12", Decimal("12")),
        (" 2 525,3 ", Decimal("2525.3")),
        ("..", None),
        ("", None),
        ("-", Decimal("0")),
        ("–", Decimal("0")),
        (Decimal("7810.0"), Decimal("7810.0")),
    ],
)
def test_number_reads_official_swedish_notation(text, value):
    assert sheets.number(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "7.810",
            "”7.810” går inte att läsa säkert: punkten kan vara tusentalsavgränsare (7 810) eller "
            "decimaltecken (7,81).",
        ),
        (
            "1.234",
            "”1.234” går inte att läsa säkert: punkten kan vara tusentalsavgränsare (1 234) eller "
            "decimaltecken (1,234).",
        ),
        ("1.234,5", "”1.234,5” är inte ett tal."),
        ("78 10", "”78 10” är inte ett tal."),
        ("många", "”många” är inte ett tal."),
        ("12,5,1", "”12,5,1” är inte ett tal."),
    ],
)
def test_number_refuses_what_it_cannot_read_unambiguously(text, reason):
    with pytest.raises(ValueError) as refused:
        sheets.number(text)
    assert str(refused.value) == reason


def test_count_is_whole_and_not_negative():
    assert sheets.count("1 234") == 1234
    assert sheets.count(Decimal("7810.0")) == 7810
    assert sheets.count("-") == 0
    assert sheets.count("..") is None
    with pytest.raises(ValueError) as refused:
        sheets.count("12,5")
    assert str(refused.value) == "Antalet ”12,5” är inte ett heltal."
    with pytest.raises(ValueError) as refused:
        sheets.count("-3")
    assert str(refused.value) == "Antalet ”-3” kan inte vara negativt."
