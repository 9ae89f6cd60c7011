"""Who may see and do what with measures: roles × (own measure, other actor's measure, measure in a
draft plan, internal measure). The rules and `Measure.objects.visible_to(user)` are checked together,
and the workspace pages answer 404 (not visible), 403 (visible, not allowed) or 200."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cycles.models import Measure, MeasureUpdate, PlanStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureUpdateFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import CauseAnalysisFactory
from tests.personas import ALL_PERSONAS
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


CASES = ["own", "other", "draft", "internal"]


# persona: {case: (view, post update, edit public text)}
EXPECT = {
    "client": {c: (c in ("own", "other"), False, False) for c in CASES},
    "coordinator_client": {
        "own": (True, True, True),
        "other": (True, True, True),
        "draft": (True, False, True),  # no lägesrapporter before the plan is decided
        "internal": (True, True, True),
    },
    "police_partner_client": {
        "own": (True, True, True),
        "other": (True, False, False),
        "draft": (True, False, True),
        "internal": (False, False, False),
    },
    # Bodil's actor only contributes to "other" and "internal": she reports on its part, but the text
    # for residents stays the lead's.
    "other_partner_client": {
        "own": (True, False, False),
        "other": (True, True, False),
        "draft": (False, False, False),
        "internal": (True, True, False),
    },
    "board_client": {c: (True, False, False) for c in CASES},
    "admin_client": {c: (c in ("own", "other"), False, False) for c in CASES},
    "no_role_client": {c: (c in ("own", "other"), False, False) for c in CASES},
}


@pytest.fixture
def measures(police_partner, other_partner):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    draft_plan = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC)
    return {
        "own": public_measure(plan=plan, lead_actor=police, slug="egen"),
        "other": public_measure(plan=plan, lead_actor=third, slug="annan", contributors=[housing]),
        "draft": public_measure(plan=draft_plan, lead_actor=police, slug="utkast"),
        "internal": public_measure(
            plan=plan, lead_actor=third, slug="intern", visibility=Visibility.INTERNAL, contributors=[housing]
        ),
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_rules_and_visible_to_agree_with_the_matrix(persona, request, measures):
    name = request.node.callspec.params["persona"]
    user = getattr(persona, "user", None) or AnonymousUser()
    visible = set(Measure.objects.visible_to(user))
    for case, measure in measures.items():
        view, post, text = EXPECT[name][case]
        assert user.has_perm("cycles.view_measure", measure) is view, (name, case, "view")
        assert (measure in visible) is view, (name, case, "visible_to")
        assert user.has_perm("cycles.post_measure_update", measure) is post, (name, case, "post")
        assert user.has_perm("cycles.change_measure_text", measure) is text, (name, case, "text")


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("page", ["rapport", "text"])
def test_workspace_pages_answer_404_403_or_200(persona, request, measures, page):
    name = request.node.callspec.params["persona"]
    for case, measure in measures.items():
        view, post, text = EXPECT[name][case]
        allowed = post if page == "rapport" else text
        response = persona.get(f"/arbete/atgarder/{measure.slug}/{page}/")
        if name == "client":
            assert response.status_code == 302 and "/konto/" in response["Location"]
            continue
        expected = 200 if allowed else (403 if view else 404)
        assert response.status_code == expected, (name, case, page)


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_public_page_shows_only_public_measures_to_everyone(persona, measures):
    for case, measure in measures.items():
        expected = 200 if case in ("own", "other") else 404
        assert persona.get(f"/atgarder/{measure.slug}/").status_code == expected


def test_partner_posts_an_update_on_own_measure_that_waits_for_approval(police_partner_client, measures):
    measure = measures["own"]
    response = police_partner_client.post(
        f"/arbete/atgarder/{measure.slug}/rapport/",
        {"date": "2025-10-01", "status": "ongoing", "progress": "40", "text": "Tio kvällar i oktober."},
    )
    assert response.status_code == 302
    update = MeasureUpdate.objects.get()
    assert update.needs_approval and not update.is_approved
    assert update.author == police_partner_client.user


def test_partner_cannot_post_on_another_actors_measure(police_partner_client, measures):
    response = police_partner_client.post(
        f"/arbete/atgarder/{measures['other'].slug}/rapport/",
        {"date": "2025-10-01", "status": "ongoing", "progress": "40", "text": "x"},
    )
    assert response.status_code == 403
    assert not MeasureUpdate.objects.exists()


def test_partner_edits_only_the_public_text(police_partner_client, measures):
    measure = measures["own"]
    police_partner_client.post(
        f"/arbete/atgarder/{measure.slug}/text/",
        {
            "public_text": "Ny text",
            "loaded_version": measure.version,
            "title": "Kapad",
            "internal_notes": "x",
        },
    )
    measure.refresh_from_db()
    # The partner's text waits for a coordinator; nothing else of the measure changes.
    assert measure.public_text != "Ny text"
    assert measure.title != "Kapad" and measure.internal_notes == ""
    change = measure.text_changes.get()
    assert (change.text, change.author, change.review) == ("Ny text", police_partner_client.user, "waiting")


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("coordinator_client", 200),
        ("police_partner_client", 403),
        ("board_client", 403),
        ("admin_client", 403),
    ],
    indirect=["persona"],
)
def test_only_coordinators_approve(persona, expected, measures):
    update = MeasureUpdateFactory(measure=measures["own"], approved_at=None, needs_approval=True)
    assert persona.get("/arbete/atgarder/granska/").status_code == expected
    assert persona.get(f"/arbete/atgarder/rapporter/{update.pk}/godkann/").status_code == expected
    persona.post(f"/arbete/atgarder/rapporter/{update.pk}/godkann/", {"decision": "approved"})
    update.refresh_from_db()
    assert update.is_approved is (expected == 200)


def test_approval_is_not_done_on_get(coordinator_client, measures):
    update = MeasureUpdateFactory(measure=measures["own"], approved_at=None, needs_approval=True)
    response = coordinator_client.get(f"/arbete/atgarder/rapporter/{update.pk}/godkann/")
    assert "Godkänn och publicera" in response.content.decode()
    update.refresh_from_db()
    assert not update.is_approved


@pytest.mark.parametrize(
    "persona,overview,mine",
    [
        ("client", 302, 302),
        ("coordinator_client", 200, 403),
        ("police_partner_client", 403, 200),
        ("board_client", 200, 403),
        ("no_role_client", 403, 403),
    ],
    indirect=["persona"],
)
def test_overview_and_my_measures_access(persona, overview, mine, measures):
    assert persona.get("/arbete/atgarder/").status_code == overview
    assert persona.get("/arbete/atgarder/export.csv").status_code == overview
    assert persona.get("/arbete/atgarder/mina/").status_code == mine


def test_causes_factory_links_problem():
    measure = public_measure(causes=[CauseAnalysisFactory()])
    assert measure.problems.count() == 1
