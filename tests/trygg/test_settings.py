"""Configuration from the environment: production settings pass check --deploy, secrets are required."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings",
        "trygg.settings_prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="trygg.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_with_debug_off_fails_with_clear_message():
    result = _manage("check", DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY saknas" in result.stderr


def test_development_defaults_are_swedish():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"


def test_dates_and_numbers_are_formatted_the_swedish_way():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("sv"):
        html = Template("{% load trygg %}{{ d }}|{{ n|sv_number }}|{{ x|sv_number:1 }}").render(
            Context({"d": datetime.date(2026, 3, 9), "n": 1234567, "x": 12.345})
        )
    assert html == "2026-03-09|1\xa0234\xa0567|12,3"
