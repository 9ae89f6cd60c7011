"""The decision that adopted a lägesbild keeps its own visibility on residents' pages: a public lägesbild
adopted by an internal decision shows "intern handling" and the date, never the paragraph or diary number
(on /lagesbild/, the lägesbild's page and a place's page that links to it)."""

import datetime

import pytest

from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import PlaceFactory, ProblemFactory, SituationReportFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

SECRETS = ("SG § 99", "KS 2025/999")


@pytest.fixture
def report():
    decision = DecisionFactory(
        visibility=Visibility.INTERNAL,
        paragraph="SG § 99",
        diary_number="KS 2025/999",
        decided_on=datetime.date(2025, 3, 4),
    )
    report = SituationReportFactory(public=True, decision=decision, title="Lägesbild 2025")
    place = PlaceFactory(name="Torget", slug="torget")
    problem = ProblemFactory(visibility=Visibility.PUBLIC, title="Skadegörelse på torget")
    problem.places.add(place)
    problem.reports.add(report)
    return report


@pytest.mark.parametrize("url", ["/lagesbild/", "/lagesbild/{pk}/", "/platser/torget/"])
def test_an_internal_decision_is_named_only_as_an_internal_document(client, report, url):
    response = client.get(url.format(pk=report.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lägesbild 2025" in html
    assert [s for s in SECRETS if s in html] == []
    assert "intern handling" in html
    assert "2025-03-04" in html


def test_a_public_decision_is_named_in_full(client, report):
    report.decision.visibility = Visibility.PUBLIC
    report.decision.save()
    html = client.get(f"/lagesbild/{report.pk}/").content.decode()
    assert "SG § 99, dnr KS 2025/999" in html
    assert "intern handling" not in html
