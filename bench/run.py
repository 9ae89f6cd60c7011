"""`make bench`: throughput and p95 latency of key pages under gunicorn with production settings.

Starts the site on PostgreSQL (database trygg_bench) with the demo data, then for each target sends
requests from a few client threads over loopback for a bounded time and count, and prints req/s,
p50 and p95, and each page's throughput as a ratio of the minimal Django view's (/robots.txt).
Later issues add their pages to TARGETS. At the end it times the imports and the follow-up report
(snapshot, HTML body, PDF) over the 500 measures.
"""

import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST, PORT = "127.0.0.1", 8001
DB = "trygg_bench"
MINIMAL = "minimal view (/robots.txt)"
TARGETS = [
    (MINIMAL, "/robots.txt"),
    ("static file (Bootstrap CSS)", "/static/vendor/bootstrap/bootstrap.min.css"),
    ("home page /", "/"),
    ("collaboration /samverkan/", "/samverkan/"),
    ("cycle /kretslopp/", "/kretslopp/"),
    ("promises /medborgarloften/", "/medborgarloften/"),
    ("lägesbild /lagesbild/", "/lagesbild/"),
    ("places /platser/", "/platser/"),
    ("a place /platser/torget-tingsryd/", "/platser/torget-tingsryd/"),
    ("an area /omraden/tingsryd/", "/omraden/tingsryd/"),
    ("measures /atgarder/ (500 measures)", "/atgarder/"),
    ("measures filtered /atgarder/?status=…", "/atgarder/?status=ongoing"),
    ("a measure /atgarder/bench-100/", "/atgarder/bench-100/"),
    ("measures feed /atgarder/flode/", "/atgarder/flode/"),
    ("follow-up /uppfoljning/", "/uppfoljning/"),
    ("healthz", "/healthz"),
]


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings_prod",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}"),
        "ALLOWED_HOSTS": HOST,
        "EMAIL_URL": "consolemail://",
    }


def prepare(e: dict) -> None:
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{DB}'",  # noqa: S608 (a constant name)
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo", "--force"],
        ["shell", "--no-imports", "-c", "from bench.report import seed_measures; seed_measures(500)"],
        ["shell", "--no-imports", "-c", "from bench.report import seed_report; seed_report()"],
    ):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=e, check=True, stdout=subprocess.DEVNULL)


def django_shell(e: dict, code: str) -> str:
    """Run Python in the configured Django project (the bench database) and return what it printed."""
    return subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=e,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.rstrip()


def one_request(path: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    start = time.perf_counter()
    conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": HOST})
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - start, response.status


def measure(path: str, *, seconds: float, max_requests: int, threads: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + errors >= max_requests:
                    return
            elapsed, status = one_request(path)
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1

    for _ in range(20):  # warm-up
        one_request(path)
    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": p95 * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per page (default 5)")
    parser.add_argument("--max-requests", type=int, default=20000, help="requests per page at most")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()

    e = env()
    print("Preparing the benchmark database and static files…", flush=True)
    prepare(e)
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "trygg.wsgi:application",
            "-b",
            f"{HOST}:{PORT}",
            "-w",
            str(args.workers),
            "-k",
            "sync",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=e,
    )
    try:
        for _ in range(60):
            try:
                if one_request("/healthz")[1] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            print("gunicorn did not start", file=sys.stderr)
            return 1
        results = {}
        for name, path in TARGETS:
            results[name] = measure(
                path, seconds=args.seconds, max_requests=args.max_requests, threads=args.threads
            )
        base = results[MINIMAL]["rps"] or 1.0
        print(f"\n{'page':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs minimal':>10}")
        for name, r in results.items():
            print(
                f"{name:34} {r['rps']:9.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['errors']:7d} "
                f"{r['rps'] / base:10.2f}"
            )
        print("\nImports (best of 3, rolled back):")
        print(django_shell(e, "from bench import statistics_import; print(statistics_import.run())"))
        print("\nFollow-up report over the 500 measures (snapshot and HTML best of 3, each PDF once):")
        print(django_shell(e, "from bench import report; report.print_report_timings()"))
        failed = [name for name, r in results.items() if r["errors"] or not r["requests"]]
        if failed:
            print(f"\nNon-200 answers from: {', '.join(failed)}", file=sys.stderr)
            return 1
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
