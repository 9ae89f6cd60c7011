"""The admin for follow-ups: pages open, and the status and who approved stay read-only."""

import pytest

from cycles.services import followup as followup_services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(police_partner, other_partner):
    """Polisen leads "egen" (Bostadsbolaget contributes); a third actor leads "annan" (public) and
    "intern" (internal, Bostadsbolaget contributes); all in the period's cycle."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    measures = {
        "own": public_measure(
            plan=plan, lead_actor=police, slug="egen", title="Polisen i centrum", contributors=[housing]
        ),
        "other": public_measure(plan=plan, lead_actor=third, slug="annan", title="Brandskydd i skolan"),
        "internal": public_measure(
            plan=plan,
            lead_actor=third,
            slug="intern",
            title="Intern kartläggning",
            visibility=Visibility.INTERNAL,
            contributors=[housing],
        ),
    }
    return {"period": period, "police": police, "housing": housing, "third": third, **measures}


def test_admin_pages_open_and_status_is_read_only(coordinator_client, world):
    from cycles.models import FollowUpReminder

    follow_up = followup_services.start_follow_up(
        period=world["period"], measure=world["own"], by=UserFactory(roles=[Role.COORDINATOR])
    )
    reminder = FollowUpReminder.objects.create(
        period=world["period"], measure=world["other"], sent_to="a@b.se"
    )
    for url in [
        "/admin/cycles/followupperiod/",
        f"/admin/cycles/followupperiod/{world['period'].pk}/change/",
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
