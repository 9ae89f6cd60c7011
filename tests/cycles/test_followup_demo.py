"""The step-5 demo: a published follow-up report with its decision chain, a draft for the current round,
follow-ups handed in, drafted and missing; a second run changes nothing."""

import io

import pytest

from actors import demo as actors_demo
from cycles import demo
from cycles.models import (
    FollowUp,
    FollowUpPeriod,
    FollowUpReport,
    FollowUpStatus,
    MeasureIndicator,
    ReportStatus,
)
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


def test_demo_published_report_reads_as_of_its_own_date():
    """Frozen on 2025-10-10: no lägesrapport, status or promise follow-up from after that day."""
    published = FollowUpReport.objects.get(status=ReportStatus.PUBLISHED)
    as_of = published.snapshot["report"]["date"]
    assert as_of == "2025-10-10"
    measures = published.snapshot["measures"]
    assert all(m["last_update_on"] is None or m["last_update_on"] <= as_of for m in measures)
    assert "done" not in {m["status"] for m in measures}  # the lighting was finished in November
    lighting = next(m for m in measures if m["slug"] == "belysning-resecentrum")
    assert (lighting["status"], lighting["progress"]) == ("ongoing", 50)
    assert "hälften" in lighting["follow_up"]["public_summary"]
    lines = [line for p in published.snapshot["promises"] for line in p["lines"]]
    assert lines and all(not line["follow_up"] and line["follow_up_on"] is None for line in lines)


def test_demo_follow_ups_agree_with_the_measures_status_at_the_end_of_their_period():
    """What an evaluator reads side by side: a follow-up never calls a finished measure half done, nor
    an unstarted one under way."""
    contradictions = {
        "done": ("hälften", "inte börjat", "försenad"),
        "planned": ("pågår", "genomförd", "klar"),
        "cancelled": ("pågår enligt", "genomförd"),
    }
    for follow_up in FollowUp.objects.select_related("measure", "period"):
        status = follow_up.measure.state_on(follow_up.period.ends_on)[0]
        text = f"{follow_up.done_text} {follow_up.public_summary}".lower()
        for word in contradictions.get(status, ()):
            assert word not in text, (follow_up.measure.slug, follow_up.period.name, word)


def test_demo_measures_follow_different_indicators_by_focus_area():
    by_indicator = set(MeasureIndicator.objects.values_list("indicator__external_id", flat=True))
    assert {"trygg-kvall", "N07540", "N07403"} <= by_indicator
    survey = MeasureIndicator.objects.filter(indicator__external_id="trygg-kvall").first()
    assert survey.target > survey.baseline  # feeling safe should go up, crime down
