"""The bulk round trip of measures: export the measures as a spreadsheet (CSV or Excel), change status,
progress and a new lägesrapport on as many rows as needed, and import the file again.

An upload is first read and checked (`parse_file`) and logged as a MeasureImport: refused when any row
is wrong (every problem with its row number, nothing changes), else a preview of each row that would
change. `confirm_import` then writes exactly that preview, once, after the same checks (`check_change`)
against the measures as they are now: a measure that changed in between (its `version`) refuses the
whole import. Every changed row becomes a lägesrapport through `measure.post_update`, so approval,
review and history are the same as for one report written in the form.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Func, IntegerField, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, get_m2m_field_name

from lagesbild.importers import Parsed, sheets
from trygg import pagecache
from trygg.review import Review
from trygg.rules import is_coordinator, signed_in_with
from trygg.spreadsheet import Column

from ..models import Measure, MeasureImport, MeasureImportStatus, MeasureStatus, MeasureUpdate
from .measure import check_measure_move, post_update

TEXT_MAX_LENGTH = 4000  # as the lägesrapport form (MeasureUpdateForm)
HEADER_SEARCH_ROWS = 10  # the heading row is found among the first rows (a note may stand above it)
STATUS_LABELS = tuple(str(label) for label in MeasureStatus.labels)

ID = gettext_lazy("Id")
STATUS = gettext_lazy("Status")
PROGRESS = gettext_lazy("Procent klart")
TEXT = gettext_lazy("Ny lägesrapport (text)")
READ_COLUMNS = {"id": ID, "status": STATUS, "progress": PROGRESS, "text": TEXT}

# The spreadsheet's columns and what each shows of a measure. Only status, progress and the new text
# are read back; the id finds the measure.
EXPORT_COLUMNS: list[tuple[Column, object]] = [
    (
        Column(ID, width=26, comment=gettext_lazy("Ändra inte: raden hittar sin åtgärd med hjälp av id.")),
        lambda m: m.slug,
    ),
    (Column(gettext_lazy("Åtgärd"), width=48), lambda m: m.title),
    (Column(gettext_lazy("Åtgärdsplan"), width=28), lambda m: m.plan.title),
    (Column(gettext_lazy("Ansvarig aktör"), width=28), lambda m: m.lead_actor.name),
    (
        Column(
            STATUS,
            width=14,
            editable=True,
            choices=STATUS_LABELS,
            comment=gettext_lazy("Går att ändra. Välj en status i listan."),
        ),
        lambda m: m.get_status_display(),
    ),
    (
        Column(
            PROGRESS,
            width=14,
            editable=True,
            whole_numbers=(0, 100),
            comment=gettext_lazy("Går att ändra. Ett heltal från 0 till 100."),
        ),
        lambda m: m.progress,
    ),
    (Column(gettext_lazy("Klart senast"), width=14, date=True), lambda m: m.end_date),
    (Column(gettext_lazy("Senaste lägesrapport"), width=20, date=True), lambda m: m.last_update_on),
    (
        Column(
            TEXT,
            width=60,
            editable=True,
            comment=gettext_lazy(
                "Skriv vad som har hänt. Raden blir en lägesrapport, som visas för invånare när den är "
                "godkänd. Krävs när status eller procent ändras."
            ),
        ),
        lambda m: "",
    ),
]
EXPORT_NOTE = gettext_lazy(
    "Ändra bara kolumnerna Status, Procent klart och Ny lägesrapport (text); ändra inte Id. "
    "Varje rad som ändras blir en lägesrapport. Spara filen som Excel (.xlsx) eller CSV och importera "
    "den under Åtgärder → Importera ändringar. Du ser alla ändringar innan något sparas."
)


def export_columns() -> list[Column]:
    return [column for column, _get in EXPORT_COLUMNS]


def export_rows(measures) -> list[list]:
    """One row per measure, in EXPORT_COLUMNS' order (load `plan` and `lead_actor` with them)."""
    return [[get(measure) for _column, get in EXPORT_COLUMNS] for measure in measures]


def export_csv_rows(measures) -> list[list]:
    """The CSV's rows: the note, the headings and the measures (dates as YYYY-MM-DD)."""
    header = [str(column.title) for column in export_columns()]
    body = [["" if cell is None else cell for cell in row] for row in export_rows(measures)]
    return [[str(EXPORT_NOTE)], header, *body]


