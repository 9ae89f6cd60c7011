"""Downloads of a workspace list: every row that its filters select, on all pages, as CSV or Excel.

A ListView of the workspace adds `ExportMixin` and declares its columns once, as (heading, value) pairs:
the value is a dotted path (`"plan.title"`, `"get_status_display"`, a method is called) or a function of
the row. `?export=csv` or `?export=xlsx` answers with the view's own `get_queryset()`, unpaginated: the
same permission check, `visible_to(user)` and filter form as the page, so a download never holds a row
the user could not page to. Personal data that the page leaves out (a reporter's address, photos) is
left out by not declaring a column for it. The links: templates/includes/_export_links.html.
"""

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .spreadsheet import Column, csv_response, xlsx_response, xlsx_workbook

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_PARAM = "export"  # not a filter field of any list

type Accessor = str | Callable[[object], object]


def cell(value):
    """A value as a spreadsheet cell: dates YYYY-MM-DD (with the local time HH:MM for a moment), yes/no
    as Ja/Nej, numbers as numbers, several related objects joined by commas, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, models.Manager):  # the prefetched rows of a many-to-many or reverse relation
        return ", ".join(str(item) for item in value.all())
    return str(value)


def resolve(row, accessor: Accessor):
    """The value of one column for `row`; a path that meets None on the way gives None."""
    if callable(accessor):
        return accessor(row)
    value = row
    for name in accessor.split("."):
        value = getattr(value, name)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
        if value is None:
            return None
    return value


def person(user) -> str:
    """A staff member as the lists show them: the full name, else the user name."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class ExportMixin:
    """A workspace ListView that also answers `?export=csv|xlsx` with all its filtered rows. A view
    with URLs of its own for the files (an older `export.csv`) names them in `export_url_names` and is
    routed there with `as_view(export_format=…)`."""

    export_columns: Sequence[tuple[str, Accessor]] = ()
    export_name = "lista"  # the file is <export_name>-<YYYY-MM-DD>.csv|.xlsx
    export_format: str | None = None
    export_url_names: dict[str, str] = {}

    def get(self, request, *args, **kwargs):
        kind = self.export_format or request.GET.get(EXPORT_PARAM)
        if kind is None:
            return super().get(request, *args, **kwargs)
        if kind not in EXPORT_FORMATS:
            raise BadRequest("Unknown export format")
        # The filters see the page's own query string: a form bound to `?export=csv` alone would not fall
        # back to the defaults the page shows without one (the new cases of a queue, say).
        request.GET = request.GET.copy()
        request.GET.pop(EXPORT_PARAM, None)
        response = self.export_response(kind)
        response["Cache-Control"] = "private, no-store"  # internal data: never kept by a cache
        return response

    def export_response(self, kind: str):
        """The whole of `get_queryset()`, one row per object and one cell per declared column."""
        columns = self.get_export_columns()
        titles = [str(title) for title, _get in columns]
        rows = [[cell(resolve(row, get)) for _title, get in columns] for row in self.get_queryset()]
        filename = f"{self.get_export_name()}-{timezone.localdate():%Y-%m-%d}.{kind}"
        if kind == "csv":
            return csv_response(filename, [titles, *rows])
        widths = [Column(title, width=min(max(len(title) + 4, 12), 50)) for title in titles]
        workbook = xlsx_workbook(sheet=self.get_export_name(), columns=widths, rows=rows)
        return xlsx_response(filename, workbook)

    def get_export_columns(self) -> Sequence[tuple[str, Accessor]]:
        return self.export_columns

    def get_export_name(self) -> str:
        return self.export_name

    def export_url(self, kind: str) -> str:
        """The current list's query string (its filters) without the page number, for one format."""
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(EXPORT_PARAM, None)
        if kind in self.export_url_names:
            return reverse(self.export_url_names[kind]) + (f"?{query.urlencode()}" if query else "")
        query[EXPORT_PARAM] = kind
        return f"?{query.urlencode()}"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = ctx.get("page_obj")
        ctx.update(
            export_links={kind: self.export_url(kind) for kind in EXPORT_FORMATS},
            export_count=page.paginator.count if page else len(ctx["object_list"]),
        )
        return ctx
