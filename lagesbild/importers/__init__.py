"""Imports of indicator values: Kolada (API or saved JSON), Brå's yearly CSV, survey CSVs and manual entry.

Every import goes through `run_import`: the file is parsed first (each bad row is reported with its line
number and reason), then all rows are written in one transaction, keyed on (indicator, area code, year,
gender), so that importing the same file twice changes nothing. A run with any bad row writes no value at
all. Each run is logged as an ImportRun, also when it fails.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportRun, ImportStatus, Indicator, IndicatorValue


@dataclass
class Row:
    line: int
    area_level: str
    area_code: str
    area_name: str
    year: int
    value: Decimal | None
    gender: str = "T"
    count: int | None = None
    area_id: int | None = None


@dataclass
class Parsed:
    """What a parser read from a file or an answer.

    rows: the values to import. errors: lines that cannot be read ({"line", "reason"}); any error means
    nothing is written. skipped: lines deliberately left out ({"line", "reason"}), such as a national
    total row, a stadsdel, a footnote or an entry the source marks deleted; shown in the preview.
    year: the year the file itself states (a title line), if any. notes: what the parser noticed about
    the file as a whole, such as its encoding, shown in the preview.
    """

    rows: list[Row] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    read: int = 0
    skipped: list[dict] = field(default_factory=list)
    year: int | None = None
    notes: list[str] = field(default_factory=list)

    def error(self, line: int | None, reason: str) -> None:
        self.errors.append({"line": line, "reason": str(reason)})

    def skip(self, line: int | None, reason: str) -> None:
        self.skipped.append({"line": line, "reason": str(reason)})


def parse_decimal(text: str) -> Decimal | None:
    """'1 234,5' or '1234.5' -> Decimal; '', '..', '-' -> None (no value). Raises ValueError."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned in ("", "..", "-", "–", "x"):
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("”%(text)s” är inte ett tal.") % {"text": text.strip()}) from None
    if not value.is_finite():
        raise ValueError(_("”%(text)s” är inte ett tal.") % {"text": text.strip()})
    return value.quantize(Decimal("0.01"))


def parse_count(text: str) -> int | None:
    value = parse_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value() or value < 0:
        raise ValueError(_("Antalet ”%(text)s” är inte ett heltal.") % {"text": text.strip()})
    return int(value)


def decode_csv(data: bytes, parsed: Parsed) -> str | None:
    """UTF-8 with or without BOM; anything else is refused with a reason."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.error(None, _("Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen."))
        return None


def _write(indicator: Indicator, rows: list[Row], run: ImportRun) -> tuple[int, int]:
    """Create or update every row's value; returns (created, updated). Unchanged values are left alone."""
    existing = {
        (v.area_code, v.year, v.gender): v
        for v in IndicatorValue.objects.filter(
            indicator=indicator, area_code__in={r.area_code for r in rows}, year__in={r.year for r in rows}
        )
    }
    to_create, to_update = [], []
    for row in rows:
        current = existing.get((row.area_code, row.year, row.gender))
        if current is None:
            new = IndicatorValue(
                indicator=indicator,
                area_level=row.area_level,
                area_code=row.area_code,
                area_name=row.area_name,
                area_id=row.area_id,
                year=row.year,
                gender=row.gender,
                value=row.value,
                count=row.count,
                import_run=run,
            )
            to_create.append(new)
            existing[(row.area_code, row.year, row.gender)] = new
            continue
        changes = {
            "area_level": row.area_level,
            "area_name": row.area_name,
            "area_id": row.area_id,
            "value": row.value,
            "count": row.count,
        }
        if any(getattr(current, k) != v for k, v in changes.items()):
            for k, v in changes.items():
                setattr(current, k, v)
            current.import_run = run
            if current.pk is not None and current not in to_update:
                to_update.append(current)
    IndicatorValue.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        now = timezone.now()
        for value in to_update:
            value.updated_at = now
        IndicatorValue.objects.bulk_update(
            to_update,
            ["area_level", "area_name", "area", "value", "count", "import_run", "updated_at"],
            batch_size=500,
        )
    return len(to_create), len(to_update)


def run_import(
    *, indicator: Indicator, parsed: Parsed, user=None, file_name: str = "", year=None
) -> ImportRun:
    """Write a parsed file all-or-nothing and log the run (kept also when nothing was written)."""
    run = ImportRun.objects.create(
        source=indicator.source,
        indicator=indicator,
        created_by=user if user is not None and user.is_authenticated else None,
        file_name=file_name[:255],
        year=year,
        rows_read=parsed.read,
    )
    errors = list(parsed.errors)
    duplicates = set()
    for row in parsed.rows:
        key = (row.area_code, row.year, row.gender)
        if key in duplicates:
            errors.append(
                {"line": row.line, "reason": _("Samma område, år och kön finns redan tidigare i filen.")}
            )
        duplicates.add(key)
    if not errors and not parsed.rows:
        errors.append({"line": None, "reason": _("Filen innehåller inga värden.")})
    created = updated = 0
    if not errors:
        try:
            with transaction.atomic():
                created, updated = _write(indicator, parsed.rows, run)
        except DatabaseError as exc:
            errors.append(
                {"line": None, "reason": _("Databasen tog inte emot värdena: %(error)s") % {"error": exc}}
            )
            created = updated = 0
    run.errors = sorted(errors, key=lambda e: (e["line"] is None, e["line"] or 0))
    run.rows_rejected = len({e["line"] for e in errors if e["line"] is not None})
    run.rows_created, run.rows_updated = created, updated
    run.status = ImportStatus.FAILED if errors else ImportStatus.OK
    run.save(update_fields=["errors", "rows_rejected", "rows_created", "rows_updated", "status"])
    return run
