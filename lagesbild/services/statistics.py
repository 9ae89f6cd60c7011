"""Writes to the statistics: imports of indicator values (Kolada, Brå, surveys, manual entry).

The parsing lives in lagesbild.importers; these functions are what views, commands and the demo call.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trygg.models import Municipality

from ..importers import Parsed, bra, kolada, run_import, survey
from ..models import ImportRun, Indicator, IndicatorSource


def default_areas() -> list[str]:
    """Kolada's ids for the municipality, its county and the country: what a Kolada fetch asks for."""
    code = settings.TRYGG_MUNICIPALITY_CODE
    municipality = Municipality.objects.filter(code=code).first()
    return [code, *([f"00{municipality.county_code}"] if municipality else []), "0000"]


def kolada_indicator(kpi: str, *, name: str = "") -> Indicator:
    """The Kolada indicator for a KPI id, created (not public) the first time it is imported."""
    indicator, _created = Indicator.objects.get_or_create(
        source=IndicatorSource.KOLADA,
        external_id=kpi,
        defaults={
            "name": name or kolada.KNOWN_KPIS.get(kpi, kpi),
            "unit": str(_("per 100 000 invånare")) if kpi in kolada.KNOWN_KPIS else "",
            "attribution": str(_("Källa: Kolada")),
        },
    )
    return indicator


def import_kolada_document(*, indicator, data: bytes | dict, file_name: str = "", user=None) -> ImportRun:
    """A Kolada response (fetched dict or saved file's bytes) for the indicator's KPI, all-or-nothing."""
    try:
        document = data if isinstance(data, dict) else kolada.load_file(data)
        parsed = kolada.parse(document, kpi=indicator.external_id)
    except kolada.KoladaError as exc:
        parsed = Parsed()
        parsed.error(None, str(exc))
    return run_import(indicator=indicator, parsed=parsed, user=user, file_name=file_name)


def record_failed_fetch(*, indicator, reason: str, file_name: str = "", user=None) -> ImportRun:
    """A Kolada fetch that never got an answer is logged as a failed run too."""
    parsed = Parsed()
    parsed.error(None, reason)
    return run_import(indicator=indicator, parsed=parsed, user=user, file_name=file_name)


def import_bra_file(*, indicator, data: bytes, year: int, file_name: str = "", user=None) -> ImportRun:
    return run_import(
        indicator=indicator, parsed=bra.parse(data, year=year), user=user, file_name=file_name, year=year
    )


def import_survey_file(*, indicator, data: bytes, file_name: str = "", user=None) -> ImportRun:
    return run_import(
        indicator=indicator,
        parsed=survey.parse(data, source=indicator.source),
        user=user,
        file_name=file_name,
    )


def enter_survey_value(
    *, indicator, area, lpo_name: str, year: int, gender: str, value, count, user=None
) -> ImportRun:
    parsed = survey.single(
        source=indicator.source,
        area=area,
        lpo_name=lpo_name,
        year=year,
        gender=gender,
        value=value,
        count=count,
    )
    return run_import(
        indicator=indicator, parsed=parsed, user=user, file_name=str(_("Manuellt inmatat värde")), year=year
    )
