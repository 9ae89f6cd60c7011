"""Who may see, change and move which lägesbild: the workspace pages over every persona, the
object rules, and visible_to() checked against the view rule so that lists and single objects agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lagesbild.models import ReportStatus, SituationReport
from tests.personas import ALL_PERSONAS


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
