"""The cycles app's section on /samverkan/: signed public agreements only."""

import pytest

from cycles.models import AgreementStatus
from tests.cycles.factories import AgreementFactory
from trygg.visibility import Visibility


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
