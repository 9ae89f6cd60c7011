"""Who may see and change which lägesbild, problem and dialogue: the workspace pages over every persona,
the object rules, and visible_to() checked against the rules so that lists and single objects agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from actors.models import ActorKind
from lagesbild.models import Dialogue, Problem, ReportStatus, SituationReport
from tests.actors.factories import ActorFactory, ContactFactory
from tests.lagesbild.factories import DialogueFactory, ProblemFactory, SituationReportFactory
from trygg.visibility import Visibility

ALL_PERSONAS = [
    "client",
    "coordinator_client",
    "police_partner_client",
    "other_partner_client",
    "board_client",
    "admin_client",
]


@pytest.fixture
def world(db, police_partner, other_partner, board_reader):
    """The police's and the municipality's reports in several states; the police editor and the housing
    company's editor are linked to their actors."""
    police = ActorFactory(name="Polisen LPO Nybro", kind=ActorKind.POLICE)
    municipality = ActorFactory(name="Tingsryds kommun", kind=ActorKind.MUNICIPALITY)
    housing = ActorFactory(name="Tingsryds Bostäder AB", kind=ActorKind.MUNICIPAL_COMPANY)
    ContactFactory(actor=police, user=police_partner)
    ContactFactory(actor=housing, user=other_partner)
    ContactFactory(actor=municipality, user=board_reader)
    return {
        "police_draft": SituationReportFactory(author=police, kind="polisens", title="Polisens utkast"),
        "police_adopted": SituationReportFactory(author=police, kind="polisens", adopted=True),
        "municipal_draft": SituationReportFactory(author=municipality, title="Kommunens utkast"),
        "municipal_confidential": SituationReportFactory(
            author=municipality, visibility=Visibility.CONFIDENTIAL, title="Sekretess"
        ),
        "joint_public": SituationReportFactory(author=municipality, kind="gemensam", public=True),
        "housing_dialogue": DialogueFactory(organiser=housing),
        "police_dialogue": DialogueFactory(organiser=police),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("no_role_client", 403),
        ("coordinator_client", 200),
        ("police_partner_client", 200),
        ("other_partner_client", 200),
        ("board_client", 200),
        ("admin_client", 200),
    ],
)
@pytest.mark.parametrize("url", ["/arbete/lagesbild/", "/arbete/problem/", "/arbete/dialoger/"])
def test_workspace_lists_by_persona(request, world, persona, expected, url):
    response = request.getfixturevalue(persona).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize(
    ("persona", "report", "expected"),
    [
        ("coordinator_client", "police_draft", 200),
        ("coordinator_client", "municipal_draft", 200),
        ("police_partner_client", "police_draft", 200),
        ("police_partner_client", "municipal_draft", 404),
        ("police_partner_client", "police_adopted", 403),  # adopted: a new version, not an edit
        ("other_partner_client", "police_draft", 404),
        ("board_client", "municipal_draft", 403),  # reads it, may not edit it
        ("admin_client", "municipal_draft", 404),
        ("client", "police_draft", 302),
    ],
)
def test_edit_page_of_a_report_by_persona(request, world, persona, report, expected):
    response = request.getfixturevalue(persona).get(f"/arbete/lagesbild/{world[report].pk}/andra/")
    assert response.status_code == expected


