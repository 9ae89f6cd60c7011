"""Trygg's production topology on one machine, on loopback: for the tests, the benchmark and a trial.

    python deploy/cluster.py start [--dir DIR] [--base-port N] [--database NAME] [--demo] [--fresh]
    python deploy/cluster.py status [--dir DIR]
    python deploy/cluster.py stop [--dir DIR]

`start` creates the PostgreSQL database if it is missing (`--fresh` drops it first; user postgres
at 127.0.0.1:5432, trust authentication), migrates, collects the static files, loads the demo data
with `--demo`, and starts, each as a process of its own with its log in DIR/logs/:

    N     nginx, from the shipped deploy/nginx/ files (only ports and paths changed; see below)
    N+1   gunicorn app server 1  (deploy/gunicorn.conf.py, DJANGO_SETTINGS_MODULE=trygg.settings_prod)
    N+2   gunicorn app server 2
    N+3   nginx's plain-http server: /healthz, /readyz, and a redirect to https for the rest
    N+4   a mail relay that writes every message to DIR/mail/ (deploy/mailsink.py)
    -     the task worker, `manage.py db_worker --no-reload` (TASKS_BACKEND=database)

Redis is the machine's (127.0.0.1:6379), with a key prefix of the run's own (deleted at `stop`);
when none answers there, a redis-server of the run's own on a free port (nothing kept on disk).
DIR/cluster.json holds the ports, the URLs, the environment of the Django processes and each
process's pid; `start` returns once /readyz answers 200 through nginx and on both app servers.
`stop` ends everything (gunicorn and the worker with TERM, nginx with QUIT) and waits for it.

There is no certificate on loopback, so nginx's site server listens on plain http and tells Django
`X-Forwarded-Proto: https`, as the TLS server of deploy/nginx/trygg.conf does: Django then runs
exactly as in production (HTTPS redirect on, secure cookies, https links, HSTS). The alternative,
SECURE_SSL_REDIRECT=False, would test a Django that production never runs. A browser on the same
machine still signs in (Chromium keeps Secure cookies from http://127.0.0.1 and http://localhost,
and those two origins are in CSRF_TRUSTED_ORIGINS); links in e-mails say https://, though. A client
of its own (the tests) must keep the cookies itself.

From Python (tests/cluster/, bench/run.py):

    cluster = Cluster(tmpdir, database="trygg_cluster_x", demo=True, fresh=True).start()
    cluster.url("/atgarder/"), cluster.app_url(0, "/readyz"), cluster.mails(), cluster.manage("…")
    cluster.stop_app(0); cluster.start_app(0); cluster.stop_mail(); cluster.start_mail()
    cluster.stop()
"""

