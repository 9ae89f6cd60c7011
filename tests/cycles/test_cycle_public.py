"""The home page and /kretslopp/: where the cycle stands, the steps with public evidence (internal
evidence never shows), the public menu; query counts do not grow with the data."""

import datetime

import pytest

from tests.actors.factories import DecisionFactory, ForumFactory, MeetingFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CycleFactory,
    public_agreement,
    step,
)
from tests.trygg.factories import ProgrammeGoalFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


PUBLIC = Visibility.PUBLIC


DAY = datetime.date(2025, 3, 1)


def test_home_shows_step_of_five_period_and_latest_public_items(client):
    cycle = CycleFactory(current_step=step(4))
    ChecklistItemFactory(cycle=cycle, text="Mål är formulerade", done_on=DAY, evidence_public=True)
    ChecklistItemFactory(cycle=cycle, text="Hemlig intern punkt", done_on=DAY, evidence_public=False)

    html = client.get("/").content.decode()

    assert "Steg 4 av 5: Genomförande" in html
    assert '<time datetime="2023-07-01">2023-07-01</time> – <time datetime="2027-06-30">' in html
    assert "Mål är formulerade" in html
    assert "Hemlig intern punkt" not in html
    assert "Arbetet sker i fem steg" in html  # the existing content stays


def test_home_without_a_cycle_says_nothing_about_it(client):
    html = client.get("/").content.decode()
    assert "Så långt har arbetet kommit" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_home_query_count_is_constant_with_a_cycle(client, django_assert_num_queries, count):
    ProgrammeGoalFactory.create_batch(count)
    cycle = CycleFactory(current_step=step(3))
    meeting = MeetingFactory(visibility=PUBLIC)
    for _ in range(count):
        ChecklistItemFactory(
            cycle=cycle,
            done_on=DAY,
            evidence_public=True,
            evidence_meeting=meeting,
            evidence_decision=DecisionFactory(visibility=PUBLIC),
        )
    client.get("/")  # the municipality settings row is created on first use
    with django_assert_num_queries(7):  # 5, the latest published follow-up report, the areas
        response = client.get("/")
    assert response.status_code == 200


def test_kretslopp_lists_five_steps_with_state_and_progress(client):
    cycle = CycleFactory(current_step=step(2))
    ChecklistItemFactory(cycle=cycle, step=step(1), done_on=DAY)
    ChecklistItemFactory(cycle=cycle, step=step(2), done_on=DAY)
    ChecklistItemFactory(cycle=cycle, step=step(2))

    response = client.get("/kretslopp/")

    html = response.content.decode()
    assert response.status_code == 200
    assert [e["state_label"] for e in response.context["overview"]] == [
        "Klart",
        "Pågår",
        "Inte påbörjat",
        "Inte påbörjat",
        "Inte påbörjat",
    ]
    assert '<ol class="cycle-steps">' in html
    assert "1 av 2 punkter klara" in html
    assert 'aria-hidden="true" focusable="false"' in html  # the circle is decoration
    assert html.count("<h1") == 1


def test_kretslopp_shows_public_evidence_and_hides_internal(client):
    cycle = CycleFactory(current_step=step(3))
    public_decision = DecisionFactory(visibility=PUBLIC, title="Gemensam lägesbild antagen")
    internal_decision = DecisionFactory(visibility=Visibility.INTERNAL, title="Intern resursfråga")
    internal_meeting = MeetingFactory(
        visibility=Visibility.INTERNAL, forum=ForumFactory(name="Hemliga gruppen")
    )
    draft = AgreementFactory(title="Utkast till överenskommelse", visibility=PUBLIC)
    ChecklistItemFactory(cycle=cycle, done_on=DAY, evidence_public=True, evidence_decision=public_decision)
    ChecklistItemFactory(
        cycle=cycle,
        done_on=DAY,
        evidence_public=True,
        evidence_decision=internal_decision,
        evidence_meeting=internal_meeting,
        evidence_agreement=draft,
    )
    ChecklistItemFactory(
        cycle=cycle, done_on=DAY, evidence_public=False, evidence_note="Intern anteckning om Ryd"
    )
    ChecklistItemFactory(cycle=cycle, evidence_public=True, evidence_note="Ej klar men ikryssad")

    html = client.get("/kretslopp/").content.decode()

    assert "Gemensam lägesbild antagen" in html
    for secret in (
        "Intern resursfråga",
        "Hemliga gruppen",
        "Utkast till överenskommelse",
        "Intern anteckning om Ryd",
        "Ej klar men ikryssad",
    ):
        assert secret not in html
    # Residents learn that evidence exists, with its date, never what it is.
    assert f"Intern handling, {internal_decision.decided_on:%Y-%m-%d}" in html
    assert "Klar utan underlag</li>" in html  # the item with only an internal note


