"""Who may see and do what with follow-up reports: every report URL × every persona and report state,
and posts by anyone but a coordinator change nothing."""

import pytest

from cycles.models import FollowUpReport
from tests.cycles.factories import (
    FollowUpPeriodFactory,
)
from tests.personas import ALL_PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# The pages about one report, and for the coordinator which of them answer 200 (the others redirect to
# the report with a message saying why the move is not possible now).
PAGES = ["", "andra/", "skicka/", "beslut/", "ny-version/", "kopiera/", "ta-bort/"]


DOWNLOADS = ["rapport.pdf", "rapport-offentlig.pdf", "atgarder.csv"]


COORDINATOR_OPEN = {
    "draft": {"", "andra/", "skicka/", "kopiera/", "ta-bort/"},
    "finalised": {"", "beslut/", "ny-version/", "kopiera/"},
    "published": {"", "ny-version/", "kopiera/"},
}


def _expected(persona: str, case: str, page: str) -> int:
    if persona in ("no_role_client", "police_partner_client", "other_partner_client", "admin_client"):
        return 403  # signed in, but the reports are not theirs to read
    if persona == "board_client":
        if case == "draft":
            return 404
        return 200 if page in ("", *DOWNLOADS) else 403
    if page in DOWNLOADS:
        return 200
    return 200 if page in COORDINATOR_OPEN[case] else 302


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_every_report_page_answers_by_role_and_state(persona, request, report_states, pdf_html):
    name = request.node.callspec.params["persona"]
    for case, report in report_states.items():
        for page in PAGES + DOWNLOADS:
            response = persona.get(f"/arbete/rapporter/{report.pk}/{page}")
            if name == "client":
                assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
                continue
            expected = _expected(name, case, page)
            assert response.status_code == expected, (name, case, page, response.status_code)
            if expected == 302:
                assert response["Location"] == f"/arbete/rapporter/{report.pk}/", (name, case, page)


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_list_and_new_report_answer_by_role(persona, request, report_states):
    name = request.node.callspec.params["persona"]
    expected = {
        "coordinator_client": (200, 200),
        "board_client": (200, 403),
    }.get(name, (403, 403))
    for url, status in zip(["/arbete/rapporter/", "/arbete/rapporter/ny/"], expected, strict=True):
        response = persona.get(url)
        if name == "client":
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
        else:
            assert response.status_code == status, (name, url)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "coordinator_client"], indirect=True)
def test_posts_by_anyone_but_a_coordinator_change_nothing(persona, request, report_states):
    name = request.node.callspec.params["persona"]
    period = FollowUpPeriodFactory()
    for case, report in report_states.items():
        before = FollowUpReport.objects.values().get(pk=report.pk)
        for page in PAGES[1:]:
            data = {
                "version": report.version,
                "loaded_version": report.version,
                "title": "Nej",
                "period": period.pk,
            }
            response = persona.post(f"/arbete/rapporter/{report.pk}/{page}", data)
            if name == "client":
                assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
            elif name == "board_client":
                assert response.status_code == (404 if case == "draft" else 403), (case, page)
            else:
                assert response.status_code == 403, (name, case, page)
        assert FollowUpReport.objects.values().get(pk=report.pk) == before
    response = persona.post("/arbete/rapporter/ny/", {"period": period.pk, "introduction": "x"})
    assert response.status_code in (302, 403)
    assert not FollowUpReport.objects.filter(period=period).exists()
