"""Import timings of lagesbild's statistics for `make bench`: a 290-row Brå file and a Kolada answer
of 10 years for all 290 municipalities (2 900 values), each imported at once, imported again (nothing
changes), and previewed then confirmed as a coordinator does in the workspace.

Call from a configured Django process in the repository's root (it writes to the database it is pointed
at, inside a transaction that is rolled back), as bench/run.py does:

    DATABASE_URL=... python manage.py shell -c "from bench import statistics_import as s; print(s.run())"
"""

import json
import time

from django.db import transaction

from lagesbild.demo.statistics import DEMO_DATA
from lagesbild.models import ImportStatus, Indicator, IndicatorSource
from lagesbild.services.statistics import (
    Kind,
    confirm_import,
    import_bra_file,
    import_kolada_document,
    preview_upload,
)
from trygg.models import Municipality

YEARS = range(2015, 2025)


def kolada_answer(kpi: str) -> bytes:
    """Kolada v3's answer for every municipality and ten years (made-up values)."""
    codes = list(Municipality.objects.values_list("code", flat=True))
    values = [
        {
            "kpi": kpi,
            "municipality": code,
            "period": year,
            "values": [
                {"gender": "T", "count": 1, "status": "", "value": 900 + (int(code) % 97) * 7 + year % 10}
            ],
        }
        for code in codes
        for year in YEARS
    ]
    return json.dumps({"count": len(values), "values": values}).encode()


class _Rollback(Exception):
    pass


def _timed(times: dict, name: str, call):
    start = time.perf_counter()
    result = call()
    times[name] = time.perf_counter() - start
    return result


def _once(bra_data: bytes, kolada_data: dict[str, bytes]) -> dict[str, float]:
    indicators = {}
    for label in ("", "_preview"):
        indicators[label] = (
            Indicator.objects.create(
                source=IndicatorSource.BRA, external_id=f"bench-bra{label}", name="bench", attribution="Brå"
            ),
            Indicator.objects.create(
                source=IndicatorSource.KOLADA, external_id=f"BENCH{label}", name="bench", attribution="Kolada"
            ),
        )
    bra, kolada = indicators[""]
    times = {}
    for label in ("", "_again"):
        run = _timed(
            times, f"bra_290_rows{label}", lambda: import_bra_file(indicator=bra, data=bra_data, year=2024)
        )
        assert run.status == ImportStatus.OK and run.rows_created + run.rows_unchanged >= 290, run.errors
        run = _timed(
            times,
            f"kolada_10y_290{label}",
            lambda: import_kolada_document(indicator=kolada, data=kolada_data["BENCH"]),
        )
        assert run.status == ImportStatus.OK and run.rows_read == 2900, run.errors
    bra, kolada = indicators["_preview"]
    for name, indicator, kind, data in (
        ("bra_290_rows", bra, Kind.BRA, bra_data),
        ("kolada_10y_290", kolada, Kind.KOLADA, kolada_data["BENCH_preview"]),
    ):
        run, preview = _timed(
            times,
            f"{name}_preview",
            lambda indicator=indicator, kind=kind, data=data: preview_upload(
                indicator=indicator, kind=kind, data=data, year=2024 if kind == Kind.BRA else None
            ),
        )
        assert run.status == ImportStatus.PREVIEW, run.errors
        run = _timed(
            times,
            f"{name}_confirm",
            lambda run=run, preview=preview: confirm_import(run, fingerprint=preview.fingerprint),
        )
        assert run.status == ImportStatus.OK, run.errors
    return times


def run(repeat: int = 3) -> dict:
    """Best of `repeat` runs in milliseconds: a first import, and the same data again (nothing changes).

    Everything is rolled back afterwards."""
    bra_data = (DEMO_DATA / "bra_anmalda_brott_2024.csv").read_bytes()
    kolada = {kpi: kolada_answer(kpi) for kpi in ("BENCH", "BENCH_preview")}
    best: dict[str, float] = {}
    for _ in range(repeat):
        try:
            with transaction.atomic():
                times = _once(bra_data, kolada)
                raise _Rollback
        except _Rollback:
            pass
        for name, seconds in times.items():
            best[name] = min(best.get(name, seconds), seconds)
    return {name: round(seconds * 1000, 1) for name, seconds in best.items()}
