"""Import timings of lagesbild's statistics for `make bench`: a 290-row Brå file and a 10-year × 3-area
Kolada response.

Call from a configured Django process in the repository's root (it writes to the database it is pointed
at, inside a transaction that is rolled back), as bench/run.py does:

    DATABASE_URL=... python manage.py shell -c "from bench import statistics_import as s; print(s.run())"
"""

import time

from django.db import transaction

from lagesbild.demo.statistics import DEMO_DATA, KOLADA, kolada_document
from lagesbild.models import Indicator, IndicatorSource
from lagesbild.services.statistics import import_bra_file, import_kolada_document


class _Rollback(Exception):
    pass


def _once(bra_data: bytes, document: dict) -> dict[str, float]:
    bra = Indicator.objects.create(
        source=IndicatorSource.BRA, external_id="bench-bra", name="bench", attribution="Källa: Brå"
    )
    kolada = Indicator.objects.create(
        source=IndicatorSource.KOLADA, external_id="BENCH", name="bench", attribution="Källa: Kolada"
    )
    times = {}
    for label in ("", "_again"):
        start = time.perf_counter()
        run = import_bra_file(indicator=bra, data=bra_data, year=2024)
        times[f"bra_290_rows{label}"] = time.perf_counter() - start
        assert run.status == "ok" and run.rows_read == 292, run.errors
        start = time.perf_counter()
        run = import_kolada_document(indicator=kolada, data=document)
        times[f"kolada_10y_3areas{label}"] = time.perf_counter() - start
        assert run.status == "ok" and run.rows_read == 30, run.errors
    return times


def run(repeat: int = 3) -> dict:
    """Best of `repeat` runs in milliseconds: a first import, and the same data again (nothing changes).

    Everything is rolled back afterwards."""
    bra_data = (DEMO_DATA / "bra_anmalda_brott_2024.csv").read_bytes()
    _kpi, _name, _description, series = KOLADA[0]
    document = kolada_document("BENCH", series)
    best: dict[str, float] = {}
    for _ in range(repeat):
        try:
            with transaction.atomic():
                times = _once(bra_data, document)
                raise _Rollback
        except _Rollback:
            pass
        for name, seconds in times.items():
            best[name] = min(best.get(name, seconds), seconds)
    return {name: round(seconds * 1000, 1) for name, seconds in best.items()}
