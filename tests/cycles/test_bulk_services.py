"""The bulk writer of cycles.services.bulk against the one-report service it stands in for: the same
reports, measures, versions and history (many-to-many snapshot included) as `post_update` row by row,
and a query count that does not grow with the number of rows."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import MeasureImportStatus, MeasureStatus, MeasureUpdate
from cycles.services import bulk
from cycles.services.measure import post_update
from tests.actors.factories import ActorFactory
from tests.cycles.factories import MeasureUpdateFactory, link_user_to_actor, public_measure, running_plan
from tests.lagesbild.factories import AreaFactory
from trygg import pagecache
from trygg.spreadsheet import xlsx_workbook

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
UPDATE_FIELDS = [
    "date",
    "status",
    "progress",
    "text",
    "needs_approval",
    "review",
    "author_id",
    "approved_by_id",
]


def twins(n=2, prefix="tvilling", **kwargs):
    """n measures alike, each with two areas and a contributor (what the history snapshots)."""
    plan, areas, helper = running_plan(), [AreaFactory(), AreaFactory()], ActorFactory()
    measures = []
    for i in range(n):
        measure = public_measure(
            plan=plan, slug=f"{prefix}-{i}", contributors=[helper], progress=20, **kwargs
        )
        measure.areas.set(areas)
        measures.append(measure)
    return measures


def sheet_for(measures, **changes) -> bytes:
    """The export of these measures with each row given `changes` (status label, progress, text)."""
    book = openpyxl.load_workbook(
        io.BytesIO(
            xlsx_workbook(sheet="Åtgärder", columns=bulk.export_columns(), rows=bulk.export_rows(measures))
        )
    )
    for row in book.active.iter_rows(min_row=2):
        row[4].value = changes.get("status", row[4].value)
        row[5].value = changes.get("progress", row[5].value)
        row[8].value = changes.get("text", "")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def snapshot(measure):
    """What the measure's latest history row says, with its many-to-many snapshot."""
    record = measure.history.order_by("-history_id").first()
    return {
        "type": record.history_type,
        "user": record.history_user_id,
        "status": record.status,
        "progress": record.progress,
        "version": record.version,
        "areas": sorted(record.areas.values_list("area_id", flat=True)),
        "contributors": sorted(record.contributors.values_list("actor_id", flat=True)),
    }


@pytest.mark.parametrize("role", ["coordinator", "police_partner"])
def test_bulk_writes_what_post_update_writes(role, request):
    user = request.getfixturevalue(role)
    by_form, by_file = twins(
        lead_actor=link_user_to_actor(user) if role == "police_partner" else ActorFactory()
    )
    fields = {"status": MeasureStatus.DELAYED, "progress": 35, "text": "Leveransen är sen."}

    post_update(measure=by_form, by=user, date=TODAY, **fields)
    preview, _notes = bulk.preview_import(
        data=sheet_for([by_file], status="Försenad", progress=35, text="Leveransen är sen."),
        file_name="a.xlsx",
        by=user,
    )
    bulk.confirm_import(measure_import=preview, by=user)

    by_form.refresh_from_db()
    by_file.refresh_from_db()
    for field in ("status", "progress", "last_update_on", "version"):
        assert getattr(by_file, field) == getattr(by_form, field), field
    assert by_file.updated_at > by_form.updated_at
    written = {m.pk: m.updates.values(*UPDATE_FIELDS).get() for m in (by_form, by_file)}
    assert written[by_file.pk] == written[by_form.pk]
    assert snapshot(by_file) == snapshot(by_form)
    assert snapshot(by_file)["areas"] and snapshot(by_file)["contributors"]
    expected = (MeasureStatus.ONGOING, 20) if role == "police_partner" else (MeasureStatus.DELAYED, 35)
    assert (by_file.status, by_file.progress) == expected
    report = MeasureUpdate.objects.get(measure=by_file)
    assert report.history.get().history_user == user


def test_a_report_dated_after_today_goes_through_post_update(coordinator):
    (measure,) = twins(1)
    later = MeasureUpdateFactory(measure=measure, status=MeasureStatus.ONGOING, progress=90)
    MeasureUpdate.objects.filter(pk=later.pk).update(date=TODAY + datetime.timedelta(days=3))
    preview, _notes = bulk.preview_import(
        data=sheet_for([measure], progress=40, text="Halvvägs."), file_name="a.xlsx", by=coordinator
    )

    bulk.confirm_import(measure_import=preview, by=coordinator)

    measure.refresh_from_db()
    assert (measure.progress, measure.last_update_on) == (90, TODAY + datetime.timedelta(days=3))
    assert measure.updates.count() == 2


def test_confirm_bumps_the_page_cache(coordinator, monkeypatch):
    bumps = []
    monkeypatch.setattr(pagecache, "bump", lambda: bumps.append(1))
    (measure,) = twins(1)
    preview, _notes = bulk.preview_import(
        data=sheet_for([measure], progress=40, text="Halvvägs."), file_name="a.xlsx", by=coordinator
    )

    bulk.confirm_import(measure_import=preview, by=coordinator)

    assert bumps


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_query_count_does_not_grow_with_rows(coordinator, step):
    counts = []
    bulk.imports_visible_to(coordinator)  # the user's roles are read once and kept on the user
    for n in (1, 5):
        measures = twins(n, prefix=f"rader-{n}")
        data = sheet_for(measures, status="Försenad", progress=35, text="Sent.")
        with CaptureQueriesContext(connection) as preview_queries:
            preview, _notes = bulk.preview_import(data=data, file_name="a.xlsx", by=coordinator)
        assert preview.status == MeasureImportStatus.PREVIEW, preview.errors
        with CaptureQueriesContext(connection) as confirm_queries:
            bulk.confirm_import(measure_import=preview, by=coordinator)
        counts.append(len(preview_queries if step == "preview" else confirm_queries))
    assert counts[0] == counts[1]


def test_rows_are_numbered_as_the_spreadsheet_shows_them(coordinator):
    first, second = twins(2)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(
        [
            ["Id", "Status", "Procent klart", "Ny lägesrapport (text)"],
            [first.slug, "Pågår", "30", "Två rader\ni samma cell."],
            [second.slug, "Klar", "20", ""],
        ]
    )

    parsed = bulk.parse_file(data=out.getvalue().encode(), by=coordinator)

    assert [error["line"] for error in parsed.errors] == [3]  # the file's fourth line, Excel's row 3
