"""An uploaded table, whatever shape it came in, as numbered lines of cells; and strict reading of numbers.

What people upload for Brå's and NTU's figures:

- An Excel workbook (.xlsx, a ZIP file: it starts with the bytes ``PK\\x03\\x04``), downloaded from bra.se
  or Brå's statistics database. Read with openpyxl (read-only, cached values of formulas). A numeric cell
  is returned as a Decimal of exactly the number Excel shows (the float 7810.0 is the number 7810, not the
  text "7.810"); a cell formatted as a percentage (0.284 shown as 28,4 %) is returned as 28.4. Text cells
  are returned as str, empty cells as "". Line numbers are Excel's row numbers.
- A CSV file. Brå publishes UTF-8 with a BOM, ';' separated, CRLF. Swedish Excel's "CSV
  (semikolonavgränsad)" is Windows-1252, so a file that is not valid UTF-8 is read as Windows-1252 and
  that is recorded in `parsed.notes` (never guessed silently). A file clearly separated by tabs or commas
  instead of ';' is read so too, also noted. Line numbers are the file's line numbers. All cells are str.
- Refused, each with one sentence in Swedish: old binary Excel (.xls, starts with ``D0 CF 11 E0``), an
  OpenDocument spreadsheet (.ods), a damaged workbook, UTF-16 text (Excel's "Unicode-text") and anything
  else that is neither UTF-8 nor Windows-1252 text.

Official Swedish tables mark "uppgift saknas" with `..` and zero with `-` (sometimes `–`), write thousands
with a space (often a non-breaking or thin space) and decimals with a comma. `number` reads a cell by
those rules and refuses what it cannot read unambiguously, such as `7.810` (thousands or decimals?).
"""

import csv
import io
import re
import warnings
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import openpyxl
from django.utils.translation import gettext as _

from . import Parsed

Cell = str | Decimal
Lines = list[tuple[int, list[Cell]]]

XLSX_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DELIMITERS = {";": "", "\t": "tabb", ",": "komma"}

MISSING = ("", "..")  # ".." is "uppgift saknas" in official tables
ZERO = ("-", "–", "—", "−")  # a dash is "inget", zero, in official tables
SPACES = "\u00a0\u202f\u2009 "  # thousands separators: NBSP, narrow NBSP, thin space, space
_GROUPED = re.compile(rf"^[+\-−]?\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:[,.]\d+)?$")
_PLAIN = re.compile(r"^[+\-−]?\d+(?:[,.]\d+)?$")
# One to three digits (no leading zero), a dot and exactly three digits: "7.810" is 7 810 (the dot a
# thousands separator, as in some exports) or 7,81 (the dot a decimal point); the text cannot tell.
_AMBIGUOUS_DOT = re.compile(r"^[+\-−]?[1-9]\d{0,2}\.\d{3}$")


def is_xlsx(data: bytes) -> bool:
    return data[:4] == XLSX_SIGNATURE


