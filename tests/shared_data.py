"""Data that several tests of a module start from, loaded once for the module instead of once per test."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def load_demo() -> str:
    """`manage.py load_demo` (which runs only with DEBUG on), returning what it wrote."""
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def loaded_once_per_module(load):
    """A fixture for a module whose every test starts from the same data (the demo takes seconds to
    load): load() runs once, before the module's first test, in a transaction that is rolled back
    after its last one. Each test runs in a savepoint inside it (pytest-django's `db`), so what a test
    changes is undone before the next. Autouse, so no test of the module runs without the data; not
    for transactional_db or live_server tests. The fixture's value is what load() returned.

        loaded_demo = loaded_once_per_module(load_demo)

    Under pytest-xdist each worker that runs some of the module's tests loads it once for them
    (`make test` hands out tests in runs of neighbours, --dist worksteal, so mostly one worker)."""

    @pytest.fixture(scope="module", autouse=True)
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield load()
            transaction.set_rollback(True)

    return fixture
