"""Imports of indicator values: Kolada (API or saved JSON), Brå's files, NTU, survey CSVs and manual entry.

Every import goes the same way. A parser (bra, kolada, ntu, survey) reads the file into a `Parsed`: the
values, each bad line with its number and reason, and the lines it skipped on purpose. `preview` then
compares the values with what is stored, keyed on (indicator, area code, year, gender): which are new,
which change (old → new), which are unchanged and which stored figures the file no longer has (a value
the source now leaves empty). `run_import` writes all of it in one transaction, or nothing if any line
is bad, and logs the run as an ImportRun (also when it fails). A stored figure is only emptied when the
caller says so (`remove_missing`): the coordinator decides in the preview. Importing the same file twice
changes nothing.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Gender, ImportRun, ImportStatus, Indicator, IndicatorValue


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


NEW, CHANGED, UNCHANGED, REMOVED = "new", "changed", "unchanged", "removed"


@dataclass
class Change:
    """One value of the file against what is stored: kind is NEW, CHANGED, UNCHANGED or REMOVED."""

    kind: str
    row: Row
    stored: "IndicatorValue | None" = None

    @property
    def old_value(self) -> Decimal | None:
        return self.stored.value if self.stored is not None else None

    @property
    def old_count(self) -> int | None:
        return self.stored.count if self.stored is not None else None

    @property
    def gender_label(self) -> str:
        return str(dict(Gender.choices).get(self.row.gender, self.row.gender))


@dataclass
class Preview:
    """What an import would do. `fingerprint` names exactly these changes, so that a confirmation can
    tell whether the stored values moved since the coordinator looked."""

    parsed: Parsed
    changes: list[Change] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def new(self) -> list[Change]:
        return self.of_kind(NEW)

    @property
    def changed(self) -> list[Change]:
        return self.of_kind(CHANGED)

    @property
    def unchanged(self) -> list[Change]:
        return self.of_kind(UNCHANGED)

    @property
    def removed(self) -> list[Change]:
        return self.of_kind(REMOVED)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for c in sorted(self.changes, key=lambda c: (c.row.area_code, c.row.year, c.row.gender)):
            if c.kind != UNCHANGED:
                digest.update(
                    f"{c.kind}|{c.row.area_code}|{c.row.year}|{c.row.gender}|{c.old_value}|{c.old_count}|"
                    f"{c.row.value}|{c.row.count}\n".encode()
                )
        return digest.hexdigest()


def _key(row_or_value) -> tuple[str, int, str]:
    return (row_or_value.area_code, row_or_value.year, row_or_value.gender)


def preview(indicator: Indicator, parsed: Parsed) -> Preview:
    """Compare the parsed values with the stored ones (one query). Checks the file as a whole too: a
    value given twice, or a file with no values, is an error."""
    result = Preview(parsed=parsed, errors=list(parsed.errors))
    seen = set()
    for row in parsed.rows:
        if _key(row) in seen:
            result.errors.append(
                {"line": row.line, "reason": _("Samma område, år och kön finns redan tidigare i filen.")}
            )
        seen.add(_key(row))
    if not result.errors and not parsed.rows:
        result.errors.append({"line": None, "reason": _("Filen innehåller inga värden.")})
    if result.errors:
        return result
    stored = {
        _key(v): v
        for v in IndicatorValue.objects.filter(
            indicator=indicator,
            area_code__in={r.area_code for r in parsed.rows},
            year__in={r.year for r in parsed.rows},
        )
    }
    for row in parsed.rows:
        current = stored.get(_key(row))
        if current is None:
            kind = NEW
        elif row.value is None and current.value is not None:
            kind = REMOVED
        elif (current.value, current.count) != (row.value, row.count):
            kind = CHANGED
        else:
            kind = UNCHANGED
        result.changes.append(Change(kind, row, current))
    return result


class PreviewOutdated(Exception):
    """The stored values changed between the preview and the confirmation; nothing was written."""


def _write(indicator: Indicator, result: Preview, run: ImportRun, *, remove_missing: bool) -> list[dict]:
    """Create, update and (if asked) empty values as the preview says. Returns the removals kept, as
    skipped lines. Changes of an area's name or level only (the source renamed it) are written too."""
    to_create, to_update, kept = [], [], []
    for change in result.changes:
        row, current = change.row, change.stored
        if current is None:
            to_create.append(
                IndicatorValue(
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
            )
            continue
        if change.kind == REMOVED and not remove_missing:
            kept.append(
                {
                    "line": row.line,
                    "reason": _("%(area)s %(year)s saknar värde i filen; det sparade värdet behålls.")
                    % {"area": row.area_name, "year": row.year},
                }
            )
            continue
        fields = {
            "area_level": row.area_level,
            "area_name": row.area_name,
            "area_id": row.area_id,
            "value": row.value,
            "count": row.count,
        }
        if any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            if change.kind != UNCHANGED:
                current.import_run = run
            to_update.append(current)
    IndicatorValue.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        now = timezone.now()
        for value in to_update:
            value.updated_at = now
            value.version += 1  # an admin form opened before the import is then refused, not saved over it
        IndicatorValue.objects.bulk_update(
            to_update,
            ["area_level", "area_name", "area", "value", "count", "import_run", "updated_at", "version"],
            batch_size=500,
        )
    return kept


def _by_line(errors: list[dict]) -> list[dict]:
    return sorted(errors, key=lambda e: (e["line"] is None, e["line"] or 0))


def _record(run: ImportRun, result: Preview) -> None:
    """The preview's counts and findings on the run (not saved)."""
    run.rows_read = result.parsed.read
    run.errors = _by_line(result.errors)
    run.rows_rejected = len({e["line"] for e in result.errors if e["line"] is not None})
    run.skipped = _by_line(result.parsed.skipped)
    counts = {kind: len(result.of_kind(kind)) for kind in (NEW, CHANGED, UNCHANGED, REMOVED)}
    run.rows_created, run.rows_updated = counts[NEW], counts[CHANGED]
    run.rows_unchanged, run.rows_removed = counts[UNCHANGED], counts[REMOVED]
    run.options = {**run.options, "notes": [str(n) for n in result.parsed.notes]}
    if result.parsed.year and not run.year:
        run.year = result.parsed.year


def new_run(*, indicator: Indicator, user=None, file_name: str = "", year=None, **fields) -> ImportRun:
    return ImportRun(
        source=indicator.source,
        indicator=indicator,
        created_by=user if user is not None and user.is_authenticated else None,
        file_name=file_name[:255],
        year=year,
        **fields,
    )


def prepare_import(
    *, indicator: Indicator, parsed: Parsed, payload: bytes, options: dict, user=None, file_name="", year=None
) -> tuple[ImportRun, Preview]:
    """Log a preview: the run waits for the coordinator's confirmation with what it would import, or has
    failed (nothing to confirm) if any line is bad. Nothing is written to the values."""
    result = preview(indicator, parsed)
    run = new_run(indicator=indicator, user=user, file_name=file_name, year=year, options=dict(options))
    _record(run, result)
    if result.ok:
        run.status, run.payload, run.fingerprint = ImportStatus.PREVIEW, payload, result.fingerprint
    else:
        run.status = ImportStatus.FAILED
    run.save()
    return run, result


def run_import(
    *,
    indicator: Indicator,
    parsed: Parsed,
    user=None,
    file_name: str = "",
    year=None,
    remove_missing: bool = False,
    scheduled: bool = False,
    run: ImportRun | None = None,
    expected: str | None = None,
) -> ImportRun:
    """Write a parsed file all-or-nothing and log the run (kept also when nothing was written).

    With `run`, a previewed run is confirmed: if the changes are no longer those the preview showed
    (`expected`, the fingerprint of what the coordinator saw; by default the one recorded with the
    preview), PreviewOutdated is raised and nothing is written. Imports of one indicator are serialised
    (a lock on the indicator's row), so two at once cannot interleave.
    """
    if run is None:
        run = new_run(indicator=indicator, user=user, file_name=file_name, year=year, scheduled=scheduled)
        run.status = ImportStatus.RUNNING
        run.save()
    result = Preview(parsed=parsed)
    try:
        with transaction.atomic():
            Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
            result = preview(indicator, parsed)
            outdated = result.fingerprint != (expected or run.fingerprint)
            if run.status == ImportStatus.PREVIEW and result.ok and outdated:
                raise PreviewOutdated
            _record(run, result)
            if result.ok:
                kept = _write(indicator, result, run, remove_missing=remove_missing)
                run.skipped = _by_line(run.skipped + kept)
                if kept:
                    run.rows_removed -= len(kept)
                    run.rows_unchanged += len(kept)
    except DatabaseError as exc:
        result.errors.append(
            {"line": None, "reason": _("Databasen tog inte emot värdena: %(error)s") % {"error": exc}}
        )
        _record(run, result)
        run.rows_created = run.rows_updated = run.rows_removed = 0
    run.status = ImportStatus.OK if result.ok else ImportStatus.FAILED
    if not result.ok:
        run.rows_created = run.rows_updated = run.rows_removed = 0
    run.payload, run.fingerprint = None, ""
    run.save()
    return run
