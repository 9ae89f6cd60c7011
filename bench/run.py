"""`make bench`: residents' pages under the production topology, measured in one run.

Prepares the PostgreSQL database trygg_bench (demo data, the plan padded to 500 public measures, a
follow-up report over them), starts the loopback cluster of deploy/cluster.py on it (nginx, two gunicorn
app servers with the production settings, a task worker, Redis) and measures, with wrk (Debian's
package; `make bench` installs it) and a Lua hook for the 95th percentile:

1. **Through Django, cache warm**: each page on app server 1 directly, as a ratio of the minimal Django
   view's throughput (/robots.txt, which the page cache leaves alone) on the same gunicorn, with p95.
   Target: `/`, `/kretslopp/`, `/atgarder/`, a measure and `/lagesbild/` each ≥ 0.8× and p95 < 50 ms.
2. **Through nginx**: the same pages through nginx and the round robin over both app servers, as a
   ratio of nginx serving a static file of about the same size itself.
3. **Cold**: the first render of each page, and of search and the map's data (a query string of its own
   each time, so the cache has no copy), median of 5; then the API's measure list under load with no
   cached copy (every request a query string of its own).
4. **Staleness**: a measure changed, withdrawn and published again 10 times from a separate process
   (as a coordinator's save); after each commit both app servers are asked at once. Target: 0 stale.

Then it times the imports, the open-data files and the API over 5 000 public measures (bench/open_data.py),
and the follow-up report (snapshot, HTML body, PDF) over the 500 measures.
All load is on loopback; the client shares the machine's cores with the servers.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.cluster import Cluster, Ports  # noqa: E402

PY = sys.executable
HOST = "127.0.0.1"
DB = "trygg_bench"
MINIMAL = ("minimal view /robots.txt", "/robots.txt")
REQUIRED = [
    ("home page /", "/"),
    ("cycle /kretslopp/", "/kretslopp/"),
    ("measures /atgarder/ (500)", "/atgarder/"),
    ("a measure /atgarder/bench-100/", "/atgarder/bench-100/"),
    ("lägesbild /lagesbild/", "/lagesbild/"),
]
OTHERS = [
    ("collaboration /samverkan/", "/samverkan/"),
    ("promises /medborgarloften/", "/medborgarloften/"),
    ("places /platser/", "/platser/"),
    ("an area /omraden/tingsryd/", "/omraden/tingsryd/"),
    ("measures filtered ?status=ongoing", "/atgarder/?status=ongoing"),
    ("measures feed /atgarder/flode/", "/atgarder/flode/"),
    ("follow-up /uppfoljning/", "/uppfoljning/"),
    ("search /sok/?q=belysning", "/sok/?q=belysning"),
    ("map /karta/", "/karta/"),
    ("map data /karta/data.geojson", "/karta/data.geojson"),
    ("overview /oversikt/", "/oversikt/"),
    ("API /api/atgarder/", "/api/atgarder/"),
    ("API /api/atgarder/?status=ongoing", "/api/atgarder/?status=ongoing"),
    ("open data /oppna-data/atgarder.csv", "/oppna-data/atgarder.csv"),
]
# Besides the required pages, the first render of the residents' search and the map's data.
COLD_OTHERS = [
    ("search /sok/?q=belysning", "/sok/?q=belysning"),
    ("map data /karta/data.geojson", "/karta/data.geojson"),
    ("API /api/atgarder/", "/api/atgarder/"),
]
# Under load with no cached copy: every request has a query string of its own.
UNCACHED_UNDER_LOAD = [("API /api/atgarder/ uncached", "/api/atgarder/")]
RATIO_TARGET, P95_TARGET_MS = 0.8, 50.0
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
P95_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\nERRORS %d\\n", latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""
# Each request with its own ?kall=<thread>-<n>, so the page cache never has a copy.
UNCACHED_LUA = (
    """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?kall=" .. id .. "-" .. counter)
