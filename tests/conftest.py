"""Shared fixtures: one signed-in client per role (the personas of every permission test), the browser
setup."""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings

from tests.trygg.factories import UserFactory
from trygg.roles import Role

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to run
# unless told that this is fine (it is: the test is the only user of the connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Settings for the whole run, in each pytest-xdist worker (which has its own test database,
    test_<name>_gw0, …): uploads and stored PDFs go to the worker's own temporary folder, never the
    repository's media/ nor another worker's; a shared cache (Redis) gets a key prefix per worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    caches = {
        alias: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}-test-{worker}"}
        for alias, config in django_settings.CACHES.items()
    }
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        CACHES=caches,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # live_server serves static files from the finders under their plain names.
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty local-memory cache, as with an empty database: the form throttles
    (trygg.throttle) count per hour, and one test's requests must not use up another's. A Redis cache
    is left alone, since clear() would empty it for the other pytest-xdist workers too."""
    if django_settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()


def _signed_in(client, user):
    client.force_login(user)
    client.user = user
    return client


def _persona(username: str, roles: list[Role]):
    """A pair of fixtures: the persona's user, and a test client signed in as that user."""

    @pytest.fixture
    def user(db):
        return UserFactory(username=username, roles=roles)

    return user


# Personas: each role's user and a signed-in client. `admin_client` is the
# administrator role (system owner), not Django's superuser.
coordinator = _persona("sara", [Role.COORDINATOR])
police_partner = _persona("per", [Role.PARTNER_EDITOR])
other_partner = _persona("bodil", [Role.PARTNER_EDITOR])
board_reader = _persona("stina", [Role.BOARD_READER])
administrator = _persona("adam", [Role.ADMINISTRATOR])
no_role_user = _persona("utan-roll", [])


@pytest.fixture
def coordinator_client(client, coordinator):
    return _signed_in(client, coordinator)


@pytest.fixture
def police_partner_client(client, police_partner):
    return _signed_in(client, police_partner)


@pytest.fixture
def other_partner_client(client, other_partner):
    return _signed_in(client, other_partner)


@pytest.fixture
def board_client(client, board_reader):
    return _signed_in(client, board_reader)


@pytest.fixture
def admin_client(client, administrator):
    return _signed_in(client, administrator)


@pytest.fixture
def no_role_client(client, no_role_user):
    return _signed_in(client, no_role_user)


PERSONAS = ["client", "coordinator_client", "police_partner_client", "board_client", "admin_client"]


@pytest.fixture
def persona(request):
    """Parametrise a test over the personas: @pytest.mark.parametrize("persona", PERSONAS, indirect=True)."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus: before it is dropped, end the PostgreSQL sessions that a
    live_server thread may have left open (else "database … is being accessed by other users").
    Under pytest-xdist each worker does this for its own database only (current_database())."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
