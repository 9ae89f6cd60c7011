"""What an operator installs from deploy/ agrees with itself and with the code: the TLS server nginx
checks, every environment variable the settings read is in trygg.env.example, every command a systemd
unit runs exists with the options it is given, and the uploads folder is the same everywhere."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.loopback import Ports, render_nginx

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
# Settings that production does not take from the environment (settings_prod sets DEBUG = False).
NOT_FOR_PRODUCTION = {"DEBUG"}


def test_the_shipped_tls_server_passes_nginx_t(tmp_path):
    """The part of deploy/nginx/trygg.conf the loopback cluster leaves out, the TLS server, checked by
    nginx itself with a self-signed certificate in place of the real one."""
    openssl = shutil.which("openssl")
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert openssl, "openssl is missing"
    assert nginx, "nginx is missing (apt-get install nginx)"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subject = ["-subj", "/CN=trygg.test", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *subject],
        check=True,
        capture_output=True,
    )
    folder = tmp_path / "nginx"
    conf = render_nginx(folder, Ports.free(), static_root=tmp_path, media_root=tmp_path, tls=(cert, key))

    checked = subprocess.run(
        [nginx, "-t", "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    site = (folder / "conf" / "trygg.conf").read_text()
    assert f"ssl_certificate {cert};" in site
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site
    assert "X-Forwarded-Proto $scheme;" in (folder / "conf" / "trygg-proxy.conf").read_text()


def settings_variables() -> set[str]:
    text = "".join((ROOT / "trygg" / name).read_text() for name in ("settings.py", "settings_prod.py"))
    return set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', text))


def example_variables() -> dict[str, str]:
    """VARIABLE=value of deploy/trygg.env.example, the commented-out optional ones included."""
    text = (DEPLOY / "trygg.env.example").read_text()
    return dict(re.findall(r"(?m)^#?([A-Z][A-Z0-9_]*)=(.*)$", text))


def test_the_env_example_names_every_variable_the_settings_read():
    missing = settings_variables() - NOT_FOR_PRODUCTION - set(example_variables())

    assert not missing, f"add to deploy/trygg.env.example: {sorted(missing)}"


def unit_lines(key: str) -> list[tuple[str, str]]:
    return [
        (unit.name, line.split("=", 1)[1])
        for unit in sorted((DEPLOY / "systemd").glob("*.service"))
        for line in unit.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]


def test_every_command_the_systemd_units_run_exists_with_its_options():
    commands = []
    for unit, line in unit_lines("ExecStart"):
        argv = shlex.split(line)
        assert argv[0].startswith("/srv/trygg/.venv/bin/"), unit
        if "manage.py" in argv:
            commands.append(argv[argv.index("manage.py") + 1 :])
        else:
            assert argv[:2] == ["/srv/trygg/.venv/bin/gunicorn", "-c"], unit
            assert (ROOT / argv[2].removeprefix("/srv/trygg/")).exists(), unit
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings_prod",
        "SECRET_KEY": "x" * 60,
        "TASKS_BACKEND": "database",
        "UNIT_COMMANDS": json.dumps(commands),
    }
    code = (
        "import json, os\n"
        "from django.core.management import get_commands, load_command_class\n"
        "for name, *options in json.loads(os.environ['UNIT_COMMANDS']):\n"
        "    command = load_command_class(get_commands()[name], name)\n"
        "    command.create_parser('manage.py', name).parse_args(options)\n"
        "print('ok')\n"
    )

    checked = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert {c[0] for c in commands} >= {"db_worker", "refresh_kolada", "prune_db_task_results"}
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().endswith("ok")


def test_the_uploads_folder_is_the_same_in_the_units_the_env_example_and_nginx():
    media = example_variables()["MEDIA_ROOT"]
    alias = re.search(r"alias (\S+);", (DEPLOY / "nginx" / "trygg-files.conf").read_text()).group(1)

    assert alias == f"{media}/"
    assert {paths for _, paths in unit_lines("ReadWritePaths")} == {media}
    assert {paths for _, paths in unit_lines("EnvironmentFile")} == {"/etc/trygg/trygg.env"}
    nginx = "\n".join(
        line.split("#", 1)[0]
        for path in (DEPLOY / "nginx").glob("*.conf")
        for line in path.read_text().splitlines()
    )
    assert not re.search(r"location\s+(\S+\s+)?/media", nginx), "nothing may serve MEDIA_ROOT directly"
