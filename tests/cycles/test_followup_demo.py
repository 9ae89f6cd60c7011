"""The step-5 demo: a published follow-up report with its decision chain, a draft for the current round,
follow-ups handed in, drafted and missing; a second run changes nothing."""

import io

import pytest

from actors import demo as actors_demo
from cycles import demo
from cycles.models import FollowUp, FollowUpPeriod, FollowUpReport, FollowUpStatus, ReportStatus
from lagesbild import demo as lagesbild_demo
from tests.shared_data import loaded_once_per_module
from trygg import demo as trygg_demo

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    for module in (trygg_demo, actors_demo, lagesbild_demo, demo):
        module.load(stdout=out)
    return out.getvalue()


loaded_demo = loaded_once_per_module(_load)  # every test here starts from one _load(); its output


def test_demo_has_a_published_report_and_a_draft(loaded_demo):
    output = loaded_demo
    published = FollowUpReport.objects.get(status=ReportStatus.PUBLISHED)
    assert published.snapshot["summary"]["measures"] == 15
    assert published.steering_decision.paragraph == "SG § 10 a"
    assert f"{published.published_at:%Y-%m-%d}" == "2025-11-25"
    assert published.board_decision.paragraph == "KS § 187"
    assert published.council_decision.paragraph == "KF § 121"
    draft = FollowUpReport.objects.get(status=ReportStatus.DRAFT)
    assert draft.snapshot is None and draft.period.is_open
    assert "Uppföljning: 2 perioder" in output


def test_demo_current_round_has_handed_in_drafted_and_missing_follow_ups():
    current = FollowUpPeriod.objects.get(name="Uppföljning 2026")
    statuses = set(current.followups.values_list("status", flat=True))
    assert statuses == {FollowUpStatus.SUBMITTED, FollowUpStatus.DRAFT}
    assert current.followups.count() < current.measures().count()
    assert FollowUp.objects.public().exists()
    assert FollowUp.objects.exclude(pk__in=FollowUp.objects.public()).exists()


def test_demo_followup_is_idempotent():
    before = (  # after the module's _load()
        list(FollowUpReport.objects.values_list("pk", "version", "status")),
        list(FollowUp.objects.values_list("pk", "version", "status")),
    )
    _load()
    after = (
        list(FollowUpReport.objects.values_list("pk", "version", "status")),
        list(FollowUp.objects.values_list("pk", "version", "status")),
    )
    assert after == before