end
"""
    + P95_LUA
)


def prepare() -> dict:
    """The bench database with the demo data, 500 measures and a report (idempotent)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings_prod",
        "SECRET_KEY": "bench-" + "x" * 60,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}"),
        "ALLOWED_HOSTS": HOST,
        "EMAIL_URL": "consolemail://",
        "TASKS_BACKEND": "immediate",
    }
    exists = subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{DB}'"],  # noqa: S608
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["createdb", "-h", HOST, "-U", "postgres", DB], check=True)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "--force"],
        ["shell", "--no-imports", "-c", "from bench.report import seed_measures; seed_measures(500)"],
        ["shell", "--no-imports", "-c", "from bench.report import seed_report; seed_report()"],
    ):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    # The timings at the end insert thousands of rows and roll them back: without a vacuum the next run
    # reads their dead tuples (114 000 index entries behind 500 measures) and its planner's estimates.
    subprocess.run(["vacuumdb", "-h", HOST, "-U", "postgres", "--analyze", "--quiet", DB], check=True)
    return env


def django_shell(env: dict, code: str) -> str:
    """Run Python in the configured Django project and return what it printed."""
    return subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.rstrip()


def get(port: int, path: str) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def wrk(port: int, path: str, *, seconds: float, connections: int, script: Path) -> dict:
    """Throughput and latency of one path under wrk (2 threads, `connections` connections)."""
    headers = [a for name, value in HEADERS.items() for a in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-s",
            str(script),
            *headers,
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _duration_ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    errors = int(re.search(r"ERRORS (\d+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p95_ms": p95,
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


def _duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def similar_static_file(static_root: Path, size: int) -> str:
    """The /static/ path of the collected file closest in size to `size` bytes (not a .gz/.br copy)."""
    files = [
        p
        for p in static_root.rglob("*")
        if p.is_file() and p.suffix not in {".gz", ".br"} and p.name != "staticfiles.json"
    ]
    best = min(files, key=lambda p: abs(p.stat().st_size - size))
    return "/static/" + best.relative_to(static_root).as_posix()


def table(title: str, rows: list[tuple[str, dict, str]]) -> None:
    print(f"\n{title}")
    print(f"{'page':38} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  {'ratio':>6}  verdict")
    for name, r, verdict in rows:
        ratio = f"{r['ratio']:6.2f}" if "ratio" in r else " " * 6
        figures = f"{r['rps']:9.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['errors']:7d}"
        print(f"{name:38} {figures}  {ratio}  {verdict}")


STALENESS = """
import http.client, json
from cycles.models import Measure
from trygg.visibility import Visibility

ports, rounds = {ports}, {rounds}
def ask(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers={{"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}})
    r = c.getresponse(); body = r.read().decode(); c.close()
    return r.status, body, r.getheader("X-Trygg-Cache")
m = Measure.objects.get(slug="bench-100")
path = m.get_absolute_url()
stale = checks = 0
for n in range(rounds):
    for port in ports:  # both caches warm
        ask(port, path); ask(port, path)
    m.title = f"Ändrad rubrik {{n}}"
    m.save()
    for port in ports:
        status, body, _ = ask(port, path)
        checks += 1
        stale += status != 200 or m.title not in body
    m.visibility = Visibility.INTERNAL
    m.save()
    for port in ports:
        status, _, _ = ask(port, path)
        checks += 1
        stale += status != 404
    m.visibility = Visibility.PUBLIC
    m.save()
    for port in ports:
        status, body, _ = ask(port, path)
        checks += 1
        stale += status != 200 or m.title not in body
print(json.dumps({{"checks": checks, "stale": stale}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=4, help="time per page and load (default 4)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--rounds", type=int, default=10, help="staleness rounds (default 10)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("make bench needs wrk: sudo apt-get install wrk", file=sys.stderr)
        return 1

    print("Preparing the benchmark database (demo data, 500 measures, a report)…", flush=True)
    env = prepare()
    work = Path(tempfile.mkdtemp(prefix="trygg-bench-"))
    work.chmod(0o755)
    script = work / "p95.lua"
    script.write_text(P95_LUA)
    uncached_script = work / "uncached.lua"
    uncached_script.write_text(UNCACHED_LUA)
    cluster = Cluster(work / "cluster", ports=Ports.free(), database=DB)
    print("Starting the cluster (nginx, two app servers, a worker, Redis)…", flush=True)
    cluster.start()
    failures: list[str] = []
    try:
        app, site = cluster.ports.app1, cluster.ports.site

        def measure(port: int, path: str) -> dict:
            return wrk(port, path, seconds=args.seconds, connections=args.connections, script=script)

        for _name, path in [MINIMAL, *REQUIRED, *OTHERS]:  # warm every cache and connection
            for port in (cluster.ports.app1, cluster.ports.app2, site):
                status, _, headers = get(port, path)
                if status != 200:
                    failures.append(f"{path} answered {status}")
        minimal = measure(app, MINIMAL[1])
        rows = [(MINIMAL[0], {**minimal, "ratio": 1.0}, "reference")]
        for name, path in [*REQUIRED, *OTHERS]:
            r = measure(app, path)
            r["ratio"] = r["rps"] / minimal["rps"]
            verdict = ""
            if (name, path) in REQUIRED:
                ok = r["ratio"] >= RATIO_TARGET and r["p95_ms"] < P95_TARGET_MS and not r["errors"]
                verdict = "ok" if ok else f"FAIL (≥ {RATIO_TARGET}×, p95 < {P95_TARGET_MS:.0f} ms)"
                if not ok:
                    failures.append(f"{name} through Django")
            rows.append((name, r, verdict))
        table("1. Through Django on one app server, cache warm (ratio: to the minimal view)", rows)

        rows = []
        for name, path in REQUIRED:
            _, body, _ = get(site, path)
            static = similar_static_file(cluster.static_root, len(body))
            page, reference = measure(site, path), measure(site, static)
            page["ratio"] = page["rps"] / reference["rps"]
            rows.append(
                (name, page, f"vs {static} ({reference['rps']:.0f} req/s, {len(body) // 1024} KB page)")
            )
            if page["errors"]:
                failures.append(f"{name} through nginx")
        table(
            "2. Through nginx, both app servers (ratio: to nginx serving a static file of similar size)", rows
        )

        print("\n3. First (cold) render, median of 5, on one app server")
        for name, path in [*REQUIRED, *COLD_OTHERS]:
            times = []
            for n in range(5):
                cold = f"{path}{'&' if '?' in path else '?'}kall={time.time_ns()}{n}"
                started = time.perf_counter()
                status, _, headers = get(app, cold)
                times.append((time.perf_counter() - started) * 1000)
                if headers.get("X-Trygg-Cache") != "miss":
                    failures.append(f"{path}: the cold request was not a miss")
            print(f"{name:38} {statistics.median(times):8.1f} ms")

        rows = []
        for name, path in UNCACHED_UNDER_LOAD:
            r = wrk(app, path, seconds=args.seconds, connections=args.connections, script=uncached_script)
            r["ratio"] = r["rps"] / minimal["rps"]
            rows.append((name, r, "every request rendered"))
            if r["errors"]:
                failures.append(f"{name} under load")
        table("3b. Under load with no cached copy, on one app server", rows)

        print(
            f"\n4. Staleness after a change, withdrawal and publication ({args.rounds} rounds, both servers)"
        )
        code = STALENESS.format(ports=[cluster.ports.app1, cluster.ports.app2], rounds=args.rounds)
        result = json.loads(django_shell(cluster.env, code).splitlines()[-1])
        print(f"{'stale answers':38} {result['stale']} of {result['checks']}")
        if result["stale"]:
            failures.append("stale answers after a change")
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("\nImports (best of 3, rolled back):")
    print(django_shell(env, "from bench import statistics_import; print(statistics_import.run())"))
    print("\nBulk update of measures: 5 000 rows exported, changed and imported (best of 3, rolled back):")
    print(django_shell(env, "from bench import bulk_import; bulk_import.print_timings()"))
    print("\nOpen data and the API over 5 000 public measures (best of 3, rolled back):")
    print(django_shell(env, "from bench import open_data; open_data.print_timings()"))
    print("\nFollow-up report over the 500 measures (snapshot and HTML best of 3, each PDF once):")
    print(django_shell(env, "from bench import report; report.print_report_timings()"))
    if failures:
        print("\nNot met: " + "; ".join(failures), file=sys.stderr)
        return 1
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
