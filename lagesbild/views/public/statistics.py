"""The statistics on public pages: trend charts of the public indicators for the municipality against its
county and the country (on /lagesbild/), and for an area against the whole municipality (on its page).
Each page's own area also gets a chart for women and men where it has such values (in the same query)."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.models import MunicipalitySettings

from ... import charts
from ...models import Gender, IndicatorValue

WOMEN_AND_MEN = [Gender.WOMEN, Gender.MEN]


def comparison_series(request) -> list[tuple[str, str]]:
    """(Kolada area code, label) for the municipality, its county and the country."""
    municipality = MunicipalitySettings.for_request(request).municipality
    if municipality is None:
        return [(settings.TRYGG_MUNICIPALITY_CODE, str(_("Kommunen"))), ("0000", str(_("Riket")))]
    return [
        (municipality.code, municipality.name),
        (f"00{municipality.county_code}", municipality.county_name),
        ("0000", str(_("Riket"))),
    ]


def overview_charts(request) -> list:
    """Trend charts of the public indicators: municipality, county and country, and the municipality's
    women and men (one query)."""
    spec = comparison_series(request)
    values = (
        IndicatorValue.objects.public()
        .filter(
            Q(gender=Gender.TOTAL, area_code__in=[code for code, _label in spec])
            | Q(gender__in=WOMEN_AND_MEN, area_code=spec[0][0])
        )
        .select_related("indicator")
        .order_by("indicator__order", "indicator__name", "indicator_id", "year")
    )
    return charts.build(list(values), spec)


def area_charts(request, area) -> list:
    """Trend charts of the public indicators with figures for the area, against the whole municipality,
    and the area's women and men (one query; small counts are hidden by the chart code, as for the total)."""
    own_code = f"omrade:{area.slug}"
    spec = [(own_code, area.name), (comparison_series(request)[0][0], str(_("Hela kommunen")))]
    values = (
        IndicatorValue.objects.public()
        .filter(Q(area=area) | Q(gender=Gender.TOTAL, area_code=spec[-1][0]))
        .select_related("indicator")
        .order_by("indicator__order", "indicator__name", "indicator_id", "year")
    )
    return charts.build(list(values), spec, require=own_code)