def test_kretslopp_shows_which_items_were_done_without_evidence(client):
    cycle = CycleFactory(current_step=step(3))
    ChecklistItemFactory(
        cycle=cycle, done_on=DAY, evidence_public=True, no_evidence_reason="Beslutet togs muntligt."
    )
    ChecklistItemFactory(cycle=cycle, done_on=DAY, evidence_public=False, no_evidence_reason="Hemligt skäl")
    ChecklistItemFactory(
        cycle=cycle, done_on=DAY, evidence_public=False, evidence_url="https://intern.example/"
    )

    html = client.get("/kretslopp/").content.decode()

    assert "Klar utan underlag: Beslutet togs muntligt." in html
    assert "Klar utan underlag</li>" in html  # the item whose reason is not public
    assert "Hemligt skäl" not in html
    assert "Underlag finns men är inte offentligt" in html and "intern.example" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_kretslopp_query_count_is_constant(client, django_assert_num_queries, count):
    cycle = CycleFactory(current_step=step(3))
    for n in range(count):
        ChecklistItemFactory(
            cycle=cycle,
            step=step(1 + n % 5),
            done_on=DAY,
            evidence_public=True,
            evidence_decision=DecisionFactory(visibility=PUBLIC),
            evidence_meeting=MeetingFactory(visibility=PUBLIC),
            evidence_agreement=public_agreement(),
        )
    client.get("/kretslopp/")
    with django_assert_num_queries(4):
        response = client.get("/kretslopp/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "title"), [("/kretslopp/", "Kretsloppet"), ("/medborgarloften/", "Medborgarlöften")]
)
def test_pages_are_in_the_public_menu_as_current(client, url, title):
    html = client.get(url).content.decode()
    assert f'href="{url}" aria-current="page">{title}</a>' in html


def test_lagesbild_evidence_is_public_only_when_the_report_is_public_and_adopted(client):
    from tests.lagesbild.factories import SituationReportFactory

    cycle = CycleFactory(current_step=step(2))
    shown = SituationReportFactory(public=True, title="Offentlig fastställd lägesbild")
    draft = SituationReportFactory(visibility=PUBLIC, title="Offentligt utkast till lägesbild")
    internal = SituationReportFactory(adopted=True, title="Intern fastställd lägesbild")
    for report in (shown, draft, internal):
        ChecklistItemFactory(cycle=cycle, done_on=DAY, evidence_public=True, evidence_report=report)

    html = client.get("/kretslopp/").content.decode()

    assert "Offentlig fastställd lägesbild" in html
    assert "Offentligt utkast till lägesbild" not in html
    assert "Intern fastställd lägesbild" not in html
    # the draft by the day it was ticked, the adopted one by the day it was adopted
    assert html.count(f"Intern handling, {DAY:%Y-%m-%d}") == 1
    assert internal.decision.decided_on != DAY
    assert f"Intern handling, {internal.decision.decided_on:%Y-%m-%d}" in html
    item = cycle.checklist.get(evidence_report=draft)
    assert [e["label"] for e in item.evidence(public=False)] == [
        "Lägesbild: Offentligt utkast till lägesbild"
    ]
