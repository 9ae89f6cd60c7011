"""The scheduled refresh of Kolada indicators (`manage.py refresh_kolada`, run nightly from cron or a
systemd timer), and the dashboard's list of refreshes that failed.

An indicator is refreshed when its source is Kolada and "uppdateras automatiskt" (Indicator.refresh) is
ticked. Each refresh fetches the municipality, its county and the country for the last years (setting
TRYGG_KOLADA_REFRESH_YEARS, 10 by default) and is logged as an ImportRun with scheduled=True, also when
the fetch fails. A value Kolada now leaves empty (null) never empties a stored figure here: nobody is
there to confirm it, so the stored figure is kept and listed among the skipped lines.
"""

import datetime

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..importers import Parsed, kolada, run_import
from ..importers.areas import AreaRegistry
from ..models import ImportRun, ImportStatus, Indicator, IndicatorSource
from .statistics import default_areas


def refresh_years(*, now: datetime.datetime | None = None) -> list[int]:
    """The years a refresh asks for: the last TRYGG_KOLADA_REFRESH_YEARS years up to this one."""
    count = int(getattr(settings, "TRYGG_KOLADA_REFRESH_YEARS", 10))
    this_year = timezone.localdate(now or timezone.now()).year
    return list(range(this_year - count + 1, this_year + 1))


def refresh_kolada(*, now: datetime.datetime | None = None) -> list[ImportRun]:
    """Fetch and write every Kolada indicator marked for automatic refresh; one logged run each.

    Each indicator is fetched and written on its own (not in one transaction): one KPI that Kolada
    cannot answer must not hold back the others.
    """
    areas, years = default_areas(), refresh_years(now=now)
    registry = AreaRegistry()
    runs = []
    indicators = Indicator.objects.filter(source=IndicatorSource.KOLADA, refresh=True).exclude(external_id="")
    for indicator in indicators.order_by("order", "name", "pk"):
        kpi = indicator.external_id
        url = kolada.data_url(kpi, areas, years)
        try:
            parsed = kolada.parse(kolada.fetch(kpi, areas, years), kpi=kpi, registry=registry)
        except kolada.KoladaError as exc:
            parsed = Parsed()
            parsed.error(None, str(exc))
        if not parsed.rows and not parsed.errors:
            parsed.error(
                None,
                _("Kolada har inga värden för %(kpi)s för %(areas)s åren %(first)s–%(last)s.")
                % {"kpi": kpi, "areas": ", ".join(areas), "first": years[0], "last": years[-1]},
            )
        # remove_missing=False: a figure Kolada now leaves empty is kept until a coordinator decides.
        runs.append(
            run_import(
                indicator=indicator, parsed=parsed, file_name=url, remove_missing=False, scheduled=True
            )
        )
    return runs


def failed_refreshes() -> list[ImportRun]:
    """Indicators whose latest scheduled refresh failed: that run each, with its indicator (one query)."""
    latest = (
        ImportRun.objects.filter(indicator=OuterRef("indicator"), scheduled=True)
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    return list(
        ImportRun.objects.filter(scheduled=True, status=ImportStatus.FAILED, pk=Subquery(latest))
        .select_related("indicator")
        .order_by("indicator__order", "indicator__name")
    )
