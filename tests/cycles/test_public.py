"""The public pages: where the cycle stands, the steps with public evidence, medborgarlöften and
agreements. Drafts and internal evidence never show; query counts do not grow with the data."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.models import AgreementStatus, PromiseParty, PromiseStatus
from tests.actors.factories import ActorFactory, DecisionFactory, ForumFactory, MeetingFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
    PromiseLineFactory,
    step,
)
from tests.factories import ProgrammeGoalFactory
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

PUBLIC = Visibility.PUBLIC
DAY = datetime.date(2025, 3, 1)


def _public_agreement(**kwargs):
    return AgreementFactory(status=AgreementStatus.IN_FORCE, visibility=PUBLIC, **kwargs)


def _public_promise(**kwargs):
    return CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=PUBLIC, **kwargs)


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
    with django_assert_num_queries(6):  # 5, and the latest published follow-up report
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
            evidence_agreement=_public_agreement(),
        )
    client.get("/kretslopp/")
    with django_assert_num_queries(4):
        response = client.get("/kretslopp/")
    assert response.status_code == 200


def test_promises_show_published_public_ones_per_year_with_follow_up(client):
    actor = ActorFactory(name="Tingsryds IF")
    older = _public_promise(year=2024, title="Löfte 2024")
    newer = CitizenPromiseFactory(
        year=2025, title="Löfte 2025", status=PromiseStatus.FOLLOWED_UP, visibility=PUBLIC
    )
    PromiseLineFactory(
        promise=newer,
        party=PromiseParty.OTHER,
        actor=actor,
        text="Öppen klubbstuga",
        follow_up="Öppet 30 fredagar.",
    )
    PromiseLineFactory(promise=older, party=PromiseParty.MUNICIPALITY, text="Bättre belysning")

    response = client.get("/medborgarloften/")

    html = response.content.decode()
    assert list(response.context["promises"]) == [newer, older]
    assert '<h2 id="ar-2025">2025</h2>' in html
    assert "Tingsryds IF" in html and "Öppet 30 fredagar." in html
    assert "Inte uppföljt ännu." in html
    assert "<caption>" in html and 'scope="col"' in html


@pytest.mark.parametrize(
    ("status", "visibility"),
    [
        (PromiseStatus.DRAFT, PUBLIC),
        (PromiseStatus.SIGNED, PUBLIC),
        (PromiseStatus.PUBLISHED, Visibility.INTERNAL),
        (PromiseStatus.FOLLOWED_UP, Visibility.CONFIDENTIAL),
    ],
)
def test_promises_never_show_drafts_or_internal_ones(client, status, visibility):
    hidden = CitizenPromiseFactory(title="Hemligt löfte", status=status, visibility=visibility)
    PromiseLineFactory(promise=hidden, text="Hemlig rad")
    for url in ("/medborgarloften/", "/", "/kretslopp/"):
        html = client.get(url).content.decode()
        assert "Hemligt löfte" not in html
        assert "Hemlig rad" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_promises_query_count_is_constant(client, django_assert_num_queries, count):
    for n in range(count):
        promise = _public_promise(year=2020 + n)
        PromiseLineFactory.create_batch(2, promise=promise, party=PromiseParty.OTHER, actor=ActorFactory())
    client.get("/medborgarloften/")
    with django_assert_num_queries(7):
        response = client.get("/medborgarloften/")
    assert response.status_code == 200


def test_promises_are_paginated_by_ten(client):
    for n in range(12):
        _public_promise(year=2000 + n)
    first = client.get("/medborgarloften/")
    second = client.get("/medborgarloften/?page=2")
    assert len(first.context["promises"]) == 10
    assert len(second.context["promises"]) == 2


def test_agreements_page_lists_signed_public_ones_with_pdf(client):
    party = ActorFactory(name="Polisen LPO Nybro")
    shown = _public_agreement(title="Överenskommelse med polisen", parties=[party])
    shown.document = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    shown.save()

    response = client.get("/samverkan/overenskommelser/")

    html = response.content.decode()
    assert list(response.context["agreements"]) == [shown]
    assert "Polisen LPO Nybro" in html
    assert shown.document.url in html
    assert "(PDF)" in html


@pytest.mark.parametrize(
    ("status", "visibility"),
    [
        (AgreementStatus.DRAFT, PUBLIC),
        (AgreementStatus.IN_FORCE, Visibility.INTERNAL),
        (AgreementStatus.SIGNED, Visibility.CONFIDENTIAL),
    ],
)
def test_agreements_never_show_drafts_or_internal_ones(client, status, visibility):
    AgreementFactory(title="Hemlig överenskommelse", status=status, visibility=visibility)
    for url in ("/samverkan/overenskommelser/", "/", "/kretslopp/"):
        assert "Hemlig överenskommelse" not in client.get(url).content.decode()


def test_agreements_page_hides_an_internal_decision(client):
    decision = DecisionFactory(visibility=Visibility.INTERNAL, title="Internt KS-beslut")
    _public_agreement(decision=decision)
    assert "Internt KS-beslut" not in client.get("/samverkan/overenskommelser/").content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_agreements_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        _public_agreement(
            parties=[ActorFactory(), ActorFactory()], decision=DecisionFactory(visibility=PUBLIC)
        )
    client.get("/samverkan/overenskommelser/")
    with django_assert_num_queries(6):
        response = client.get("/samverkan/overenskommelser/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "title"), [("/kretslopp/", "Kretsloppet"), ("/medborgarloften/", "Medborgarlöften")]
)
def test_pages_are_in_the_public_menu_as_current(client, url, title):
    html = client.get(url).content.decode()
    assert f'href="{url}" aria-current="page">{title}</a>' in html


def test_agreements_page_sits_under_samverkan_in_the_breadcrumbs(client):
    html = client.get("/samverkan/overenskommelser/").content.decode()
    assert 'href="/samverkan/">Samverkan</a>' in html


# --- Links to the lägesbild app ---------------------------------------------------------------------


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
    item = cycle.checklist.get(evidence_report=draft)
    assert [e["label"] for e in item.evidence(public=False)] == [
        "Lägesbild: Offentligt utkast till lägesbild"
    ]


def test_agreement_lists_only_public_focus_problems(client):
    from tests.lagesbild.factories import ProblemFactory

    agreement = _public_agreement()
    agreement.focus_problems.set(
        [
            ProblemFactory(title="Otrygghet vid torget", visibility=PUBLIC),
            ProblemFactory(title="Internt problem"),
        ]
    )

    html = client.get("/samverkan/overenskommelser/").content.decode()

    assert "Otrygghet vid torget" in html
    assert "Internt problem" not in html


def test_promise_names_its_linked_areas(client):
    from tests.lagesbild.factories import AreaFactory

    promise = _public_promise(areas="fri text om orten")
    promise.area_links.set([AreaFactory(name="Urshult")])

    html = client.get("/medborgarloften/").content.decode()

    assert "Område: Urshult." in html
    assert "fri text om orten" not in html
