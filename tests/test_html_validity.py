"""Every public and workspace page is valid HTML: the Nu Html Checker (vnu.jar from the npm package
vnu-jar, run with the machine's Java) reports no errors on any kind of page, for each role."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.crawl import crawl

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEEDS = ("/", "/arbete/")

pytestmark = [pytest.mark.validator, pytest.mark.django_db]


def _pages(client, settings) -> dict[str, str]:
    settings.DEBUG = True  # load_demo runs only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    pages = {}
    users = get_user_model().objects
    for username in (None, "samordnare", "polis", "styrelse"):
        client.logout()
        if username:
            client.force_login(users.get(username=username))
        for url, html in crawl(client, SEEDS):
            pages.setdefault(f"{username or 'invanare'} {url}", html)
    return pages


def test_every_page_passes_the_nu_html_checker(client, settings, tmp_path):
    assert VNU.exists(), "vnu.jar is missing: `make test` installs it with npm ci"
    pages = _pages(client, settings)
    names = {}
    for n, (name, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page{n}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    java = shutil.which("java") or "java"
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--errors-only",
            "--stdout",
            "--skip-non-html",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{names.get(Path(m.get('url', '')).name)}: {m.get('message')} [{m.get('extract', '')[:80]!r}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(pages) > 60
    assert errors == []
