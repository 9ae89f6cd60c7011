"""A checklist item marked done in the admin obeys the workspace's rule: evidence, or a written reason
why there is none (cycles.services.cycle.tick_item), with the same Swedish message."""

import datetime

import pytest
from django.utils import timezone

from cycles.models import ChecklistItem
from cycles.services.cycle import MISSING_EVIDENCE
from tests.cycles.factories import ChecklistItemFactory
from tests.trygg.test_conflicts import post_data

pytestmark = pytest.mark.django_db


def _open(client, item):
    url = f"/admin/cycles/checklistitem/{item.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    return url, post_data(page.content.decode(), "checklistitem_form")


def _yesterday() -> str:
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def test_the_form_has_the_reason_field(coordinator_client):
    _url, data = _open(coordinator_client, ChecklistItemFactory())
    assert "no_evidence_reason" in data


def test_done_without_evidence_or_reason_is_refused(coordinator_client):
    item = ChecklistItemFactory()
    url, data = _open(coordinator_client, item)

    response = coordinator_client.post(url, {**data, "done_on": _yesterday(), "no_evidence_reason": "  "})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["no_evidence_reason"] == [str(MISSING_EVIDENCE)]
    assert str(MISSING_EVIDENCE) in response.content.decode()
    assert ChecklistItem.objects.get(pk=item.pk).done_on is None


def test_done_with_a_reason_is_saved_with_who_marked_it(coordinator_client, coordinator):
    item = ChecklistItemFactory()
    url, data = _open(coordinator_client, item)

    reason = "Beslutet togs muntligt på mötet."
    response = coordinator_client.post(url, {**data, "done_on": _yesterday(), "no_evidence_reason": reason})

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_on.isoformat(), item.no_evidence_reason, item.done_by) == (
        _yesterday(),
        reason,
        coordinator,
    )


def test_done_with_evidence_needs_no_reason_and_undoing_clears_who(coordinator_client):
    item = ChecklistItemFactory()
    url, data = _open(coordinator_client, item)
    data = {**data, "done_on": _yesterday(), "evidence_url": "https://example.org/beslut"}
    assert coordinator_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.done_by is not None

    url, data = _open(coordinator_client, item)
    assert coordinator_client.post(url, {**data, "done_on": ""}).status_code == 302
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (None, None)
