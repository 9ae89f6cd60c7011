"""The admin for medborgarlöften: the status action moves a promise, and lines are edited inline."""

import pytest

from cycles.models import CitizenPromise, PromiseStatus
from tests.cycles.factories import (
    CitizenPromiseFactory,
    PromiseLineFactory,
)

pytestmark = pytest.mark.django_db


def test_promise_action_moves_a_promise(coordinator_client):
    promise = CitizenPromiseFactory(status=PromiseStatus.SIGNED)
    coordinator_client.post(
        "/admin/cycles/citizenpromise/",
        {"action": "mark_published", "_selected_action": [promise.pk], "confirm": "yes"},
    )
    assert CitizenPromise.objects.get().status == PromiseStatus.PUBLISHED


def test_promise_change_page_has_lines_inline(coordinator_client):
    promise = CitizenPromiseFactory()
    PromiseLineFactory(promise=promise, text="Polisen är synlig i centrum")
    html = coordinator_client.get(f"/admin/cycles/citizenpromise/{promise.pk}/change/").content.decode()
    assert "Polisen är synlig i centrum" in html
