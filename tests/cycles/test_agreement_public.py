"""Agreements for residents: /samverkan/overenskommelser/ and the section on /samverkan/ list signed,
public agreements only, with public focus problems and decisions; a fixed number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.models import AgreementStatus
from tests.actors.factories import ActorFactory, DecisionFactory
from tests.cycles.factories import (
    AgreementFactory,
    public_agreement,
)
from trygg.uploads import file_url
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


PUBLIC = Visibility.PUBLIC


@pytest.mark.django_db
def test_collaboration_page_lists_signed_public_agreements_only(client):
    shown = AgreementFactory(
        title="Samverkan om trygg centrumkärna", status=AgreementStatus.IN_FORCE, visibility=Visibility.PUBLIC
    )
    AgreementFactory(title="Utkast om skolvägar", status=AgreementStatus.DRAFT, visibility=Visibility.PUBLIC)
    AgreementFactory(
        title="Intern överenskommelse", status=AgreementStatus.IN_FORCE, visibility=Visibility.INTERNAL
    )

    response = client.get("/samverkan/")

    html = response.content.decode()
    section = dict((panel.key, ctx) for panel, ctx in response.context["sections"])[
        "collaboration-agreements"
    ]
    assert [a.title for a in section["agreements"]] == [shown.title]
    assert "Samverkan om trygg centrumkärna" in html
    assert "Utkast om skolvägar" not in html
    assert "Intern överenskommelse" not in html
    assert 'href="/samverkan/overenskommelser/"' in html


def test_agreements_page_lists_signed_public_ones_with_pdf(client):
    party = ActorFactory(name="Polisen LPO Nybro")
    shown = public_agreement(title="Överenskommelse med polisen", parties=[party])
    shown.document = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    shown.save()

    response = client.get("/samverkan/overenskommelser/")

    html = response.content.decode()
    assert list(response.context["agreements"]) == [shown]
    assert "Polisen LPO Nybro" in html
    assert file_url(shown.document) in html
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
    public_agreement(decision=decision)
    assert "Internt KS-beslut" not in client.get("/samverkan/overenskommelser/").content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_agreements_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        public_agreement(
            parties=[ActorFactory(), ActorFactory()], decision=DecisionFactory(visibility=PUBLIC)
        )
    client.get("/samverkan/overenskommelser/")
    with django_assert_num_queries(6):
        response = client.get("/samverkan/overenskommelser/")
    assert response.status_code == 200


def test_agreements_page_sits_under_samverkan_in_the_breadcrumbs(client):
    html = client.get("/samverkan/overenskommelser/").content.decode()
    assert 'href="/samverkan/">Samverkan</a>' in html


def test_agreement_lists_only_public_focus_problems(client):
    from tests.lagesbild.factories import ProblemFactory

    agreement = public_agreement()
    agreement.focus_problems.set(
        [
            ProblemFactory(title="Otrygghet vid torget", visibility=PUBLIC),
            ProblemFactory(title="Internt problem"),
        ]
    )

    html = client.get("/samverkan/overenskommelser/").content.decode()

    assert "Otrygghet vid torget" in html
    assert "Internt problem" not in html
