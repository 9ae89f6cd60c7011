"""Open data and API timings for `make bench`: the demo plan topped up to 5 000 public measures (as
bench/bulk_import.py does), then the measures' open-data files (CSV with semicolons, CSV with commas,
JSON) and the API's first page of measures, each rendered through the whole Django stack with the page
cache emptied first (uncached) and asked again (cached). Inside a transaction that is rolled back; best
of 3. The query counts show that no file is written row by row.

Call from a configured Django process in the repository's root, as bench/run.py does:

    DATABASE_URL=... python manage.py shell -c "from bench import open_data; open_data.print_timings()"
"""

import time

from django.db import transaction
from django.test import Client

from bench.bulk_import import ROWS, counted, top_up
from cycles.models import Measure
from trygg import pagecache
from trygg.visibility import Visibility

PATHS = [
    ("open data: measures as CSV (;)", "/oppna-data/atgarder.csv"),
    ("open data: measures as CSV (,)", "/oppna-data/atgarder-komma.csv"),
    ("open data: measures as JSON", "/oppna-data/atgarder.json"),
    ("API: /api/atgarder/ (first page)", "/api/atgarder/"),
]
HEADERS = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}


class _Rollback(Exception):
    pass


def _once() -> dict:
    plan = top_up(ROWS)
    Measure.objects.filter(plan=plan).update(visibility=Visibility.PUBLIC)
    client = Client(**HEADERS)
    results = {"rows": Measure.objects.public().count()}
    for name, path in PATHS:
        pagecache.bump()
        with counted() as queries:
            started = time.perf_counter()
            response = client.get(path)
            uncached = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        started = time.perf_counter()
        again = client.get(path)
        cached = time.perf_counter() - started
        results[name] = {
            "uncached": uncached,
            "cached": cached,
            "hit": again.get(pagecache.HEADER) == "hit",
            "queries": queries["n"],
            "bytes": len(response.content),
        }
    return results


def run(repeat: int = 3) -> dict:
    best: dict = {}
    for _ in range(repeat):
        try:
            with transaction.atomic():
                results = _once()
                raise _Rollback
        except _Rollback:
            pass
        for name, value in results.items():
            if not isinstance(value, dict) or name not in best or value["uncached"] < best[name]["uncached"]:
                best[name] = value
    return best


def print_timings(repeat: int = 3) -> None:
    results = run(repeat)
    print(f"{'public measures':44} {results['rows']:8d}")
    print(f"{'file':44} {'uncached':>9} {'cached':>9} {'queries':>8} {'size':>9}")
    for name, _path in PATHS:
        r = results[name]
        cached = f"{r['cached'] * 1000:7.1f}ms" if r["hit"] else "   (none)"
        print(f"{name:44} {r['uncached'] * 1000:7.0f}ms {cached} {r['queries']:8d} {r['bytes'] // 1024:7d}KB")