import argparse
import contextlib
import email
import email.policy
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as `python deploy/cluster.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.loopback import (
    HOST,
    ClusterError,
    Ports,
    enterable_by_others,
    free_port,
    http_status,
    nobody,
    port_open,
    redis_answers,
    redis_delete_prefix,
    render_nginx,
    run,
    started_at,
    tool,
    venv_bin,
)

__all__ = ["Cluster", "ClusterError", "Ports", "render_nginx"]

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_USER = "127.0.0.1", "postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
APPS = ("app1", "app2")
DEMO_USERS = "samordnare, polis, bostader, styrelse, admin"  # README "Demo users"
DEMO_PASSWORD = "trygg-demo-2026"  # noqa: S105 (the demo data's published password)


# --- The cluster -------------------------------------------------------------------------------------


class Cluster:
    """The processes of one run, described by DIR/cluster.json (so `stop` works from another process)."""

    def __init__(
        self,
        directory: str | Path = ROOT / ".cluster",
        *,
        ports: Ports | None = None,
        database: str = "trygg_cluster",
        demo: bool = False,
        fresh: bool = False,
        workers: int = 2,
        redis_url: str = REDIS_URL,
    ):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", database):
            raise ClusterError(f"database name {database!r}: lower-case letters, digits and _ only")
        self.dir = Path(directory).resolve()
        self.ports = ports or Ports.free()
        self.database, self.demo, self.fresh, self.workers = database, demo, fresh, workers
        self.redis_url = redis_url
        self.cache_prefix = f"trygg-cluster-{secrets.token_hex(4)}"
        self.static_root = self.dir / "static"
        self.processes: dict[str, dict] = {}  # name -> {"pid", "started"}
        self._popen: dict[str, subprocess.Popen] = {}  # the ones this Python process started

    # Paths and URLs
    @property
    def media_root(self) -> Path:
        return self.dir / "media"

    @property
    def mail_dir(self) -> Path:
        return self.dir / "mail"

    @property
    def state_file(self) -> Path:
        return self.dir / "cluster.json"

    def url(self, path: str = "/") -> str:
        """The site through nginx (plain http on loopback, standing in for https)."""
        return f"http://{HOST}:{self.ports.site}{path}"

    def app_url(self, index: int, path: str = "/") -> str:
        """App server 1 (index 0) or 2 directly; send `X-Forwarded-Proto: https` as nginx does."""
        return f"http://{HOST}:{self.app_port(index)}{path}"

    def app_port(self, index: int) -> int:
        return (self.ports.app1, self.ports.app2)[index]

    @property
    def database_url(self) -> str:
        return f"postgres://{PG_USER}@{PG_HOST}:5432/{self.database}"

    @property
    def env(self) -> dict[str, str]:
        """The environment of every Django process of the cluster (manage.py, gunicorn, the worker)."""
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "LOGNAME")
        origins = ",".join(f"http://{host}:{self.ports.site}" for host in (HOST, "localhost"))
        return {
            **{k: os.environ[k] for k in keep if k in os.environ},
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "trygg.settings_prod",
            "SECRET_KEY": self._secret_key(),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "CSRF_TRUSTED_ORIGINS": origins,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": self.cache_prefix,
            "EMAIL_URL": f"smtp://{HOST}:{self.ports.mail}",
            "DEFAULT_FROM_EMAIL": "trygg@localhost",
            "SITE_URL": f"http://{HOST}:{self.ports.site}",
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.static_root),
            "FILE_DELIVERY": "nginx",
            "AXES_PROXY_COUNT": "1",
            "TASKS_BACKEND": "database",
            "MAIL_RETRY_SECONDS": "1",
            "LOG_FORMAT": "json",
        }

    def _secret_key(self) -> str:
        path = self.dir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(64))
            path.chmod(0o600)
        return path.read_text().strip()

    # State
    def _save(self) -> None:
        state = {
            "dir": str(self.dir),
            "database": self.database,
            "database_url": self.database_url,
            "demo": self.demo,
            "ports": asdict(self.ports),
            "urls": {
                "site": self.url(),
                "http": f"http://{HOST}:{self.ports.http}/",
                "app1": self.app_url(0),
                "app2": self.app_url(1),
                "mail": f"smtp://{HOST}:{self.ports.mail}",
            },
            "cache_prefix": self.cache_prefix,
            "redis_url": self.redis_url,
            "static_root": str(self.static_root),
            "media_root": str(self.media_root),
            "mail_dir": str(self.mail_dir),
            "workers": self.workers,
            "env": self.env,
            "processes": self.processes,
            "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        part = self.state_file.with_suffix(".part")
        part.write_text(json.dumps(state, indent=2))
        part.chmod(0o600)  # it holds the run's SECRET_KEY
        part.replace(self.state_file)

    @classmethod
    def load(cls, directory: str | Path = ROOT / ".cluster") -> "Cluster":
        """The cluster a `start` (maybe in another process) described in DIR/cluster.json."""
        path = Path(directory).resolve() / "cluster.json"
        if not path.exists():
            raise ClusterError(f"no cluster in {path.parent} (no cluster.json)")
        state = json.loads(path.read_text())
        cluster = cls(state["dir"], ports=Ports(**state["ports"]), database=state["database"])
        cluster.demo, cluster.workers = state["demo"], state["workers"]
        cluster.cache_prefix, cluster.redis_url = state["cache_prefix"], state["redis_url"]
        cluster.processes = state["processes"]
        return cluster

    def alive(self, name: str) -> bool:
        proc = self.processes.get(name)
        return bool(proc) and proc["started"] is not None and started_at(proc["pid"]) == proc["started"]

    def running(self) -> list[str]:
        return [name for name in self.processes if self.alive(name)]

    # Starting
    def start(self, timeout: float = 120) -> "Cluster":
        """Prepare the database and files, start every process, and wait until the site answers."""
        began = time.monotonic()
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.state_file.exists() and (running := Cluster.load(self.dir).running()):
            raise ClusterError(f"a cluster is running in {self.dir} ({', '.join(running)}): stop it first")
        for folder in (self.dir, self.media_root, self.mail_dir, self.dir / "logs"):
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)  # nginx, running as nobody, reads the static files and media
        self.processes = {}
        self._check_services()
        try:
            self._save()
            if not redis_answers(self.redis_url):
                self.start_redis(deadline=began + timeout)
            self.prepare()
            self.start_mail()
            for index in range(len(APPS)):
                self.start_app(index, wait=False)
            self.start_worker()
            self.start_nginx()
            self.wait_ready(deadline=began + timeout)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - began
        return self

    def _check_services(self) -> None:
        for name in ("nginx", "psql", "createdb", "dropdb"):
            tool(name)
        if run([tool("pg_isready"), "-h", PG_HOST, "-q"], check=False).returncode:
            raise ClusterError(
                f"PostgreSQL does not answer on {PG_HOST}:5432 (README: Running against PostgreSQL)"
            )
        if not redis_answers(self.redis_url) and not shutil.which("redis-server"):
            raise ClusterError(
                f"Redis does not answer at {self.redis_url} (README: Configuration, REDIS_URL)"
            )
        if os.geteuid() == 0 and not enterable_by_others(self.dir):
            raise ClusterError(f"nginx runs as nobody and cannot reach {self.dir}: choose another --dir")

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """manage.py with the cluster's environment (its database, cache and settings)."""
        return run([venv_bin("python"), "manage.py", *args], env=self.env, check=check)

    def prepare(self) -> None:
        """The database (created, or dropped and created with fresh), migrations, static files, demo data."""
        pg = ["-h", PG_HOST, "-U", PG_USER]
        if self.fresh:
            run([tool("dropdb"), *pg, "--if-exists", "--force", self.database])
        sql = f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'"  # noqa: S608 (name checked)
        if run([tool("psql"), *pg, "-tAc", sql]).stdout.strip() != "1":
            run([tool("createdb"), *pg, self.database])
        # collectstatic beside migrate: one core each.
        log_path = self.dir / "logs" / "collectstatic.log"
        with log_path.open("w") as log:
            collect = subprocess.Popen(  # noqa: S603
                [venv_bin("python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                self.manage("migrate", "--noinput", "-v0")
            finally:
                collected = collect.wait()
        if collected:
            raise ClusterError(f"collectstatic failed:\n{log_path.read_text()}")
        if not (self.static_root / "staticfiles.json").exists():
            raise ClusterError(
                f"collectstatic wrote nothing to {self.static_root}: do the settings read STATIC_ROOT?"
            )
        if self.demo:
            self.manage("load_demo", "--force")
        self._save()

    def _spawn(self, name: str, argv: list, env: dict | None = None) -> None:
        log = (self.dir / "logs" / f"{name}.log").open("ab")
        with log:
            proc = subprocess.Popen(  # noqa: S603
                [str(a) for a in argv],
                cwd=ROOT,
                env=env or self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the terminal that started it does not reach it
                umask=0o022,  # uploaded files stay readable for nginx
            )
        self._popen[name] = proc
        self.processes[name] = {"pid": proc.pid, "started": started_at(proc.pid)}
        self._save()

    def start_redis(self, deadline: float) -> None:
        """A Redis of the run's own, for a machine whose Redis is not running (nothing kept on disk)."""
        self.redis_url = f"redis://{HOST}:{free_port()}/0"
        port = urlsplit(self.redis_url).port
        (self.dir / "redis").mkdir(exist_ok=True)
        argv = [tool("redis-server"), "--bind", HOST, "--port", port, "--save", "", "--appendonly", "no"]
        self._spawn("redis", [*argv, "--dir", self.dir / "redis"])
        self._wait_for(lambda: redis_answers(self.redis_url), "redis", deadline)

    def start_mail(self, wait: bool = True) -> None:
        """The mail relay (deploy/mailsink.py), writing each message to DIR/mail/."""
        argv = [venv_bin("python"), ROOT / "deploy" / "mailsink.py", "--port", self.ports.mail]
        self._spawn("mail", [*argv, "--dir", self.mail_dir])
        if wait:
            self._wait_for(lambda: port_open(self.ports.mail), "mail", time.monotonic() + 20)

    def start_app(self, index: int, wait: bool = True) -> None:
        """App server 1 (index 0) or 2: gunicorn with deploy/gunicorn.conf.py, as trygg-web@.service."""
        name = APPS[index]
        env = {
            **self.env,
            "GUNICORN_BIND": f"{HOST}:{self.app_port(index)}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_LOG_LEVEL": "warning",
        }
        conf = ROOT / "deploy" / "gunicorn.conf.py"
        self._spawn(name, [venv_bin("gunicorn"), "-c", conf, "trygg.wsgi:application"], env)
        if wait:
            port = self.app_port(index)
            ready = lambda: http_status(port, "/readyz", proxied_https=True) == 200  # noqa: E731
            self._wait_for(ready, name, time.monotonic() + 60)

    def start_worker(self) -> None:
        """The task worker, as trygg-worker@.service runs it."""
        self._spawn("worker", [venv_bin("python"), "manage.py", "db_worker", "--no-reload"])

    def start_nginx(self) -> None:
        folder = self.dir / "nginx"
        if folder.exists():
            shutil.rmtree(folder)
        conf = render_nginx(folder, self.ports, static_root=self.static_root, media_root=self.media_root)
        argv = [
            tool("nginx"),
            "-p",
            f"{folder}/",
            "-e",
            folder / "error.log",
            "-c",
            conf,
            "-g",
            "daemon off;",
        ]
        if os.geteuid() == 0:  # root: nginx drops to nobody, with a config of our own
            uid, gid, group = nobody()
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, uid, gid)
            argv = [tool("setpriv"), "--reuid=nobody", f"--regid={group}", "--clear-groups", *argv]
        self._spawn("nginx", argv)

    def wait_ready(self, deadline: float) -> None:
        """Until /readyz answers 200 on both app servers, through nginx, and nginx's http server."""
        for index, name in enumerate(APPS):
            port = self.app_port(index)
            self._wait_for(
                lambda port=port: http_status(port, "/readyz", proxied_https=True) == 200, name, deadline
            )
        self._wait_for(lambda: http_status(self.ports.site, "/readyz") == 200, "nginx", deadline)
        self._wait_for(lambda: http_status(self.ports.http, "/healthz") == 200, "nginx", deadline)
        for name in self.processes:
            if not self.alive(name):
                raise ClusterError(f"{name} exited:\n{self.log_tail(name)}")

    def _wait_for(self, check, name: str, deadline: float) -> None:
        while not check():
            if not self.alive(name):
                raise ClusterError(f"{name} exited:\n{self.log_tail(name)}")
            if time.monotonic() > deadline:
                raise ClusterError(f"{name} did not become ready in time:\n{self.log_tail(name)}")
            time.sleep(0.2)

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.dir / ("nginx/error.log" if name == "nginx" else f"logs/{name}.log")
        with contextlib.suppress(OSError):
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    # Stopping
    def _stop(self, name: str, signum: int, timeout: float = 40) -> None:
        proc = self.processes.get(name)
        popen = self._popen.pop(name, None)
        if proc and self.alive(name):
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc["pid"], signum)
            deadline = time.monotonic() + timeout
            while self.alive(name) and time.monotonic() < deadline:
                if popen is not None and popen.poll() is not None:
                    break
                time.sleep(0.05)
            if self.alive(name):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc["pid"], signal.SIGKILL)
        if popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                popen.wait(timeout=5)
        self.processes.pop(name, None)
        if self.state_file.exists():
            self._save()

    def stop_app(self, index: int) -> None:
        """SIGTERM to the app server's gunicorn master: it stops accepting and finishes what it has."""
        self._stop(APPS[index], signal.SIGTERM)

    def stop_mail(self) -> None:
        self._stop("mail", signal.SIGTERM)

    def stop_worker(self) -> None:
        self._stop("worker", signal.SIGTERM)

    def stop(self) -> None:
        """Stop every process (nginx first, so nothing reaches a stopping app server) and wait."""
        own_redis = "redis" in self.processes
        self._stop("nginx", signal.SIGQUIT)
        for name in (*APPS, "worker", "mail", *self.processes):
            self._stop(name, signal.SIGTERM)
        if not own_redis:  # the machine's Redis: leave nothing of this run in it
            with contextlib.suppress(OSError, ClusterError):
                redis_delete_prefix(self.redis_url, self.cache_prefix)

    def kill(self) -> None:
        """SIGKILL to every process group at once (a watchdog's last resort)."""
        for name, proc in list(self.processes.items()):
            if self.alive(name):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc["pid"], signal.SIGKILL)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # What the relay received
    def mails(self) -> list[email.message.EmailMessage]:
        """Every message the mail relay has written, oldest first (X-Sink-Rcpt-To: the envelope)."""
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.mail_dir.glob("*.eml"))
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start the cluster and wait until it answers")
    start.add_argument("--base-port", type=int, default=8100, help="nginx's port; the others follow (8100)")
    start.add_argument("--database", default="trygg_cluster", help="PostgreSQL database (trygg_cluster)")
    start.add_argument("--demo", action="store_true", help="load the demo data (load_demo --force)")
    start.add_argument("--fresh", action="store_true", help="drop the database first")
    start.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server (2)")
    for command in (start, sub.add_parser("stop", help="stop it"), sub.add_parser("status", help="show it")):
        command.add_argument("--dir", default=str(ROOT / ".cluster"), help="its folder (.cluster)")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            ports = Ports.from_base(args.base_port)
            cluster = Cluster(
                args.dir,
                ports=ports,
                database=args.database,
                demo=args.demo,
                fresh=args.fresh,
                workers=args.workers,
            )
            print(f"Starting Trygg's topology in {cluster.dir} (database {args.database})…", flush=True)
            cluster.start()
            print(f"Ready in {cluster.started_in:.0f} s: {cluster.url()}")
            print(f"  app servers {cluster.app_url(0)} and {cluster.app_url(1)}, a task worker")
            print(f"  e-mail goes to {cluster.mail_dir}/, logs to {cluster.dir}/logs/ and nginx/")
            if args.demo:
                print(f"  sign in at {cluster.url('/konto/logga-in/')} as {DEMO_USERS}")
                print(f"  (password {DEMO_PASSWORD})")
            print("Stop it with: make cluster-stop")
        elif args.command == "stop":
            cluster = Cluster.load(args.dir)
            cluster.stop()
            print(f"Stopped the cluster in {cluster.dir}.")
        else:
            cluster = Cluster.load(args.dir)
            for name, proc in cluster.processes.items():
                print(f"{name:7} pid {proc['pid']:<8} {'running' if cluster.alive(name) else 'gone'}")
            status = http_status(cluster.ports.site, "/readyz")
            print(f"{cluster.url('/readyz')}: {status or 'no answer'}")
            return 0 if status == 200 else 1
    except ClusterError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