def test_police_partner_edits_the_police_report(police_partner_client, world):
    report = world["police_draft"]
    response = police_partner_client.post(
        f"/arbete/lagesbild/{report.pk}/andra/",
        {
            "title": "Polisens lägesbild, reviderad",
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "survey": "<p>Ny kartläggning</p>",
            "loaded_version": report.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.survey) == ("Polisens lägesbild, reviderad", "<p>Ny kartläggning</p>")


def test_police_partner_cannot_post_to_the_municipal_report(police_partner_client, world):
    report = world["municipal_draft"]
    response = police_partner_client.post(
        f"/arbete/lagesbild/{report.pk}/andra/",
        {"title": "Kapad", "period_start": "2023-01-01", "period_end": "2024-12-31", "loaded_version": 0},
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.title == "Kommunens utkast"


def test_police_partner_sends_own_report_to_review_but_may_not_adopt(police_partner_client, world):
    report = world["police_draft"]
    assert police_partner_client.post(f"/arbete/lagesbild/{report.pk}/status/beredning/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW
    assert police_partner_client.get(f"/arbete/lagesbild/{report.pk}/status/faststalld/").status_code == 403
    assert police_partner_client.post(f"/arbete/lagesbild/{report.pk}/status/faststalld/").status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW


def test_board_reader_cannot_move_a_report(board_client, world):
    report = world["municipal_draft"]
    assert board_client.post(f"/arbete/lagesbild/{report.pk}/status/beredning/").status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize(
    ("persona", "expected_titles"),
    [
        (
            "coordinator_client",
            {"police_draft", "police_adopted", "municipal_draft", "municipal_confidential", "joint_public"},
        ),
        ("police_partner_client", {"police_draft", "police_adopted", "joint_public"}),
        ("other_partner_client", {"joint_public"}),
        ("board_client", {"police_draft", "police_adopted", "municipal_draft", "joint_public"}),
        ("admin_client", {"joint_public"}),
    ],
)
def test_report_list_shows_what_each_persona_may_read(request, world, persona, expected_titles):
    response = request.getfixturevalue(persona).get("/arbete/lagesbild/")
    assert {r.pk for r in response.context["reports"]} == {world[k].pk for k in expected_titles}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_report_visible_to_matches_the_view_rule(request, world, persona):
    client = request.getfixturevalue(persona)
    user = getattr(client, "user", AnonymousUser())
    listed = set(SituationReport.objects.visible_to(user))
    by_rule = {r for r in SituationReport.objects.all() if user.has_perm("lagesbild.view_situationreport", r)}
    assert listed == by_rule


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_problem_and_dialogue_visible_to_match_the_view_rules(request, world, persona):
    for visibility in Visibility.values:
        ProblemFactory(visibility=visibility)
        DialogueFactory(visibility=visibility)
    client = request.getfixturevalue(persona)
    user = getattr(client, "user", AnonymousUser())
    for model, perm in ((Problem, "lagesbild.view_problem"), (Dialogue, "lagesbild.view_dialogue")):
        listed = set(model.objects.visible_to(user))
        assert listed == {o for o in model.objects.all() if user.has_perm(perm, o)}


@pytest.mark.parametrize(
    ("persona", "can_change"),
    [
        (
            "coordinator_client",
            {"police_draft", "police_adopted", "municipal_draft", "municipal_confidential", "joint_public"},
        ),
        ("police_partner_client", {"police_draft"}),
        ("other_partner_client", set()),
        ("board_client", set()),
        ("admin_client", set()),
        ("client", set()),
    ],
)
def test_change_rule_matrix(request, world, persona, can_change):
    user = getattr(request.getfixturevalue(persona), "user", AnonymousUser())
    reports = {k: v for k, v in world.items() if isinstance(v, SituationReport)}
    assert {
        k for k, r in reports.items() if user.has_perm("lagesbild.change_situationreport", r)
    } == can_change


@pytest.mark.parametrize(
    ("persona", "dialogue", "expected"),
    [
        ("coordinator_client", "housing_dialogue", 200),
        ("other_partner_client", "housing_dialogue", 200),
        ("other_partner_client", "police_dialogue", 403),
        ("police_partner_client", "housing_dialogue", 403),
        ("board_client", "housing_dialogue", 403),
    ],
)
def test_dialogue_edit_page_by_persona(request, world, persona, dialogue, expected):
    response = request.getfixturevalue(persona).get(f"/arbete/dialoger/{world[dialogue].pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("client", 302),
        ("coordinator_client", 200),
        ("police_partner_client", 200),
        ("board_client", 403),
        ("admin_client", 403),
    ],
)
def test_new_dialogue_page_by_persona(request, world, persona, expected):
    assert request.getfixturevalue(persona).get("/arbete/dialoger/ny/").status_code == expected


def test_confidential_dialogue_is_404_for_a_board_reader(board_client, db):
    dialogue = DialogueFactory(visibility=Visibility.CONFIDENTIAL)
    assert board_client.get(f"/arbete/dialoger/{dialogue.pk}/").status_code == 404