# --- Reading a file -------------------------------------------------------------------------------------


@dataclass
class ParsedFile:
    """What an uploaded file would change: one dict per changed row (as stored in MeasureImport.rows),
    the number of rows that change nothing, the problems ({"line", "reason"}) and notes on the file."""

    changes: list[dict] = field(default_factory=list)
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, line: int | None, reason: str) -> None:
        self.errors.append({"line": line, "reason": str(reason)})


@dataclass
class SheetRow:
    line: int
    slug: str
    status: str
    progress: sheets.Cell
    text: str


def _key(text) -> str:
    return " ".join(str(text).split()).casefold()


def _unquote(text: str) -> str:
    """A cell as written: without the apostrophe that the CSV puts before formula-like text."""
    return text[1:] if text.startswith("'") else text


def find_headings(lines: sheets.Lines, result: ParsedFile) -> tuple[int, dict[str, int]] | None:
    """Where the heading row is among the first rows (a note may stand above it) and the position of
    each column read back, or None after recording what is missing."""
    for position, (_line, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        headings = [_key(sheets.text(cell)) for cell in cells]
        if _key(ID) not in headings:
            continue
        columns = {}
        for name, title in READ_COLUMNS.items():
            if _key(title) in headings:
                columns[name] = headings.index(_key(title))
            else:
                result.error(
                    position + 1,
                    _("Rubrikraden saknar kolumnen ”%(column)s”. Ladda ner en ny fil från sidan.")
                    % {"column": title},
                )
        return (position, columns) if len(columns) == len(READ_COLUMNS) else None
    result.error(
        None,
        _(
            "Filen saknar rubrikraden med kolumnen ”%(id)s”. Ladda ner en ny fil från sidan och ändra inte "
            "rubrikerna."
        )
        % {"id": ID},
    )
    return None


def read_sheet(data: bytes, result: ParsedFile) -> list[SheetRow]:
    """The rows of an uploaded CSV or .xlsx file below its heading row (blank rows left out). What
    cannot be read is recorded in `result.errors` and gives no rows."""
    parsed = Parsed()
    lines = sheets.read(data, parsed, several="first")
    result.notes.extend(str(note) for note in parsed.notes)
    for error in parsed.errors:
        result.error(error["line"], error["reason"])
    found = find_headings(lines, result) if lines is not None else None
    if found is None:
        return []
    position, columns = found
    width = max(columns.values()) + 1
    rows = []
    # Row numbers as the spreadsheet shows them: a CSV cell with a line break is still one row.
    for number, (_line, cells) in enumerate(lines[position + 1 :], start=position + 2):
        if sheets.width(cells) == 0:
            continue
        cells = list(cells) + [""] * (width - len(cells))
        rows.append(
            SheetRow(
                line=number,
                slug=_unquote(sheets.text(cells[columns["id"]])),
                status=sheets.text(cells[columns["status"]]),
                progress=cells[columns["progress"]],
                text=_unquote(sheets.text(cells[columns["text"]])),
            )
        )
    if not rows:
        result.error(None, _("Filen har inga rader med åtgärder under rubrikraden."))
    return rows


def read_status(text: str) -> str:
    """The status a label stands for ("pågår" and "Pågår" alike); ValueError with a Swedish reason."""
    by_label = {_key(label): value for value, label in MeasureStatus.choices}
    if not text:
        raise ValueError(_("Status saknas. Välj en av: %(labels)s.") % {"labels": ", ".join(STATUS_LABELS)})
    try:
        return by_label[_key(text)]
    except KeyError:
        raise ValueError(
            _("”%(text)s” är ingen status. Välj en av: %(labels)s.")
            % {"text": text, "labels": ", ".join(STATUS_LABELS)}
        ) from None


WHOLE_PERCENT = re.compile(r"^(\d{1,3})(?:[,.]0+)?$")


def read_progress(cell: sheets.Cell) -> int:
    """A whole number 0–100: a number cell, or text such as "50", "50,0" or "50 %"; ValueError with a
    Swedish reason otherwise."""
    shown = sheets.text(cell)
    if not shown:
        raise ValueError(_("Procent klart saknas. Skriv ett heltal från 0 till 100."))
    if isinstance(cell, Decimal):
        value = int(cell) if cell == cell.to_integral_value() else None
    else:
        match = WHOLE_PERCENT.match(shown.removesuffix("%").strip())
        value = int(match.group(1)) if match else None
    if value is None or not 0 <= value <= 100:
        raise ValueError(
            _("Procent klart ska vara ett heltal från 0 till 100, inte ”%(text)s”.") % {"text": shown}
        )
    return value


def check_change(*, measure: Measure, status: str, progress: int, text: str, by) -> list[str]:
    """Why `by` may not give the measure this status, progress and lägesrapport (Swedish reasons; empty
    when all is well). The same rules as one lägesrapport: the plan is running, the user may report on
    the measure (rules: cycles.post_measure_update), the status move is allowed, and there is a text."""
    reasons = []
    if not measure.plan.is_running:
        reasons.append(
            _(
                "”%(title)s” hör till en plan med status ”%(status)s”. Lägesrapporter skrivs när planen är "
                "beslutad eller genomförs."
            )
            % {"title": measure.title, "status": measure.plan.get_status_display()}
        )
    elif not by.has_perm("cycles.post_measure_update", measure):
        reasons.append(
            _("Du får inte skriva lägesrapporter för ”%(title)s” (ansvarig aktör: %(lead)s).")
            % {"title": measure.title, "lead": measure.lead_actor.name}
        )
    else:
        try:
            check_measure_move(measure, status)
        except ValidationError as exc:
            reasons.append(f"”{measure.title}”: {' '.join(exc.messages)}")
    if not text:
        reasons.append(
            _(
                "”%(title)s”: skriv vad som har hänt i kolumnen ”%(column)s” när status eller procent "
                "ändras. Texten blir lägesrapporten."
            )
            % {"title": measure.title, "column": TEXT}
        )
    elif len(text) > TEXT_MAX_LENGTH:
        reasons.append(
            _("”%(title)s”: lägesrapporten får vara högst %(max)s tecken; den här har %(n)s.")
            % {"title": measure.title, "max": TEXT_MAX_LENGTH, "n": len(text)}
        )
    return reasons


def parse_file(*, data: bytes, by) -> ParsedFile:
    """Read an uploaded spreadsheet and compare each row with its measure: what would change, what
    stays, and every problem with its row number. Reads the measures in one query; writes nothing."""
    result = ParsedFile()
    rows = read_sheet(data, result)
    if not rows:
        return result
    first_line: dict[str, int] = {}
    wanted = []
    for row in rows:
        if not row.slug:
            result.error(row.line, _("Id saknas. Ändra inte kolumnen ”%(id)s”.") % {"id": ID})
        elif row.slug in first_line:
            result.error(
                row.line,
                _("Id ”%(slug)s” står redan på rad %(first)s. Varje åtgärd får bara stå på en rad.")
                % {"slug": row.slug, "first": first_line[row.slug]},
            )
        else:
            first_line[row.slug] = row.line
            wanted.append(row)
    measures = {
        m.slug: m
        for m in Measure.objects.visible_to(by)
        .filter(slug__in=[row.slug for row in wanted])
        .select_related("plan", "lead_actor")
        .prefetch_related("contributors")  # the rule for partners' lägesrapporter reads them
    }
    needs_approval = not signed_in_with(is_coordinator, by)
    for row in wanted:
        measure = measures.get(row.slug)
        if measure is None:
            result.error(
                row.line,
                _("Det finns ingen åtgärd med id ”%(slug)s” som du kan se. Ändra inte kolumnen ”%(id)s”.")
                % {"slug": row.slug, "id": ID},
            )
            continue
        problems = []
        try:
            status = read_status(row.status)
        except ValueError as exc:
            problems.append(str(exc))
        try:
            progress = read_progress(row.progress)
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            for problem in problems:
                result.error(row.line, problem)
            continue
        if status == measure.status and progress == measure.progress and not row.text:
            result.unchanged += 1
            continue
        reasons = check_change(measure=measure, status=status, progress=progress, text=row.text, by=by)
        for reason in reasons:
            result.error(row.line, reason)
        if not reasons:
            result.changes.append(
                {
                    "line": row.line,
                    "measure": measure.pk,
                    "slug": measure.slug,
                    "title": measure.title,
                    "version": measure.version,
                    "status_before": measure.status,
                    "status": status,
                    "progress_before": measure.progress,
                    "progress": progress,
                    "text": row.text,
                    "needs_approval": needs_approval and measure.updates_need_approval,
                }
            )
    result.errors.sort(key=lambda error: error["line"] or 0)
    return result


# --- The import: preview, confirm, cancel ----------------------------------------------------------------


@transaction.atomic
def preview_import(*, data: bytes, file_name: str, by) -> tuple[MeasureImport, list[str]]:
    """Read an upload and log it: refused (with its errors), a preview waiting for confirmation, or
    done at once when nothing would change. Returns the import and notes about the file."""
    parsed = parse_file(data=data, by=by)
    if parsed.errors:
        status = MeasureImportStatus.REFUSED
    elif parsed.changes:
        status = MeasureImportStatus.PREVIEW
    else:
        status = MeasureImportStatus.DONE
    measure_import = MeasureImport.objects.create(
        created_by=by,
        file_name=file_name[:255],
        status=status,
        rows=[] if parsed.errors else parsed.changes,
        errors=parsed.errors,
        changed=0 if parsed.errors else len(parsed.changes),
        unchanged=parsed.unchanged,
        applied_at=timezone.now() if status == MeasureImportStatus.DONE else None,
    )
    return measure_import, parsed.notes


def recheck(*, rows: list[dict], measures: dict[int, Measure], by) -> list[dict]:
    """The problems with a preview's rows now: a measure gone or changed since the preview (its
    version), or a change no longer allowed (`check_change`)."""
    errors = []
    for row in rows:
        measure = measures.get(row["measure"])
        if measure is None:
            reasons = [_("Åtgärden ”%(title)s” finns inte längre.") % {"title": row["title"]}]
        elif measure.version != row["version"]:
            reasons = [
                _(
                    "”%(title)s” har ändrats sedan förhandsgranskningen (nu %(status)s, %(progress)s %%). "
                    "Ladda upp filen igen för att se ändringarna mot det som gäller nu."
                )
                % {
                    "title": measure.title,
                    "status": measure.get_status_display(),
                    "progress": measure.progress,
                }
            ]
        else:
            reasons = check_change(
                measure=measure, status=row["status"], progress=row["progress"], text=row["text"], by=by
            )
        errors.extend({"line": row["line"], "reason": str(reason)} for reason in reasons)
    return errors


class ImportNotWaiting(Exception):
    """The import was already confirmed, cancelled or refused: nothing more to do."""

    def __init__(self, measure_import: MeasureImport):
        super().__init__(measure_import.status)
        self.measure_import = measure_import


def _locked(measure_import: MeasureImport) -> MeasureImport:
    """The import, locked for this transaction, if it still waits for confirmation."""
    locked = MeasureImport.objects.select_for_update().get(pk=measure_import.pk)
    if locked.status != MeasureImportStatus.PREVIEW:
        raise ImportNotWaiting(locked)
    return locked


@transaction.atomic
def confirm_import(*, measure_import: MeasureImport, by, today: datetime.date | None = None) -> MeasureImport:
    """Write a preview: one lägesrapport per changed row (dated today), all or nothing, once. Refused
    (and logged so) when any measure changed since the preview or the change is no longer allowed.
    Raises ImportNotWaiting when the import is no longer a preview (a second confirmation)."""
    locked = _locked(measure_import)
    ids = [row["measure"] for row in locked.rows]
    measures = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan", "lead_actor")
        .prefetch_related("contributors")
        .in_bulk(ids)
    )
    errors = recheck(rows=locked.rows, measures=measures, by=by)
    if errors:
        locked.status, locked.errors = MeasureImportStatus.REFUSED, errors
        locked.save(update_fields=["status", "errors"])
        return locked
    write_reports(rows=locked.rows, measures=measures, by=by, day=today or timezone.localdate())
    locked.status, locked.applied_at = MeasureImportStatus.DONE, timezone.now()
    locked.save(update_fields=["status", "applied_at", "rows"])
    return locked


