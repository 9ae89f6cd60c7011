"""Operations: the entry points refuse the development settings in production, /readyz, the no-store rule
for staff pages and downloads, JSON logs."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.test import RequestFactory

from tests.cycles.factories import MeasureUpdateFactory, public_measure
from trygg import views
from trygg.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
NO_STORE = "private, no-store"


# --- The WSGI and ASGI entry points ----------------------------------------------------------------


def _import_entry_point(module: str, code: str = "", **env) -> subprocess.CompletedProcess:
    """`import <module>` in a fresh interpreter with only the given settings variables."""
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_FORMAT"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}\n{code}"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["trygg.wsgi", "trygg.asgi"])
def test_entry_point_refuses_development_settings_with_debug_off(module):
    result = _import_entry_point(module, DEBUG="False", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr
    assert "sätt DJANGO_SETTINGS_MODULE=trygg.settings_prod" in result.stderr


@pytest.mark.parametrize("module", ["trygg.wsgi", "trygg.asgi"])
def test_entry_point_refuses_development_settings_named_explicitly_with_debug_off(module):
    result = _import_entry_point(
        module, DEBUG="False", SECRET_KEY=secrets.token_urlsafe(64), DJANGO_SETTINGS_MODULE="trygg.settings"
    )
    assert result.returncode == 1
    assert "sätt DJANGO_SETTINGS_MODULE=trygg.settings_prod" in result.stderr


def test_entry_point_starts_with_development_settings_in_development():
    result = _import_entry_point("trygg.wsgi")
    assert result.returncode == 0, result.stderr


def test_entry_points_start_with_production_settings_and_log_json():
    result = _import_entry_point(
        "trygg.wsgi, trygg.asgi",
        "from django.conf import settings; print(settings.LOGGING['handlers']['console'].get('formatter'))",
        DJANGO_SETTINGS_MODULE="trygg.settings_prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="trygg.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "json\n"


def test_production_logs_plain_text_with_log_format_text():
    result = _import_entry_point(
        "trygg.wsgi",
        "from django.conf import settings; print(settings.LOGGING['handlers']['console'].get('formatter'))",
        DJANGO_SETTINGS_MODULE="trygg.settings_prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="trygg.example.org",
        LOG_FORMAT="text",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "None\n"


# --- /readyz and /healthz --------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_reports_each_service_ok(client, settings):
    media_before = sorted(Path(settings.MEDIA_ROOT).iterdir())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "tasks": "ok",
    }
    assert "no-store" in response["Cache-Control"]
    assert sorted(Path(settings.MEDIA_ROOT).iterdir()) == media_before  # the probe file is gone


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_it_raises(client, monkeypatch):
    class DownCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("Error 111 connecting to redis://:secret@10.0.0.5:6379")

    monkeypatch.setattr(views, "cache", DownCache())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "unavailable",
        "storage": "ok",
        "tasks": "ok",
    }
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_keeps_nothing(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_storage_when_media_root_is_not_writable(client, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = not_a_folder
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "ok",
        "storage": "unavailable",
        "tasks": "ok",
    }
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/readyz", "/healthz"])
def test_probes_answer_anonymous_requests_without_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_readyz_stays_open_when_the_site_requires_login_everywhere(client, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.contrib.auth.middleware.LoginRequiredMiddleware"]
    response = client.get("/readyz")
    assert response.status_code == 200


# --- Cache-Control: private, no-store for staff ----------------------------------------------------


@pytest.mark.django_db
def test_workspace_page_is_never_stored(coordinator_client):
    response = coordinator_client.get("/arbete/")
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_admin_page_is_never_stored(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_workspace_csv_download_is_never_stored(coordinator_client):
    response = coordinator_client.get("/arbete/atgarder/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_login_page_is_never_stored(client):
    response = client.get("/konto/logga-in/")
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_workspace_redirect_to_login_is_never_stored(client):
    response = client.get("/arbete/")
    assert response.status_code == 302
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/atgarder/"])
def test_public_page_keeps_its_caching_for_residents(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/atgarder/"])
def test_public_page_is_never_stored_for_a_signed_in_user(coordinator_client, path):
    response = coordinator_client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


# --- JSON logs -----------------------------------------------------------------------------------


def test_development_settings_log_plain_text(settings):
    assert settings.LOG_FORMAT == "text"
    assert "formatter" not in settings.LOGGING["handlers"]["console"]


def test_json_formatter_writes_one_object_per_line_with_request_path_and_status():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("trygg.test_operations")
    logger.addHandler(handler)
    logger.propagate = False
    request = RequestFactory().get("/arbete/atgarder/")
    try:
        logger.warning("Plain %s", "message")
        try:
            raise ValueError("boom\nsecond line")
        except ValueError:
            logger.error(
                "Internal Server Error: %s",
                request.path,
                exc_info=True,
                extra={"request": request, "status_code": 500},
            )
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    plain, failed = (json.loads(line) for line in lines)
    assert datetime.fromisoformat(plain.pop("time")).utcoffset().total_seconds() == 0
    assert plain == {"level": "WARNING", "logger": "trygg.test_operations", "message": "Plain message"}
    failed.pop("time")
    exception = failed.pop("exception")
    assert failed == {
        "level": "ERROR",
        "logger": "trygg.test_operations",
        "message": "Internal Server Error: /arbete/atgarder/",
        "path": "/arbete/atgarder/",
        "status": 500,
    }
    assert exception.startswith("Traceback (most recent call last):")
    assert exception.endswith("ValueError: boom\nsecond line")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/atgarder/", "/atgarder/flode/"])
def test_a_residents_page_is_revalidated_and_answers_304_when_unchanged(client, url):
    MeasureUpdateFactory(measure=public_measure())  # a feed with an entry is dated by it, not by now
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_a_staff_page_has_no_etag_and_is_never_answered_304(coordinator_client):
    response = coordinator_client.get("/arbete/")
    assert response["Cache-Control"] == "private, no-store" and not response.has_header("ETag")
    again = coordinator_client.get("/arbete/", headers={"if-none-match": '"x"'})
    assert again.status_code == 200


def test_sentry_reports_errors_only_when_configured_and_without_personal_data():
    code = (
        "import django; django.setup()\n"
        "import sentry_sdk; client = sentry_sdk.get_client(); o = client.options\n"
        "print(client.is_active(), o['send_default_pii'], o['max_request_body_size'])\n"
    )
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "trygg.settings"}
    base.pop("SENTRY_DSN", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for env in (base, {**base, "SENTRY_DSN": "https://abc@sentry.example.se/1"})
    ]
    assert runs[0][0] == "False"
    assert runs[1] == ["True", "False", "never"]
