"""Bulk update timings for `make bench`: the demo plan topped up to 5 000 measures, exported as a
coordinator does (Excel and CSV), changed on every row (status where a move is allowed, progress and a
new lägesrapport) and imported back: read and preview, then confirm (a lägesrapport per row, written
in bulk as `post_update` writes one, history included). Everything happens inside a transaction that
is rolled back; best of 3, or once when a confirmation takes longer than SLOW seconds. The query counts
show that reading and writing do not go row by row.

Call from a configured Django process in the repository's root, as bench/run.py does:

    DATABASE_URL=... python manage.py shell -c "from bench import bulk_import; bulk_import.print_timings()"
"""

import contextlib
import io
import time

import openpyxl
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count

from cycles.forms.measure import MeasureOverviewFilter
from cycles.models import (
    MEASURE_MOVES,
    PLAN_RUNNING_STATUSES,
    Measure,
    MeasureImportStatus,
    MeasureStatus,
    MeasureUpdate,
)
from cycles.services import bulk
from trygg.roles import Role
from trygg.spreadsheet import xlsx_workbook

ROWS = 5000
SLOW = 60.0  # seconds: a confirmation slower than this is timed once


class _Rollback(Exception):
    pass


def coordinator():
    user = get_user_model().objects.filter(groups__name=Role.COORDINATOR.value, is_active=True).first()
    if user is None:
        raise RuntimeError("No coordinator: run load_demo first.")
    return user


def top_up(total: int = ROWS):
    """The running plan with the most measures, given copies of its first measure up to `total`
    (call inside a transaction that is rolled back). Returns the plan."""
    plan_id = (
        Measure.objects.filter(plan__status__in=PLAN_RUNNING_STATUSES)
        .values("plan")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("plan", flat=True)
        .first()
    )
    if plan_id is None:
        raise RuntimeError("No measure in a running plan: run load_demo first.")
    template = Measure.objects.filter(plan_id=plan_id).order_by("pk").first()
    existing = Measure.objects.filter(plan_id=plan_id).count()
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Measure._meta.concrete_fields
        if f.attname not in ("id", "slug", "title", "version")
    }
    copies = []
    for n in range(existing, total):
        copy = Measure(**fields)
        copy.slug, copy.title = f"bulk-bench-{n}", f"{template.title} (massuppdatering {n})"
        copies.append(copy)
    Measure.objects.bulk_create(copies, batch_size=1000)
    for m2m in Measure._meta.many_to_many:  # the template's areas, places, causes…, as real measures
        through, own = m2m.remote_field.through, m2m.m2m_field_name()
        other = m2m.m2m_reverse_field_name()
        targets = list(through.objects.filter(**{own: template}).values_list(f"{other}_id", flat=True))
        through.objects.bulk_create(
            [through(**{f"{own}_id": copy.pk, f"{other}_id": t}) for copy in copies for t in targets],
            batch_size=1000,
        )
    return template.plan


def changed_workbook(data: bytes) -> bytes:
    """The exported workbook with every row changed: the first allowed status move (or the same status
    when none is allowed), another progress and a new lägesrapport text."""
    labels = {str(label): value for value, label in MeasureStatus.choices}
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    for number, row in enumerate(sheet.iter_rows(min_row=3), start=1):
        status = labels[row[4].value]
        moves = sorted(MEASURE_MOVES[status])
        target = moves[0] if moves else status
        row[4].value = str(MeasureStatus(target).label)
        row[5].value = number * 7 % 101  # about a hundred different values
        row[8].value = f"Lägesrapport {number} från årets genomgång i kalkylarket."
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@contextlib.contextmanager
def counted():
    """The number of queries run inside the block (as {"n": …})."""
    count = {"n": 0}

    def wrapper(execute, sql, params, many, context):
        count["n"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def _timed(times: dict, name: str, call):
    start = time.perf_counter()
    result = call()
    times[name] = time.perf_counter() - start
    return result


def _once(user) -> dict:
    times: dict[str, float] = {}
    plan = top_up()
    measures = (
        MeasureOverviewFilter({"plan": plan.pk})
        .filter(Measure.objects.visible_to(user))
        .select_related("plan", "lead_actor")
        .order_by("title", "pk")
    )
    rows = _timed(times, "export_rows", lambda: bulk.export_rows(measures))
    times["rows"] = len(rows)
    data = _timed(
        times,
        "export_xlsx",
        lambda: xlsx_workbook(sheet="Åtgärder", columns=bulk.export_columns(), rows=rows, note="Bench"),
    )
    _timed(times, "export_csv", lambda: bulk.export_csv_rows(measures))
    data = changed_workbook(data)
    before = MeasureUpdate.objects.count()
    with counted() as queries:
        measure_import, _notes = _timed(
            times, "preview", lambda: bulk.preview_import(data=data, file_name="bench.xlsx", by=user)
        )
    assert measure_import.status == MeasureImportStatus.PREVIEW, measure_import.errors[:5]
    assert measure_import.changed == len(rows), (measure_import.changed, len(rows))
    times["preview_queries"] = queries["n"]
    with counted() as queries:
        done = _timed(times, "confirm", lambda: bulk.confirm_import(measure_import=measure_import, by=user))
    assert done.status == MeasureImportStatus.DONE, done.errors[:5]
    assert MeasureUpdate.objects.count() - before == len(rows)
    times["confirm_queries"] = queries["n"]
    return times


def run(repeat: int = 3) -> dict:
    """Seconds (best of `repeat`, or of one run when confirming is slow) and query counts."""
    user = coordinator()
    best: dict[str, float] = {}
    for _ in range(repeat):
        try:
            with transaction.atomic():
                times = _once(user)
                raise _Rollback
        except _Rollback:
            pass
        for name, value in times.items():
            best[name] = min(best.get(name, value), value)
        if times["confirm"] > SLOW:
            break
    return best


def print_timings(repeat: int = 3) -> None:
    times = run(repeat)
    n = int(times["rows"])
    print(f"{'rows exported, changed and imported':44} {n:8d}")
    for name, label in (
        ("export_rows", "export: read the measures"),
        ("export_xlsx", "export: write the .xlsx"),
        ("export_csv", "export: the CSV rows"),
        ("preview", "import: read the .xlsx, check, preview"),
        ("confirm", "import: confirm (a lägesrapport per row)"),
    ):
        print(f"{label:44} {times[name]:8.2f} s  ({times[name] / n * 1000:.2f} ms per row)")
    print(f"{'queries: preview':44} {int(times['preview_queries']):8d}")
    per_row = times["confirm_queries"] / n
    print(f"{'queries: confirm':44} {int(times['confirm_queries']):8d}  ({per_row:.2f} per row)")
