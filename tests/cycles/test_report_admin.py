"""The admin for follow-up reports: a frozen report is read-only and cannot be deleted."""

import pytest

from tests.cycles.factories import (
    FollowUpReportFactory,
    finalise,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_admin_keeps_frozen_reports_read_only_and_undeletable(coordinator_client):
    draft = FollowUpReportFactory()
    frozen = finalise(FollowUpReportFactory())
    assert coordinator_client.get("/admin/cycles/followupreport/?q=" + frozen.title).status_code == 200
    assert coordinator_client.get("/admin/cycles/followupreport/add/").status_code == 403

    page = coordinator_client.get(f"/admin/cycles/followupreport/{frozen.pk}/change/")
    fields = page.context["adminform"].form.fields
    assert set(fields) == {"loaded_version"}
    assert coordinator_client.get(f"/admin/cycles/followupreport/{frozen.pk}/delete/").status_code == 403

    page = coordinator_client.get(f"/admin/cycles/followupreport/{draft.pk}/change/")
    fields = set(page.context["adminform"].form.fields)
    assert fields == {"title", "diary_number", "introduction", "conclusions", "loaded_version"}
    assert "status" not in fields and "steering_decision" not in fields
    changelist = coordinator_client.get("/admin/cycles/followupreport/")
    assert "delete_selected" not in changelist.content.decode()
