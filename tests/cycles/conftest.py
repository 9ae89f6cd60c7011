"""Fixtures shared by the cycles tests: stored PDFs go to a temporary folder, and WeasyPrint (the
outside library) can be replaced by a fake that records the HTML it is given."""

import io

import pikepdf
import pytest

from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    finalise,
    link_user_to_actor,
    period_with_measures,
    public_measure,
    published_report,
    running_plan,
)
from trygg.visibility import Visibility


class FakeHTML:
    """Stands in for WeasyPrint: records the HTML it is given, returns a tiny real PDF (one blank
    page, no structure tree), so the post-processing with pikepdf still runs."""

    rendered: list[str] = []

    def __init__(self, string, **kwargs):
        FakeHTML.rendered.append(string)

    def write_pdf(self, **kwargs):
        pdf = pikepdf.new()
        pdf.add_blank_page()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and stored files (finalised reports' PDFs) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF would have been made from, with WeasyPrint faked."""
    FakeHTML.rendered = []
    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    return FakeHTML.rendered


@pytest.fixture
def followup_world(police_partner, other_partner):
    """Polisen leads "egen" (Bostadsbolaget contributes); a third actor leads "annan" (public) and
    "intern" (internal, Bostadsbolaget contributes); all in the period's cycle."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2025")
    measures = {
        "own": public_measure(
            plan=plan, lead_actor=police, slug="egen", title="Polisen i centrum", contributors=[housing]
        ),
        "other": public_measure(plan=plan, lead_actor=third, slug="annan", title="Brandskydd i skolan"),
        "internal": public_measure(
            plan=plan,
            lead_actor=third,
            slug="intern",
            title="Intern kartläggning",
            visibility=Visibility.INTERNAL,
            contributors=[housing],
        ),
    }
    return {"period": period, "police": police, "housing": housing, "third": third, **measures}


@pytest.fixture
def report_states():
    """A draft, a report with the styrgrupp and a published one."""
    period = period_with_measures(2)
    return {
        "draft": FollowUpReportFactory(period=period, title="Utkastet"),
        "finalised": finalise(FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Hos styrgruppen")),
        "published": published_report(
            FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Publicerad")
        ),
    }
