"""What the loopback cluster (deploy/cluster.py) needs besides its processes: free ports, probes, the
nginx configuration made from the shipped deploy/nginx/ files, and a minimal Redis client (standard
library only, so `deploy/cluster.py stop` runs with any Python 3.12)."""

import contextlib
import grp
import http.client
import pwd
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy" / "nginx"
HOST = "127.0.0.1"


class ClusterError(RuntimeError):
    pass


@dataclass(frozen=True)
class Ports:
    site: int
    app1: int
    app2: int
    http: int
    mail: int

    @classmethod
    def from_base(cls, base: int) -> "Ports":
        return cls(base, base + 1, base + 2, base + 3, base + 4)

    @classmethod
    def free(cls) -> "Ports":
        """Five ports the kernel says are free on loopback right now."""
        return cls(*free_ports(5))


def free_ports(count: int) -> list[int]:
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in socks]


def free_port() -> int:
    return free_ports(1)[0]


def run(argv: list, *, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """A command with its arguments (no shell), its output captured; failing loudly unless check=False."""
    argv = [str(a) for a in argv]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if check and result.returncode:
        raise ClusterError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        hint = {"nginx": "apt-get install nginx", "psql": "apt-get install postgresql-client"}.get(name, "")
        raise ClusterError(f"{name} is missing ({hint})")
    return found


def venv_bin(name: str) -> str:
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (folder / name).exists():
            return str(folder / name)
    raise ClusterError(f"{name} not found next to {sys.executable} nor in .venv/bin (make install)")


def started_at(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (pids are reused; this with the pid is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]


def http_status(port: int, path: str, *, proxied_https: bool = False, timeout: float = 3.0) -> int | None:
    headers = {"X-Forwarded-Proto": "https"} if proxied_https else {}
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def nobody() -> tuple[int, int, str]:
    """The unprivileged user nginx runs as when we are root: uid, gid and group name (Debian: nogroup)."""
    for group in ("nogroup", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam("nobody").pw_uid, grp.getgrnam(group).gr_gid, group
    raise ClusterError("no user nobody with group nogroup or nobody")


def enterable_by_others(path: Path) -> bool:
    """Whether a user who owns nothing (nginx as nobody) can reach path: o+x on it and every parent."""
    return all(folder.stat().st_mode & 0o001 for folder in (path, *path.parents))


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


# --- nginx: the shipped files, with ports and paths of this run --------------------------------------


def rewrites(ports: Ports, conf: Path, static_root: Path, media_root: Path, tls) -> list[tuple]:
    """(file, pattern, replacement, how many times it must match or None for at least once): a str
    pattern is replaced literally, a compiled one as a regular expression. A shipped file that no longer
    matches stops the cluster, so what the tests run stays what an operator installs."""
    site_listen = f"listen {HOST}:{ports.site} ssl http2;" if tls else f"listen {HOST}:{ports.site};"
    rules = [
        ("trygg.conf", "server 127.0.0.1:8101 ", f"server {HOST}:{ports.app1} ", 1),
        ("trygg.conf", "server 127.0.0.1:8102 ", f"server {HOST}:{ports.app2} ", 1),
        ("trygg.conf", "listen 80;", f"listen {HOST}:{ports.http};", 1),
        ("trygg.conf", "listen 443 ssl http2;", site_listen, 1),
        ("trygg.conf", re.compile(r"(?m)^[ \t]*listen \[::\]:(80|443 ssl http2);.*\n"), "", 2),
        ("trygg.conf", "/srv/trygg/deploy/nginx/", f"{conf}/", None),
        ("trygg-site.conf", "/srv/trygg/staticfiles/", f"{static_root}/", None),
        ("trygg-site.conf", "/srv/trygg/deploy/nginx/", f"{conf}/", None),
        ("trygg-files.conf", "/var/lib/trygg/media/", f"{media_root}/", None),
    ]
    if tls:
        cert, key = tls
        rules += [
            (
                "trygg.conf",
                re.compile(r"(?m)^([ \t]*)ssl_certificate \S+;"),
                rf"\g<1>ssl_certificate {cert};",
                1,
            ),
            (
                "trygg.conf",
                re.compile(r"(?m)^([ \t]*)ssl_certificate_key \S+;"),
                rf"\g<1>ssl_certificate_key {key};",
                1,
            ),
        ]
    else:  # plain http standing in for the TLS server (see the module's docstring)
        rules += [
            ("trygg.conf", re.compile(r"(?m)^[ \t]*ssl_\w+ .*;.*\n"), "", 5),
            ("trygg-proxy.conf", "X-Forwarded-Proto $scheme;", "X-Forwarded-Proto https;", 1),
        ]
    return rules


def render_nginx(
    folder: Path, ports: Ports, *, static_root: Path, media_root: Path, tls: tuple[Path, Path] | None = None
) -> Path:
    """Write nginx.conf for this run into folder (with conf/ holding the rewritten deploy/nginx files,
    temp/ and the logs) and return its path. `tls=(cert, key)` keeps the TLS server as shipped."""
    conf = folder / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    texts = {p.name: p.read_text() for p in sorted(NGINX_DIR.glob("*.conf"))}
    for name, pattern, replacement, count in rewrites(ports, conf, static_root, media_root, tls):
        if isinstance(pattern, str):
            found = texts[name].count(pattern)
            texts[name] = texts[name].replace(pattern, replacement)
        else:
            texts[name], found = pattern.subn(replacement, texts[name])
        if found != count if count is not None else not found:
            shown = pattern if isinstance(pattern, str) else pattern.pattern
            raise ClusterError(f"deploy/nginx/{name}: expected {shown!r} {count} times, found it {found}")
    for name, text in texts.items():
        code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
        if "/srv/trygg" in code or "/var/lib/trygg" in code:
            raise ClusterError(f"deploy/nginx/{name} names a production path the cluster does not rewrite")
        (conf / name).write_text(text)
    temp = folder / "temp"
    temps = "\n".join(
        f"    {kind}_temp_path {temp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    path = folder / "nginx.conf"
    path.write_text(
        f"# Generated by deploy/cluster.py from deploy/nginx/*.conf; rewritten each start.\n"
        f"worker_processes 2;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        f"events {{\n    worker_connections 1024;\n}}\n"
        f"http {{\n    {mime}\n    default_type application/octet-stream;\n    sendfile on;\n"
        f"    access_log {folder / 'access.log'};\n{temps}\n    include {conf / 'trygg.conf'};\n}}\n"
    )
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / kind).mkdir(parents=True, exist_ok=True)
    return path


# --- Redis without a client library (the cluster script needs only the standard library) ------------


def redis(url: str, *commands: list[str]) -> list:
    """Send commands over RESP and return their replies (errors as ClusterError)."""
    parts = urlsplit(url)
    db = (parts.path or "/0").strip("/") or "0"
    with socket.create_connection((parts.hostname or HOST, parts.port or 6379), timeout=5) as sock:
        stream = sock.makefile("rwb")
        for command in (["SELECT", db], *commands):
            stream.write(f"*{len(command)}\r\n".encode())
            for arg in command:
                data = str(arg).encode()
                stream.write(b"$%d\r\n%s\r\n" % (len(data), data))
        stream.flush()
        return [resp(stream) for _ in range(len(commands) + 1)][1:]


def resp(stream):
    line = stream.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind == b"-":
        raise ClusterError(f"Redis: {rest.decode()}")
    if kind in (b"+", b":"):
        return rest.decode() if kind == b"+" else int(rest)
    if kind == b"$":
        return None if int(rest) < 0 else stream.read(int(rest) + 2)[:-2].decode()
    if kind == b"*":
        return [resp(stream) for _ in range(int(rest))]
    raise ClusterError(f"Redis: unexpected reply {line!r}")


def redis_answers(url: str) -> bool:
    try:
        return redis(url, ["PING"]) == ["PONG"]
    except (OSError, ClusterError):
        return False


def redis_delete_prefix(url: str, prefix: str) -> None:
    cursor = "0"
    while True:
        ((cursor, keys),) = redis(url, ["SCAN", cursor, "MATCH", f"{prefix}:*", "COUNT", "1000"])
        if keys:
            redis(url, ["DEL", *keys])
        if cursor == "0":
            return