def decode(data: bytes, parsed: Parsed) -> str | None:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252 (noted); else refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (data[:200].count(b"\x00") > 10):
        parsed.error(
            None,
            _(
                "Filen är sparad som UTF-16 (Excels ”Unicode-text”); spara den som ”CSV UTF-8” "
                "och försök igen."
            ),
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        parsed.error(
            None,
            _(
                "Filen är varken UTF-8 eller Windows-1252 och går inte att läsa som text; spara den som "
                "”CSV UTF-8” och försök igen."
            ),
        )
        return None
    if "\x00" in text:
        parsed.error(None, _("Filen innehåller binära data och är ingen CSV-fil."))
        return None
    parsed.notes.append(
        _("Filen var sparad i Windows-1252 (vanligt när Excel sparar CSV); tecknen är omräknade till UTF-8.")
    )
    return text


def _delimiter(text: str) -> str:
    """';' unless the lines clearly use a tab or a comma instead (';' and tabs seldom occur in the
    text of a comma-separated file, while commas are everywhere in a Swedish ';'-file)."""
    lines = [line for line in text.splitlines() if line.strip()]
    for delimiter in DELIMITERS:
        if lines and sum(delimiter in line for line in lines) * 2 >= len(lines):
            return delimiter
    return ";"


def _read_csv(data: bytes, parsed: Parsed) -> Lines | None:
    text = decode(data, parsed)
    if text is None:
        return None
    delimiter = _delimiter(text)
    if delimiter != ";":
        parsed.notes.append(
            _("Fälten i filen var avgränsade med %(what)s i stället för semikolon; filen lästes så.")
            % {"what": DELIMITERS[delimiter]}
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: Lines = []
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return lines
        except csv.Error as exc:
            parsed.error(line, _("Raden går inte att läsa: %(error)s") % {"error": exc})
            return None
        lines.append((line, list(fields)))
        line = reader.line_num + 1


def _cell(cell) -> Cell:
    """An openpyxl cell's value as the caller needs it: Decimal for numbers, str for everything else."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        # repr() of a float is the shortest text that reads back as the same float: what Excel shows.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            number = (number * 100).normalize()
        return number
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _corrupt(parsed: Parsed) -> None:
    parsed.error(
        None,
        _(
            "Excel-filen är skadad eller inte en riktig arbetsbok och går inte att läsa; öppna den i Excel "
            "och spara den på nytt som .xlsx eller CSV."
        ),
    )


def _open_workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _read_xlsx(data: bytes, parsed: Parsed, sheet: str | None, several: str) -> Lines | None:
    if ODS_MIMETYPE in data[:100]:
        parsed.error(
            None,
            _("Filen är ett OpenDocument-kalkylark (.ods); spara den som Excel-arbetsbok (.xlsx) eller CSV."),
        )
        return None
    # openpyxl warns about what it does not support (styles, data validation) in files that read fine;
    # the warnings say nothing to the coordinator. Any exception from a damaged file becomes one error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = _open_workbook(data)
        except Exception:  # zipfile, XML and openpyxl errors alike: the file is not a readable workbook
            _corrupt(parsed)
            return None
        try:
            names = list(workbook.sheetnames)
            if sheet is not None:
                if sheet not in names:
                    parsed.error(
                        None,
                        _("Arbetsboken har inget blad som heter ”%(sheet)s”; bladen heter %(names)s.")
                        % {"sheet": sheet, "names": quoted(names)},
                    )
                    return None
                chosen = sheet
            elif len(names) == 1 or several == "first":
                chosen = names[0]
                if len(names) > 1:
                    parsed.notes.append(
                        _("Arbetsboken har flera blad (%(names)s); det första, ”%(sheet)s”, lästes.")
                        % {"names": quoted(names), "sheet": chosen}
                    )
            else:
                parsed.error(
                    None, _("Arbetsboken har flera blad: %(names)s. Ange vilket.") % {"names": quoted(names)}
                )
                return None
            worksheet = workbook[chosen]
            if sheet is not None and len(names) > 1:
                parsed.notes.append(_("Bladet ”%(sheet)s” lästes.") % {"sheet": chosen})
            # Some programs write a wrong size (<dimension ref="A1"/>) that would cut every row short.
            worksheet.reset_dimensions()
            return [
                (number, [_cell(c) for c in row]) for number, row in enumerate(worksheet.iter_rows(), start=1)
            ]
        except Exception:  # damage inside a sheet shows only when it is read
            _corrupt(parsed)
            return None
        finally:
            workbook.close()


def read(data: bytes, parsed: Parsed, *, sheet: str | None = None, several: str = "ask") -> Lines | None:
    """The lines of an uploaded .xlsx or CSV file as (line number, cells), or None after recording why
    the file cannot be read in `parsed.errors`. For a workbook with several sheets and no `sheet` named,
    `several="ask"` refuses with the sheet names and `several="first"` reads the first (noted)."""
    if data[:4] == XLS_SIGNATURE:
        parsed.error(
            None,
            _(
                "Filen är i Excels gamla format (.xls); öppna den i Excel och spara den som "
                "Excel-arbetsbok (.xlsx) eller CSV."
            ),
        )
        return None
    if is_xlsx(data):
        return _read_xlsx(data, parsed, sheet, several)
    return _read_csv(data, parsed)


def sheet_names(data: bytes) -> list[str]:
    """The names of a workbook's sheets, in order; [] for a CSV file or a workbook that cannot be read."""
    if not is_xlsx(data):
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = _open_workbook(data)
        except Exception:  # reported when the file is parsed
            return []
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()


def quoted(names: list[str]) -> str:
    return ", ".join(f"”{n}”" for n in names)


def text(cell: Cell) -> str:
    """A cell as the user sees it: numbers with a decimal comma."""
    if isinstance(cell, Decimal):
        return format(cell, "f").replace(".", ",")
    return (cell or "").strip()


def is_empty(cell: Cell) -> bool:
    return not isinstance(cell, Decimal) and not (cell or "").strip()


def width(cells: list[Cell]) -> int:
    """The number of cells up to the last one that is not empty (Excel pads rows to the widest)."""
    for index in range(len(cells), 0, -1):
        if not is_empty(cells[index - 1]):
            return index
    return 0


def looks_numeric(cell: Cell) -> bool:
    """A number, or text that is meant as one (digits and separators, `..` or a dash)."""
    if isinstance(cell, Decimal):
        return True
    stripped = (cell or "").strip()
    return stripped in ZERO or stripped == ".." or bool(re.fullmatch(rf"[+\-−]?[\d{SPACES}.,]*\d", stripped))


def number(cell: Cell) -> Decimal | None:
    """A cell as a number: `..` and empty are None (no figure), a dash is 0; `7 810,5`, `7810,5` and
    `7810.52` are read, and `7.810` is refused as ambiguous. Raises ValueError with a Swedish reason."""
    if isinstance(cell, Decimal):
        return cell
    stripped = (cell or "").strip()
    if stripped in MISSING:
        return None
    if stripped in ZERO:
        return Decimal(0)
    if _AMBIGUOUS_DOT.match(stripped):
        whole, decimals = stripped.split(".")
        raise ValueError(
            _(
                "”%(text)s” går inte att läsa säkert: punkten kan vara tusentalsavgränsare "
                "(%(thousands)s) eller decimaltecken (%(decimal)s)."
            )
            % {
                "text": stripped,
                "thousands": f"{whole} {decimals}",
                "decimal": f"{whole},{decimals.rstrip('0') or '0'}",
            }
        )
    if not (_PLAIN.match(stripped) or _GROUPED.match(stripped)):
        raise ValueError(_("”%(text)s” är inte ett tal.") % {"text": stripped})
    cleaned = stripped.replace("−", "-").replace(",", ".")
    for space in SPACES:
        cleaned = cleaned.replace(space, "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only numbers
        raise ValueError(_("”%(text)s” är inte ett tal.") % {"text": stripped}) from None


def count(cell: Cell) -> int | None:
    """A whole, non-negative number of cases, or None (no figure). Raises ValueError."""
    value = number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(_("Antalet ”%(text)s” är inte ett heltal.") % {"text": text(cell)})
    if value < 0:
        raise ValueError(_("Antalet ”%(text)s” kan inte vara negativt.") % {"text": text(cell)})
    return int(value)


def rounded(value: Decimal | None) -> Decimal | None:
    """To the two decimals that IndicatorValue stores, rounded as people do (half up)."""
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