def write_reports(*, rows: list[dict], measures: dict[int, Measure], by, day: datetime.date) -> None:
    """The rows' lägesrapporter as `measure.post_update` writes each (the same fields, approval and
    review, the measure following its latest approved report with a new version, history rows by `by`
    with the many-to-many snapshot, the page cache bumped), in bulk: a few queries per thousand rows
    where one report takes about 27 queries. Call with the measures locked and checked (`recheck`); sets
    row["update"] to the new report's id."""
    latest = dict(
        MeasureUpdate.objects.filter(measure__in=list(measures))
        .values("measure")
        .annotate(last=Max("date"))
        .values_list("measure", "last")
    )
    now, coordinator = timezone.now(), is_coordinator(by)
    bulk_rows, updates = [], []
    for row in rows:
        measure = measures[row["measure"]]
        fields = {"status": row["status"], "progress": row["progress"], "text": row["text"]}
        if (latest.get(measure.pk) or day) > day:  # a report dated later: post_update finds the latest
            row["update"] = post_update(measure=measure, by=by, date=day, **fields).pk
            continue
        approved = coordinator or not measure.updates_need_approval
        update = MeasureUpdate(measure=measure, date=day, author=by, needs_approval=not approved, **fields)
        update.text, update.created_at = update.text.strip(), now
        if approved:
            update.approved_at, update.approved_by = now, by
            update.review, update.reviewed_at = Review.APPROVED, now
            measure.status, measure.progress = row["status"], row["progress"]
        update.full_clean(
            exclude=["measure", "author", "approved_by"], validate_unique=False, validate_constraints=False
        )
        measure.last_update_on, measure.updated_at, measure.version = day, now, measure.version + 1
        bulk_rows.append(row)
        updates.append(update)
    bulk_create_with_history(updates, MeasureUpdate, batch_size=1000, default_user=by, default_date=now)
    changed = [measures[row["measure"]] for row in bulk_rows]
    # One UPDATE per (status, progress) pair, at most 6 × 101 whatever the number of rows; the rows are
    # locked and their versions checked, so each goes one version up as VersionedModel.save does.
    groups: dict[tuple[str, int], list[int]] = {}
    for measure in changed:
        groups.setdefault((measure.status, measure.progress), []).append(measure.pk)
    for (status, progress), pks in groups.items():
        Measure.objects.filter(pk__in=pks).update(
            status=status, progress=progress, last_update_on=day, updated_at=now, version=F("version") + 1
        )
    write_measure_history(changed, by=by, when=now)
    for row, update in zip(bulk_rows, updates, strict=True):
        row["update"] = update.pk
    pagecache.bump_now_and_on_commit()


