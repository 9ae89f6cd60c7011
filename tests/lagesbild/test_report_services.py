"""The status moves of a lägesbild (every allowed and refused move), new versions, and the § 6 watch."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lagesbild.models import REPORT_MOVES, ReportKind, ReportStatus, SituationReport
from lagesbild.services.report import move_report, statutory_report_watch, supersede_report
from tests.actors.factories import DecisionFactory
from tests.lagesbild.factories import ProblemFactory, SituationReportFactory
from trygg.concurrency import EditConflict
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in ReportStatus.values for b in ReportStatus.values if a != b]
ALLOWED = {
    (ReportStatus.DRAFT, ReportStatus.REVIEW),
    (ReportStatus.REVIEW, ReportStatus.DRAFT),
    (ReportStatus.REVIEW, ReportStatus.ADOPTED),
    (ReportStatus.ADOPTED, ReportStatus.SUPERSEDED),  # only through a new version's adoption
}


def _report_in(status: str, **kwargs) -> SituationReport:
    if status in (ReportStatus.ADOPTED, ReportStatus.SUPERSEDED):
        kwargs.setdefault("decision", DecisionFactory())
    return SituationReportFactory(status=status, **kwargs)


def test_table_of_moves_is_the_documented_one():
    table = {(a, b) for a, targets in REPORT_MOVES.items() for b in targets}
    assert table == ALLOWED


DIRECT_MOVES = sorted(ALLOWED - {(ReportStatus.ADOPTED, ReportStatus.SUPERSEDED)})


@pytest.mark.parametrize(("current", "to"), DIRECT_MOVES)
def test_allowed_move_changes_the_status(current, to, coordinator):
    report = _report_in(current, decision=DecisionFactory())
    moved = move_report(report=report, to=to, by=coordinator)
    report.refresh_from_db()
    assert moved.status == report.status == to


@pytest.mark.parametrize(("current", "to"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_refused_move_leaves_the_report_unchanged_with_a_swedish_reason(current, to, coordinator):
    report = _report_in(current)
    with pytest.raises(ValidationError) as exc:
        move_report(report=report, to=to, by=coordinator)
    report.refresh_from_db()
    assert report.status == current
    assert exc.value.code == "refused_move"
    assert exc.value.messages[0].startswith(("Ett utkast", "En fastställd", "Bara en", "Lägesbilden"))


def test_moving_straight_to_superseded_is_refused_even_when_adopted(coordinator):
    report = _report_in(ReportStatus.ADOPTED)
    with pytest.raises(ValidationError) as exc:
        move_report(report=report, to=ReportStatus.SUPERSEDED, by=coordinator)
    assert "först när en ny version av den fastställs" in exc.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED


def test_refused_move_from_draft_to_adopted_explains_the_way(coordinator):
    report = _report_in(ReportStatus.DRAFT, decision=DecisionFactory())
    with pytest.raises(ValidationError) as exc:
        move_report(report=report, to=ReportStatus.ADOPTED, by=coordinator)
    assert exc.value.messages == ["Ett utkast kan inte fastställas direkt. Skicka det först till beredning."]


def test_adopting_needs_a_decision(coordinator):
    report = _report_in(ReportStatus.REVIEW)
    with pytest.raises(ValidationError) as exc:
        move_report(report=report, to=ReportStatus.ADOPTED, by=coordinator)
    assert exc.value.code == "decision_required"
    assert "KS § 123" in exc.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW


def test_adopting_with_a_decision_given_stores_it(coordinator):
    report = _report_in(ReportStatus.REVIEW)
    decision = DecisionFactory(paragraph="KS § 123")
    move_report(report=report, to=ReportStatus.ADOPTED, by=coordinator, decision=decision)
    report.refresh_from_db()
    assert (report.status, report.decision) == (ReportStatus.ADOPTED, decision)
    assert report.adopted_on == decision.decided_on


def test_adopting_needs_the_three_sections_of_paragraph_4(coordinator):
    report = _report_in(ReportStatus.REVIEW, decision=DecisionFactory(), analysis="", other_information=" ")
    with pytest.raises(ValidationError) as exc:
        move_report(report=report, to=ReportStatus.ADOPTED, by=coordinator)
    assert exc.value.code == "sections_missing"
    assert "2. Annan relevant information" in exc.value.messages[0]
    assert "3. Analys" in exc.value.messages[0]


def test_a_stale_copy_cannot_move_a_report_someone_else_changed(coordinator):
    report = _report_in(ReportStatus.DRAFT)
    other_copy = SituationReport.objects.get(pk=report.pk)
    other_copy.title = "Ändrad av någon annan"
    other_copy.save()
    with pytest.raises(EditConflict):
        move_report(report=report, to=ReportStatus.REVIEW, by=coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_supersede_creates_a_draft_copy_and_keeps_the_old_version_adopted_and_readable(coordinator):
    old = SituationReportFactory(public=True, title="Lägesbild 2023")
    problem = ProblemFactory()
    problem.reports.add(old)
    new = supersede_report(report=old, by=coordinator)
    old.refresh_from_db()
    assert (new.status, new.version_number, new.supersedes, new.title) == (
        ReportStatus.DRAFT,
        2,
        old,
        "Lägesbild 2023",
    )
    assert (new.survey, new.public_summary, new.visibility, new.decision) == (
        old.survey,
        old.public_summary,
        Visibility.PUBLIC,
        None,
    )
    assert list(new.problems.all()) == [problem]
    assert old.status == ReportStatus.ADOPTED
    assert list(SituationReport.objects.public()) == [old]


def test_adopting_the_new_version_supersedes_the_old_one_which_stays_public(coordinator):
    old = SituationReportFactory(public=True)
    new = supersede_report(report=old, by=coordinator)
    move_report(report=new, to=ReportStatus.REVIEW, by=coordinator)
    move_report(report=new, to=ReportStatus.ADOPTED, by=coordinator, decision=DecisionFactory())
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (ReportStatus.SUPERSEDED, ReportStatus.ADOPTED)
    assert set(SituationReport.objects.public()) == {old, new}
    assert list(SituationReport.objects.public().adopted()) == [new]
    assert old.superseded_by == new


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.REVIEW, ReportStatus.SUPERSEDED])
def test_only_an_adopted_report_gets_a_new_version(status, coordinator):
    report = _report_in(status)
    with pytest.raises(ValidationError) as exc:
        supersede_report(report=report, by=coordinator)
    assert exc.value.code == "not_adopted"
    assert SituationReport.objects.count() == 1


def test_a_second_new_version_of_the_same_report_is_refused(coordinator):
    old = SituationReportFactory(adopted=True)
    supersede_report(report=old, by=coordinator)
    with pytest.raises(ValidationError) as exc:
        supersede_report(report=old, by=coordinator)
    assert exc.value.code == "already_superseded"
    assert SituationReport.objects.count() == 2


def test_moves_are_kept_in_the_history(coordinator):
    report = _report_in(ReportStatus.DRAFT)
    move_report(report=report, to=ReportStatus.REVIEW, by=coordinator)
    assert [h.status for h in report.history.order_by("history_date")] == ["utkast", "beredning"]


# --- § 6 watch -------------------------------------------------------------------------------------

TODAY = datetime.date(2026, 6, 1)


def _statutory(decided_on, **kwargs):
    kwargs.setdefault("status", ReportStatus.ADOPTED)
    return SituationReportFactory(
        kind=ReportKind.STATUTORY, decision=DecisionFactory(decided_on=decided_on), **kwargs
    )


def test_watch_without_any_adopted_statutory_report_says_missing():
    SituationReportFactory(kind=ReportKind.STATUTORY)  # a draft does not count
    SituationReportFactory(kind=ReportKind.JOINT, adopted=True)  # nor another kind
    watch = statutory_report_watch(today=TODAY)
    assert (watch.level, watch.report, watch.needs_attention) == ("missing", None, True)


@pytest.mark.parametrize(
    ("decided_on", "level", "days_left"),
    [
        (datetime.date(2025, 1, 1), "ok", 214),
        (datetime.date(2024, 8, 31), "ok", 91),
        (datetime.date(2024, 8, 30), "soon", 90),
        (datetime.date(2024, 6, 1), "soon", 0),
        (datetime.date(2024, 5, 31), "overdue", -1),
        (datetime.date(2023, 1, 1), "overdue", -516),
    ],
)
def test_watch_levels_by_age_of_the_newest_adopted_statutory_report(decided_on, level, days_left):
    report = _statutory(decided_on)
    watch = statutory_report_watch(today=TODAY)
    assert (watch.report, watch.level, watch.days_left) == (report, level, days_left)
    assert watch.due_on == decided_on.replace(year=decided_on.year + 2)


def test_watch_uses_the_newest_adopted_one_and_ignores_superseded():
    _statutory(datetime.date(2022, 1, 1), status=ReportStatus.SUPERSEDED)
    newest = _statutory(datetime.date(2025, 3, 1))
    _statutory(datetime.date(2023, 3, 1))
    assert statutory_report_watch(today=TODAY).report == newest


def test_watch_counts_two_years_from_a_leap_day():
    _statutory(datetime.date(2024, 2, 29))
    assert statutory_report_watch(today=TODAY).due_on == datetime.date(2026, 2, 28)
