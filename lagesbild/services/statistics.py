"""Writes to the statistics: imports of indicator values (Kolada, Brå, NTU, surveys, manual entry).

The parsing lives in lagesbild.importers; these functions are what views, commands and the demo call.

A coordinator's upload or Kolada fetch is previewed first (`preview_upload`): the run waits, holding
what was uploaded, until they confirm it (`confirm_import`) or cancel it (`cancel_import`). Commands,
the demo and the scheduled refresh write at once (`import_bra_file`, `import_kolada_document`, …),
and the commands can show the same preview without writing (`--dry-run`).
"""

import json

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from trygg.models import Municipality

from ..importers import (
    Parsed,
    Preview,
    bra,
    kolada,
    ntu,
    prepare_import,
    preview,
    run_import,
    survey,
)
from ..models import ImportRun, ImportStatus, Indicator, IndicatorSource


class Kind:
    """What an upload is, as stored in ImportRun.options["kind"]."""

    BRA = "bra"
    KOLADA = "kolada"
    NTU_COUNTY = "ntu-lan"
    SURVEY = "enkat"


def parse_upload(kind: str, data: bytes, *, indicator: Indicator, year=None, sheet=None) -> Parsed:
    """Read an uploaded or fetched file with the parser for its kind; never raises for a bad file."""
    try:
        if kind == Kind.BRA:
            return bra.parse(data, year=year)
        if kind == Kind.KOLADA:
            return kolada.parse(kolada.load_file(data), kpi=indicator.external_id)
        if kind == Kind.NTU_COUNTY:
            return ntu.parse(data, sheet=sheet or None)
        return survey.parse(data, source=indicator.source)
    except kolada.KoladaError as exc:
        parsed = Parsed()
        parsed.error(None, str(exc))
        return parsed


def preview_upload(
    *, indicator: Indicator, kind: str, data: bytes, file_name: str = "", user=None, year=None, sheet=""
) -> tuple[ImportRun, Preview]:
    """Parse and compare with what is stored; the run waits for confirmation (or has failed)."""
    parsed = parse_upload(kind, data, indicator=indicator, year=year, sheet=sheet)
    return prepare_import(
        indicator=indicator,
        parsed=parsed,
        payload=data,
        options={"kind": kind, "year": year, "sheet": sheet},
        user=user,
        file_name=file_name,
        year=year,
    )


def preview_kolada_fetch(*, indicator: Indicator, years: list[int], user=None) -> tuple[ImportRun, Preview]:
    """Fetch from Kolada (the municipality, its county and the country) and preview it. A failed fetch
    is logged as a failed run with the reason."""
    areas = default_areas()
    url = kolada.data_url(indicator.external_id, areas, years)
    try:
        document = kolada.fetch(indicator.external_id, areas, years)
    except kolada.KoladaError as exc:
        run = record_failed_fetch(indicator=indicator, reason=str(exc), file_name=url, user=user)
        return run, Preview(parsed=Parsed(), errors=run.errors)
    data = json.dumps(document, ensure_ascii=False).encode()
    return preview_upload(indicator=indicator, kind=Kind.KOLADA, data=data, file_name=url, user=user)


def parsed_payload(run: ImportRun) -> Parsed:
    """A waiting run's stored file, read again with the options it was uploaded with."""
    options = run.options or {}
    return parse_upload(
        options.get("kind", ""),
        bytes(run.payload or b""),
        indicator=run.indicator,
        year=options.get("year"),
        sheet=options.get("sheet"),
    )


def preview_of(run: ImportRun) -> Preview:
    """The preview of a waiting run, computed again from what it holds against what is stored now."""
    return preview(run.indicator, parsed_payload(run))


def confirm_import(run: ImportRun, *, fingerprint: str, remove_missing: bool = False) -> ImportRun:
    """Write a previewed run's values, exactly those the coordinator saw (`fingerprint`, from the
    preview page). A run no longer waiting (a second click, a resent form) is returned as it is. Raises
    PreviewOutdated, writing nothing, if the stored values changed since the preview was shown."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=run.pk)
        if run.status != ImportStatus.PREVIEW:
            return run
        return run_import(
            indicator=run.indicator,
            parsed=parsed_payload(run),  # run_import compares it with what is stored, under its lock
            remove_missing=remove_missing,
            run=run,
            expected=fingerprint,
        )


def cancel_import(run: ImportRun) -> bool:
    """Drop a waiting preview (what was uploaded is deleted). False if it was no longer waiting."""
    return bool(
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.CANCELLED, payload=None, fingerprint=""
        )
    )


def default_areas() -> list[str]:
    """Kolada's ids for the municipality, its county and the country: what a Kolada fetch asks for."""
    code = settings.TRYGG_MUNICIPALITY_CODE
    municipality = Municipality.objects.filter(code=code).first()
    return [code, *([f"00{municipality.county_code}"] if municipality else []), "0000"]


def kolada_indicator(kpi: str, *, name: str = "") -> Indicator:
    """The Kolada indicator for a KPI id, created (not public) the first time it is imported."""
    known = kolada.KNOWN_KPIS.get(kpi, (kpi, ""))
    indicator, _created = Indicator.objects.get_or_create(
        source=IndicatorSource.KOLADA,
        external_id=kpi,
        defaults={
            "name": name or known[0],
            "unit": known[1],
            "attribution": str(_("Källa: Kolada")),
        },
    )
    return indicator


def import_kolada_document(
    *, indicator, data: bytes | dict, file_name: str = "", user=None, remove_missing: bool = False
) -> ImportRun:
    """A Kolada response (fetched dict or saved file's bytes) for the indicator's KPI, all-or-nothing."""
    try:
        document = data if isinstance(data, dict) else kolada.load_file(data)
        parsed = kolada.parse(document, kpi=indicator.external_id)
    except kolada.KoladaError as exc:
        parsed = Parsed()
        parsed.error(None, str(exc))
    return run_import(
        indicator=indicator, parsed=parsed, user=user, file_name=file_name, remove_missing=remove_missing
    )


def record_failed_fetch(*, indicator, reason: str, file_name: str = "", user=None) -> ImportRun:
    """A Kolada fetch that never got an answer is logged as a failed run too."""
    parsed = Parsed()
    parsed.error(None, reason)
    return run_import(indicator=indicator, parsed=parsed, user=user, file_name=file_name)


def import_bra_file(
    *, indicator, data: bytes, year: int | None = None, file_name: str = "", user=None, remove_missing=False
) -> ImportRun:
    """Brå's file at once (commands, the demo); the year may come from the file's title."""
    return run_import(
        indicator=indicator,
        parsed=bra.parse(data, year=year),
        user=user,
        file_name=file_name,
        year=year,
        remove_missing=remove_missing,
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