def write_measure_history(measures: list[Measure], *, by, when) -> None:
    """History rows ("~" by `by`) for measures saved in bulk, each with the snapshot of the measure's
    many-to-many relations that django-simple-history takes on every save."""
    history_model = Measure.history.model
    records = Measure.history.bulk_history_create(measures, update=True, default_user=by, default_date=when)
    if any(record.pk is None for record in records):  # a database that returns no ids from bulk inserts
        records = history_model.objects.filter(id__in=[m.pk for m in measures], history_date=when)
    record_of = {record.id: record for record in records}
    for m2m in history_model._history_m2m_fields:
        through, own = m2m.remote_field.through, get_m2m_field_name(m2m)
        snapshot_model = getattr(history_model, m2m.name).model
        links = through.objects.filter(**{f"{own}__in": list(record_of)}).values(
            *(f.attname for f in through._meta.fields)
        )
        snapshot_model.objects.bulk_create(
            [snapshot_model(history=record_of[link[f"{own}_id"]], **link) for link in links], batch_size=1000
        )


@transaction.atomic
def cancel_import(*, measure_import: MeasureImport) -> MeasureImport:
    """Drop a preview: nothing is written and it can no longer be confirmed."""
    locked = _locked(measure_import)
    locked.status = MeasureImportStatus.CANCELLED
    locked.save(update_fields=["status"])
    return locked


class JSONArrayLength(Func):
    """The length of a JSON array column, counted in the database (PostgreSQL and SQLite)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


def imports_for_log(user):
    """The log's rows: the imports the user may see, newest first, with their error count but without
    their (possibly long) rows and errors."""
    return (
        imports_visible_to(user)
        .select_related("created_by")
        .defer("rows", "errors")
        .annotate(error_count=JSONArrayLength("errors"))
        .order_by("-created_at", "-pk")
    )


def imports_visible_to(user):
    """The imports a user may see in the log: coordinators all, others their own (kept in step with
    the rule cycles.view_measureimport)."""
    if signed_in_with(is_coordinator, user):
        return MeasureImport.objects.all()
    if not user.is_authenticated:
        return MeasureImport.objects.none()
    return MeasureImport.objects.filter(created_by=user)
