"""/arbete/lagkrav/ and the dashboard panel "Lagkrav som inte är uppfyllda": who may read them, what they
show, and a query count that does not grow with the data."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from cycles.models import AgreementStatus
from tests.cycles.compliance_data import all_met, council_meeting, decided_plan, statutory_report
from tests.cycles.factories import AgreementFactory
from tests.personas import ALL_PERSONAS
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

URL = "/arbete/lagkrav/"

EXPECT = {
    "client": "login",
    "coordinator_client": 200,
    "police_partner_client": 403,
    "other_partner_client": 403,
    "board_client": 200,
    "admin_client": 403,
    "no_role_client": 403,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_permission_matrix(persona, request):
    expected = EXPECT[request.node.callspec.params["persona"]]
    response = persona.get(URL)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith("/konto/logga-in/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_menu_entry_and_panel_follow_the_permission(persona, request):
    response = persona.get("/arbete/")
    if response.status_code != 200:
        return
    content = response.content.decode()
    allowed = EXPECT[request.node.callspec.params["persona"]] == 200
    assert (f'href="{URL}"' in content) == allowed
    assert ("Lagkrav som inte är uppfyllda" in content) == allowed


def test_page_shows_each_duty_with_state_evidence_age_and_next_step(coordinator_client):
    today = timezone.localdate()
    decided_on = today.replace(year=today.year - 1) - datetime.timedelta(days=1)
    report = statutory_report(decided_on=decided_on, title="Lägesbild 4 § för kommunen")
    response = coordinator_client.get(URL)
    content = response.content.decode()
    rows = response.context["rows"]
    assert [row["status"].duty.paragraph for row in rows] == [
        "4 §",
        "5 §",
        "6 §",
        "6 §",
        "8–9 §§",
        "10 §",
        "11–12 §§",
        "13 §",
    ]
    assert response.context["summary"]["met"] == 2  # 4 § and 6 § (lägesbild)
    assert "2 av 8 krav är uppfyllda" in strip_tags(content)
    assert f'href="/arbete/lagesbild/{report.pk}/"' in content
    assert f'{decided_on.isoformat()}">{decided_on.isoformat()}</time>, 1 år sedan' in content
    assert "✓</span> Uppfyllt" in content and "✗</span> Saknas" in content
    assert '<a href="/arbete/planer/">Ta fram och besluta en åtgärdsplan</a>' in content


def test_summary_counts_duties_due_soon(coordinator_client):
    today = timezone.localdate()
    statutory_report(decided_on=today.replace(year=today.year - 2) + datetime.timedelta(days=30))
    content = strip_tags(coordinator_client.get(URL).content.decode())
    assert "1 av 8 krav är uppfyllda; 1 förfaller inom 90 dagar; 6 saknas." in content


def test_panel_lists_unmet_duties_with_their_next_step(coordinator_client):
    statutory_report(decided_on=timezone.localdate() - datetime.timedelta(days=30))
    response = coordinator_client.get("/arbete/")
    content = response.content.decode()
    assert "10 § Strategiskt råd" in content
    assert "4 § Lägesbild</strong>" not in content  # met: not listed
    assert '<a href="/admin/actors/forum/add/">Lägg upp det strategiska rådet</a>' in content


def test_a_board_reader_gets_admin_steps_and_evidence_as_text_not_links(board_client):
    """The board may read the page but not open the admin: no link would lead to a 403."""
    AgreementFactory(status=AgreementStatus.IN_FORCE)
    for url in ("/arbete/", URL):
        content = board_client.get(url).content.decode()
        assert "Lägg upp det strategiska rådet" in content
        assert 'href="/admin/' not in content


def test_panel_says_so_when_every_duty_is_met(coordinator_client):
    all_met(timezone.localdate())
    content = coordinator_client.get("/arbete/").content.decode()
    assert "Alla 8 krav i lagen är uppfyllda." in content


def many(n: int) -> None:
    MunicipalitySettings.load()  # the row exists, as in any running site
    today = timezone.localdate()
    for i in range(n):
        report = statutory_report(
            decided_on=today - datetime.timedelta(days=10 + i), visibility=Visibility.PUBLIC
        )
        decided_plan(
            report=report, period_start=today - datetime.timedelta(days=30), visibility=Visibility.PUBLIC
        )
        AgreementFactory(status=AgreementStatus.IN_FORCE, valid_from=None, valid_to=None)
        council_meeting(today - datetime.timedelta(days=20 + i))


@pytest.mark.parametrize("n", [1, 5])
def test_query_count_does_not_grow_with_the_data(coordinator_client, django_assert_num_queries, n):
    many(n)
    with django_assert_num_queries(QUERIES):
        response = coordinator_client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"][4]["evidence"]) == n  # every agreement in force


# Session, user, roles, the municipality settings, the ten queries of cycles.services.evidence.gather_facts,
# then the workspace frame (permissions and the user's contact).
QUERIES = 17
