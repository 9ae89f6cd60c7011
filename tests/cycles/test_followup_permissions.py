"""Who may see and write follow-ups: every follow-up URL × every persona (404, 403 or 200), and nothing
is created on GET."""

import pytest

from cycles.models import FollowUp, FollowUpStatus
from tests.cycles.factories import (
    FollowUpFactory,
    follow_up_post_data,
    follow_up_url,
    public_measure,
)
from tests.personas import ALL_PERSONAS

pytestmark = pytest.mark.django_db


def _name(request):
    return request.node.callspec.params["persona"]


# persona: {case: (status on GET, may write)}
EDIT_EXPECT = {
    "coordinator_client": {"own": (200, True), "other": (200, True), "internal": (200, True)},
    "police_partner_client": {"own": (200, True), "other": (403, False), "internal": (404, False)},
    # Bodil's actor contributes to "own" and "intern": she reads those follow-ups, writes none.
    "other_partner_client": {"own": (200, False), "other": (403, False), "internal": (200, False)},
    "board_client": {"own": (200, False), "other": (200, False), "internal": (200, False)},
    "admin_client": {"own": (403, False), "other": (403, False), "internal": (404, False)},
    "no_role_client": {"own": (403, False), "other": (403, False), "internal": (404, False)},
}


# persona: {case: status} for the coordinator's confirm pages (GET and POST)
MOVE_EXPECT = {
    "coordinator_client": {"own": 200, "other": 200, "internal": 200},
    "police_partner_client": {"own": 403, "other": 403, "internal": 404},
    "other_partner_client": {"own": 403, "other": 403, "internal": 403},
    "board_client": {"own": 403, "other": 403, "internal": 403},
    "admin_client": {"own": 403, "other": 403, "internal": 404},
    "no_role_client": {"own": 403, "other": 403, "internal": 404},
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_edit_page_answers_by_role_and_creates_nothing_on_get(persona, request, followup_world):
    name = _name(request)
    for case in ("own", "other", "internal"):
        response = persona.get(follow_up_url(followup_world["period"], followup_world[case]))
        if name == "client":
            assert response.status_code == 302 and "/konto/" in response["Location"]
            continue
        status, may_write = EDIT_EXPECT[name][case]
        assert response.status_code == status, (name, case)
        if status == 200:
            assert response.context["can_write"] is may_write, (name, case)
            assert ('name="done_text"' in response.content.decode()) is may_write
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_edit_post_saves_only_for_those_who_may_write(persona, request, followup_world):
    name = _name(request)
    for case in ("own", "other", "internal"):
        response = persona.post(
            follow_up_url(followup_world["period"], followup_world[case]), follow_up_post_data(action="spara")
        )
        saved = FollowUp.objects.filter(measure=followup_world[case]).exists()
        if name == "client":
            assert response.status_code == 302 and not saved
            continue
        status, may_write = EDIT_EXPECT[name][case]
        assert saved is may_write, (name, case)
        assert response.status_code == (302 if may_write else (403 if status == 200 else status)), (
            name,
            case,
        )


def test_a_measure_outside_the_period_answers_404(coordinator_client, followup_world):
    outside = public_measure()  # a plan in another cycle
    assert coordinator_client.get(follow_up_url(followup_world["period"], outside)).status_code == 404
    assert (
        coordinator_client.get(f"/arbete/uppfoljning/999999/{followup_world['own'].slug}/").status_code == 404
    )


@pytest.mark.parametrize(
    "persona,overview,mine,periods",
    [
        ("client", 302, 302, 302),
        ("coordinator_client", 200, 403, 200),
        ("police_partner_client", 403, 200, 403),
        ("other_partner_client", 403, 200, 403),
        ("board_client", 200, 403, 403),
        ("admin_client", 403, 403, 403),
        ("no_role_client", 403, 403, 403),
    ],
    indirect=["persona"],
)
def test_lists_and_period_pages_by_role(persona, overview, mine, periods, followup_world):
    period = followup_world["period"]
    assert persona.get("/arbete/uppfoljning/").status_code == overview
    assert persona.get("/arbete/uppfoljning/mina/").status_code == mine
    assert persona.get("/arbete/uppfoljning/perioder/ny/").status_code == periods
    assert persona.get(f"/arbete/uppfoljning/perioder/{period.pk}/andra/").status_code == periods
    persona.post(
        f"/arbete/uppfoljning/perioder/{period.pk}/andra/",
        {"cycle": period.cycle_id, "name": "Kapad", "starts_on": "2025-01-01", "ends_on": "2025-12-31",
         "closes_on": "2026-01-31", "remind_days_before": "7", "loaded_version": period.version},
    )  # fmt: skip
    period.refresh_from_db()
    assert (period.name == "Kapad") is (periods == 200)


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("move", ["godkann", "skicka-tillbaka"])
def test_move_pages_are_for_coordinators_only(persona, request, followup_world, move):
    name = _name(request)
    for case in ("own", "other", "internal"):
        follow_up = FollowUpFactory(
            period=followup_world["period"], measure=followup_world[case], status=FollowUpStatus.SUBMITTED
        )
        url = follow_up_url(followup_world["period"], followup_world[case], move)
        get = persona.get(url)
        post = persona.post(url, {"version": follow_up.version, "reason": ""})
        follow_up.refresh_from_db()
        if name == "client":
            assert get.status_code == 302 and "/konto/" in get["Location"]
            assert follow_up.status == FollowUpStatus.SUBMITTED
            continue
        expected = MOVE_EXPECT[name][case]
        assert get.status_code == expected, (name, case)
        assert post.status_code == (302 if expected == 200 else expected), (name, case)
        moved = FollowUpStatus.APPROVED if move == "godkann" else FollowUpStatus.DRAFT
        assert follow_up.status == (moved if expected == 200 else FollowUpStatus.SUBMITTED), (name, case)


def test_move_page_answers_404_before_there_is_a_follow_up_and_for_unknown_moves(
    coordinator_client, followup_world
):
    assert (
        coordinator_client.get(
            follow_up_url(followup_world["period"], followup_world["own"], "godkann")
        ).status_code
        == 404
    )
    FollowUpFactory(period=followup_world["period"], measure=followup_world["own"])
    assert (
        coordinator_client.get(
            follow_up_url(followup_world["period"], followup_world["own"], "radera")
        ).status_code
        == 404
    )
