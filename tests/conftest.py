"""Shared fixtures: one signed-in client per role (the personas of STYLE.md) and the browser setup."""

import os
import shutil

import pytest

from tests.factories import UserFactory
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


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # live_server serves static files from the finders under their plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def coordinator(db):
    return UserFactory(username="sara", roles=[Role.COORDINATOR])


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    client.user = coordinator
    return client


@pytest.fixture
def police_partner(db):
    return UserFactory(username="per", roles=[Role.PARTNER_EDITOR])


@pytest.fixture
def police_partner_client(client, police_partner):
    client.force_login(police_partner)
    client.user = police_partner
    return client


@pytest.fixture
def other_partner(db):
    return UserFactory(username="bodil", roles=[Role.PARTNER_EDITOR])


@pytest.fixture
def other_partner_client(client, other_partner):
    client.force_login(other_partner)
    client.user = other_partner
    return client


@pytest.fixture
def board_reader(db):
    return UserFactory(username="stina", roles=[Role.BOARD_READER])


@pytest.fixture
def board_client(client, board_reader):
    client.force_login(board_reader)
    client.user = board_reader
    return client


@pytest.fixture
def administrator(db):
    return UserFactory(username="adam", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def admin_client(client, administrator):
    """The administrator role (system owner), not Django's superuser."""
    client.force_login(administrator)
    client.user = administrator
    return client


@pytest.fixture
def no_role_client(client, db):
    user = UserFactory(username="utan-roll", roles=[])
    client.force_login(user)
    client.user = user
    return client


PERSONAS = ["client", "coordinator_client", "police_partner_client", "board_client", "admin_client"]


@pytest.fixture
def persona(request):
    """Parametrise a test over the personas: @pytest.mark.parametrize("persona", PERSONAS, indirect=True)."""
    return request.getfixturevalue(request.param)
