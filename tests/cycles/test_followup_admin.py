"""The admin for follow-ups: pages open, and the status and who approved stay read-only."""

import pytest

from cycles.services import followup as followup_services
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = pytest.mark.django_db


def test_admin_pages_open_and_status_is_read_only(coordinator_client, followup_world):
    from cycles.models import FollowUpReminder

    follow_up = followup_services.start_follow_up(
        period=followup_world["period"],
        measure=followup_world["own"],
        by=UserFactory(roles=[Role.COORDINATOR]),
    )
    reminder = FollowUpReminder.objects.create(
        period=followup_world["period"], measure=followup_world["other"], sent_to="a@b.se"
    )
    for url in [
        "/admin/cycles/followupperiod/",
        f"/admin/cycles/followupperiod/{followup_world['period'].pk}/change/",
        "/admin/cycles/followupperiod/add/",
        "/admin/cycles/followup/",
        f"/admin/cycles/followup/{follow_up.pk}/change/",
        f"/admin/cycles/followup/{follow_up.pk}/history/",
        "/admin/cycles/followupreminder/",
        f"/admin/cycles/followupreminder/{reminder.pk}/change/",
    ]:
        assert coordinator_client.get(url).status_code == 200, url
    assert coordinator_client.get("/admin/cycles/followup/add/").status_code == 403
    assert coordinator_client.get("/admin/cycles/followupreminder/add/").status_code == 403
    change = coordinator_client.get(f"/admin/cycles/followup/{follow_up.pk}/change/").content.decode()
    assert 'name="status"' not in change
    assert 'name="commitments-0-kept"' in change
