"""Fixtures shared by the lagesbild tests of more than one concept."""

import urllib.request

import pytest

from actors.models import ActorKind
from lagesbild.models import ReportKind, ReportStatus
from tests.actors.factories import ActorFactory, ContactFactory
from tests.lagesbild.factories import (
    DialogueFactory,
    IndicatorFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from trygg.visibility import Visibility


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No lagesbild test reaches the network: one that needs Kolada replaces urlopen itself."""

    def refuse(*args, **kwargs):
        raise AssertionError("A test tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def admin_pages_open(coordinator_client):
    """Check that a lagesbild model's admin pages (list, add, change and history) open for a coordinator."""

    def check(model: str, pk: int, *, history: bool = True) -> None:
        urls = [
            f"/admin/lagesbild/{model}/",
            f"/admin/lagesbild/{model}/add/",
            f"/admin/lagesbild/{model}/{pk}/change/",
        ]
        if history:
            urls.append(f"/admin/lagesbild/{model}/{pk}/history/")
        for url in urls:
            assert coordinator_client.get(url).status_code == 200, url

    return check


@pytest.fixture
def hidden(db):
    """Everything that must never reach a public page, each with a recognisable text (`secrets`)."""
    place = PlaceFactory(name="Torget", slug="torget")
    internal_dialogue = DialogueFactory(visibility=Visibility.INTERNAL, summary="HEMLIG-DIALOG")
    ObservationFactory(dialogue=internal_dialogue, place=place, note="HEMLIG-IAKTTAGELSE")
    confidential = DialogueFactory(visibility=Visibility.CONFIDENTIAL, summary="SEKRETESS-DIALOG")
    ObservationFactory(dialogue=confidential, place=place, note="SEKRETESS-IAKTTAGELSE")
    problem = ProblemFactory(
        visibility=Visibility.INTERNAL, title="HEMLIGT-PROBLEM", prioritised=True, priority=1
    )
    problem.places.add(place)
    return {
        "place": place,
        "reports": [
            SituationReportFactory(public_summary="UTKAST-OFFENTLIG", visibility=Visibility.PUBLIC),
            SituationReportFactory(
                public_summary="BEREDNING-OFFENTLIG", status=ReportStatus.REVIEW, visibility=Visibility.PUBLIC
            ),
            SituationReportFactory(adopted=True, public_summary="INTERN-FASTSTALLD"),
            SituationReportFactory(
                adopted=True, kind=ReportKind.POLICE, public_summary="POLISENS-INTERNA", title="POLIS-TITEL"
            ),
            SituationReportFactory(
                adopted=True, visibility=Visibility.CONFIDENTIAL, public_summary="SEKRETESS-RAPPORT"
            ),
        ],
        "secrets": [
            "HEMLIG-DIALOG",
            "HEMLIG-IAKTTAGELSE",
            "SEKRETESS-DIALOG",
            "SEKRETESS-IAKTTAGELSE",
            "HEMLIGT-PROBLEM",
            "UTKAST-OFFENTLIG",
            "BEREDNING-OFFENTLIG",
            "INTERN-FASTSTALLD",
            "POLISENS-INTERNA",
            "POLIS-TITEL",
            "SEKRETESS-RAPPORT",
        ],
    }


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


@pytest.fixture
def linked_report():
    report = SituationReportFactory(public=True)
    IndicatorFactory(name="Anmälda våldsbrott", public=True).reports.add(report)
    IndicatorFactory(name="Intern siffra", public=False).reports.add(report)
    return report
