"""Report services: the frozen snapshot (never changes, fixed queries, public audience), and the
decision chain styrgrupp → KS → KF → published with new versions and copies."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.models import ForumKind
from cycles.models import (
    REPORT_MOVES,
    FollowUpReport,
    FollowUpStatus,
    MeasureStatus,
    PromiseStatus,
    ReportStatus,
)
from cycles.services import measure as measure_services
from cycles.services import report as report_services
from cycles.snapshot import build_snapshot, for_audience
from tests.cycles.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    FollowUpReportFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    PromiseLineFactory,
    decision,
    period_with_measures,
    public_measure,
    published_report,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_finalise_needs_introduction_and_conclusions(coordinator):
    report = FollowUpReportFactory(conclusions="")
    with pytest.raises(ValidationError, match="slutsatser"):
        report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot is None


def test_finalise_with_follow_ups_missing_needs_an_explicit_confirmation(coordinator):
    period = period_with_measures(3)
    first, second, third = period.measures().order_by("title")
    FollowUpFactory(period=period, measure=first, status=FollowUpStatus.APPROVED, assessment="green")
    FollowUpFactory(period=period, measure=second, status=FollowUpStatus.SUBMITTED, assessment="red")
    report = FollowUpReportFactory(period=period)

    with pytest.raises(ValidationError, match="2 åtgärder saknar en godkänd uppföljning") as refused:
        report_services.finalise_report(report=report, by=coordinator)

    assert refused.value.code == "incomplete"
    assert report.status == ReportStatus.DRAFT and report.finalised_at is None  # left as it was
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot is None
    report_services.finalise_report(report=report, by=coordinator, accept_missing=True)
    report.refresh_from_db()
    assert report.snapshot["completeness"] == {
        "not_handed_in": [third.title],
        "not_approved": [second.title],
        "without_assessment": [],
    }
    assert (report.snapshot["summary"]["followed_up"], report.snapshot["summary"]["awaiting_approval"]) == (
        1,
        1,
    )


def test_a_complete_report_is_sent_without_confirmation(coordinator):
    period = period_with_measures(1)
    FollowUpFactory(
        period=period, measure=period.measures().get(), status=FollowUpStatus.APPROVED, assessment="green"
    )
    report = FollowUpReportFactory(period=period)

    report_services.finalise_report(report=report, by=coordinator)

    assert report.status == ReportStatus.STEERING
    assert report.snapshot["completeness"] == {
        "not_handed_in": [],
        "not_approved": [],
        "without_assessment": [],
    }


def test_finalised_snapshot_never_changes_when_measures_are_edited(coordinator):
    period = period_with_measures(2)
    measure = period.measures().order_by("pk").first()
    FollowUpFactory(period=period, measure=measure, done_text="Belysning i parken.")
    report = FollowUpReportFactory(period=period)
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    frozen = FollowUpReport.objects.get(pk=report.pk).snapshot
    titles = [m["title"] for m in frozen["measures"]]
    assert measure.title in titles

    measure.title = "Nytt namn efteråt"
    measure.status = MeasureStatus.CANCELLED
    measure.save()
    fu = measure.followups.get()
    fu.done_text = "Ändrat i efterhand."
    fu.save()
    public_measure(plan=measure.plan, title="En helt ny åtgärd")

    again = FollowUpReport.objects.get(pk=report.pk)
    assert again.snapshot == frozen
    assert "Nytt namn efteråt" not in str(again.snapshot)
    assert "Ändrat i efterhand." not in str(again.snapshot)
    assert "En helt ny åtgärd" not in str(again.snapshot)


def test_finalised_report_refuses_edits_of_its_content(coordinator):
    report = FollowUpReportFactory()
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    report.introduction = "Ändrad inledning"
    with pytest.raises(ValidationError, match="överlämnad till styrgruppen"):
        report.save()
    report.refresh_from_db()
    report.snapshot = {"hacked": True}
    with pytest.raises(ValidationError, match="överlämnad till styrgruppen"):
        report.save(update_fields=["snapshot"])
    assert FollowUpReport.objects.get(pk=report.pk).introduction != "Ändrad inledning"


def test_report_cannot_go_to_ks_without_the_steering_decision(coordinator):
    report = FollowUpReportFactory()
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    with pytest.raises(ValidationError, match="styrgruppens beslut"):
        report_services.advance_report(report=report, to=ReportStatus.BOARD, by=coordinator)
    with pytest.raises(ValidationError, match="Här behövs styrgruppens beslut"):
        report_services.advance_report(
            report=report, to=ReportStatus.BOARD, by=coordinator, decision=decision(ForumKind.KF)
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING


def test_report_cannot_skip_a_step(coordinator):
    report = FollowUpReportFactory()
    with pytest.raises(ValidationError, match="Det går inte att ändra status"):
        report_services.advance_report(
            report=report, to=ReportStatus.PUBLISHED, by=coordinator, decision=decision(ForumKind.KF)
        )


@pytest.mark.parametrize(("current", "targets"), list(REPORT_MOVES.items()))
def test_report_moves_table_is_linear(current, targets):
    assert len(targets) <= 1


def test_decision_chain_to_published(coordinator):
    report = published_report(by=coordinator)
    assert report.status == ReportStatus.PUBLISHED and report.published_at is not None
    assert report.steering_decision.forum.kind == ForumKind.STEERING_GROUP
    assert report.board_decision.forum.kind == ForumKind.KS
    assert report.council_decision.forum.kind == ForumKind.KF
    assert FollowUpReport.objects.public().get() == report


def test_decision_dated_before_finalising_is_refused(coordinator):
    report = FollowUpReportFactory()
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    early = decision()
    early.decided_on = datetime.date(2020, 1, 1)
    early.save()
    with pytest.raises(ValidationError, match="före rapporten överlämnades till styrgruppen"):
        report_services.advance_report(report=report, to=ReportStatus.BOARD, by=coordinator, decision=early)


def test_new_version_supersedes_the_published_one_only_when_published(coordinator):
    old = published_report(by=coordinator)
    draft = report_services.new_version(report=old, by=coordinator)
    assert draft.report_version == 2 and draft.previous == old and draft.status == ReportStatus.DRAFT
    with pytest.raises(ValidationError, match="redan ett utkast"):
        report_services.new_version(report=old, by=coordinator)
    published_report(draft, by=coordinator)
    old.refresh_from_db()
    assert old.status == ReportStatus.SUPERSEDED and old.superseded_by == draft
    # The old one stays readable for residents.
    assert set(FollowUpReport.objects.public()) == {old, draft}


def test_finalising_a_new_version_supersedes_one_still_on_its_way(coordinator):
    old = FollowUpReportFactory()
    report_services.finalise_report(accept_missing=True, report=old, by=coordinator)
    newer = report_services.new_version(report=old, by=coordinator)
    report_services.finalise_report(accept_missing=True, report=newer, by=coordinator)
    old.refresh_from_db()
    assert old.status == ReportStatus.SUPERSEDED and not old.is_public


def test_copy_for_next_period_starts_a_draft_with_the_texts(coordinator):
    report = published_report(by=coordinator)
    nxt = period_with_measures(1)
    copy = report_services.copy_for_period(report=report, period=nxt, by=coordinator)
    assert copy.period == nxt and copy.status == ReportStatus.DRAFT and copy.report_version == 1
    assert copy.introduction == report.introduction and copy.snapshot is None


def test_public_audience_drops_internal_measures_and_assessments(coordinator):
    period = period_with_measures(1)
    public = period.measures().get()
    internal = MeasureFactory(plan=public.plan, title="Intern åtgärd", visibility=Visibility.INTERNAL)
    FollowUpFactory(
        period=period,
        measure=public,
        lessons="Hemlig lärdom",
        status=FollowUpStatus.APPROVED,
        visibility=Visibility.PUBLIC,
        public_summary="Belysningen är på plats.",
    )
    FollowUpFactory(period=period, measure=internal, lessons="Intern lärdom")
    report = FollowUpReportFactory(period=period)
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    internal_view = for_audience(report.snapshot, "internal")
    assert "Intern åtgärd" in str(internal_view) and "Hemlig lärdom" in str(internal_view)
    public_view = for_audience(report.snapshot, "public")
    text = str(public_view)
    assert "Intern åtgärd" not in text and "Intern lärdom" not in text and "Hemlig lärdom" not in text
    assert "Belysningen är på plats." in text
    assert public_view["summary"]["measures"] == 1


@pytest.mark.parametrize("days_ago", [0, 40])  # 40: read as of a past date, from the lägesrapporter
def test_snapshot_queries_do_not_grow_with_measures(coordinator, days_ago):
    counts = []
    for n in (1, 5):
        period = period_with_measures(n)
        for m in period.measures():
            FollowUpFactory(period=period, measure=m)
            MeasureUpdateFactory(measure=m, date=timezone.localdate() - datetime.timedelta(days=60))
        report = FollowUpReportFactory(period=period)
        if days_ago:
            report.finalised_at = timezone.now() - datetime.timedelta(days=days_ago)
        build_snapshot(report)  # warm the per-process caches (municipality identity, steps)
        with CaptureQueriesContext(connection) as ctx:
            build_snapshot(report)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_report_dated_in_the_past_reads_as_of_its_date(coordinator):
    """Entered afterwards (like the demo's first report): statuses from the lägesrapporter up to the
    report's date, a medborgarlöfte's later follow-up left out, the promise still 'publicerat'."""
    period = period_with_measures(2)
    early, never = period.measures().order_by("pk")
    today = timezone.localdate()
    report_day = today - datetime.timedelta(days=40)
    for days_ago, status, progress in ((60, MeasureStatus.ONGOING, 30), (5, MeasureStatus.DONE, 100)):
        measure_services.post_update(
            measure=early,
            by=coordinator,
            date=today - datetime.timedelta(days=days_ago),
            status=status,
            progress=progress,
            text="Läget.",
        )
    promise = CitizenPromiseFactory(
        year=period.starts_on.year, status=PromiseStatus.FOLLOWED_UP, visibility=Visibility.PUBLIC
    )
    PromiseLineFactory(promise=promise, follow_up="Gjort.", follow_up_on=today - datetime.timedelta(days=3))
    report = FollowUpReportFactory(period=period)
    at = timezone.make_aware(datetime.datetime.combine(report_day, datetime.time(9)))
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator, at=at)

    rows = {m["id"]: m for m in FollowUpReport.objects.get(pk=report.pk).snapshot["measures"]}
    assert (rows[early.pk]["status"], rows[early.pk]["progress"]) == (MeasureStatus.ONGOING, 30)
    assert rows[early.pk]["status_label"] == "Pågår"
    assert rows[early.pk]["last_update_on"] == f"{today - datetime.timedelta(days=60):%Y-%m-%d}"
    assert rows[never.pk]["status"] == never.status  # no lägesrapport ever: its own status
    (line,) = FollowUpReport.objects.get(pk=report.pk).snapshot["promises"][0]["lines"]
    assert line["follow_up"] == "" and line["follow_up_on"] is None
    assert FollowUpReport.objects.get(pk=report.pk).snapshot["promises"][0]["status"] == "published"


def test_a_report_sent_today_reads_the_measures_as_they_are(coordinator):
    period = period_with_measures(1, status=MeasureStatus.DELAYED, progress=40)
    report = FollowUpReportFactory(period=period)
    report_services.finalise_report(accept_missing=True, report=report, by=coordinator)
    (row,) = FollowUpReport.objects.get(pk=report.pk).snapshot["measures"]
    assert (row["status"], row["progress"]) == (MeasureStatus.DELAYED, 40)
