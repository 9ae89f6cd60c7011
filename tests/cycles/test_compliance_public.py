"""/lagkrav/: the law's duties for residents, with public evidence only. Internal evidence shows as
"Intern handling, <date>" without its title or link; confidential evidence not at all."""

import datetime

import pytest
from django.utils import timezone

from tests.cycles.compliance_data import all_met
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

URL = "/lagkrav/"
TITLES = [
    "Lägesbild som bevis",
    "Åtgärdsplan som bevis",
    "Överenskommelse som bevis",
]


def test_page_is_public_and_cacheable(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_home_page_links_to_it(client):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_public_evidence_is_shown_with_title_and_link(client):
    all_met(timezone.localdate())
    response = client.get(URL)
    content = response.content.decode()
    assert response.context["summary"]["met"] == 8
    for title in TITLES:
        assert title in content
    assert "Intern handling" not in content
    assert 'href="/arbete/' not in content and 'href="/admin/' not in content


def test_internal_evidence_shows_only_as_intern_handling_with_its_date(client):
    today = timezone.localdate()
    all_met(today, visibility=Visibility.INTERNAL)
    content = client.get(URL).content.decode()
    for title in TITLES:
        assert title not in content
    recent = (today - datetime.timedelta(days=30)).isoformat()
    # lägesbild (4 § and 6 §), plan (5 §), agreement (8–9 §§), council meeting (10 §)
    assert content.count(f"Intern handling, {recent}") == 5
    assert "Strategiska" not in content and "Forum " not in content
    assert 'href="/arbete/' not in content and 'href="/admin/' not in content


def test_confidential_evidence_is_not_shown_at_all(client):
    today = timezone.localdate()
    all_met(today, visibility=Visibility.CONFIDENTIAL)
    response = client.get(URL)
    content = response.content.decode()
    for title in TITLES:
        assert title not in content
    assert "Intern handling" not in content
    rows = {row["status"].duty.key: row for row in response.context["rows"]}
    assert rows["lagesbild"]["evidence"] == []
    # Nor the due date that would give its date away.
    assert rows["lagesbild-uppdaterad"]["due_on"] is None


def test_internal_decision_on_public_evidence_is_not_named(client):
    all_met(timezone.localdate())  # the published report's KS and KF decisions are internal
    content = client.get(URL).content.decode()
    assert "Uppföljningsrapport: Rapport som bevis<" in content
    assert "Uppföljningsrapport: Rapport som bevis (" not in content


def test_workspace_explanations_and_next_steps_are_not_shown(client):
    all_met(timezone.localdate(), visibility=Visibility.INTERNAL)
    content = client.get(URL).content.decode()
    assert "Åtgärdsplanen gäller till och med" not in content
    assert "Nästa steg" not in content


def count_queries(client, django_assert_num_queries):
    pagecache.bump()
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, n):
    today = timezone.localdate()
    for _i in range(n):
        all_met(today)
    count_queries(client, django_assert_num_queries)


# The municipality settings (read once for the page and the duties), then the ten queries of
# cycles.services.evidence.gather_facts.
QUERIES = 11
