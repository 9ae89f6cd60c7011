"""cycles.services.compliance: each duty of Lag (2023:196) §§ 4–13 in every state, computed from the data
at a given day, the two-year boundaries, and `deadlines()` for the årshjul."""

import datetime

import pytest
from django.utils import timezone

from actors.models import ForumKind
from cycles.models import AgreementStatus, PlanStatus
from cycles.services.compliance import DUTIES, Deadline, age_text, deadlines, duty_statuses, summary
from cycles.services.evidence import FIRST_PLAN_DUE, DutyState, EvidenceLevel
from lagesbild.models import ReportKind
from tests.actors.factories import ForumFactory, MeetingFactory
from tests.cycles.compliance_data import (
    all_met,
    council_meeting,
    decided_plan,
    handled_report,
    statutory_report,
)
from tests.cycles.factories import (
    AgreementFactory,
    MeasureUpdateFactory,
    public_measure,
)
from tests.lagesbild.factories import SituationReportFactory
from tests.trygg.factories import UserFactory
from trygg.models import MunicipalitySettings
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
MET, SOON, MISSING = DutyState.MET, DutyState.DUE_SOON, DutyState.MISSING


def status_of(key: str, today: datetime.date = TODAY):
    return next(s for s in duty_statuses(today) if s.duty.key == key)


def test_all_met_meets_every_duty():
    all_met(TODAY)
    assert [s.state for s in duty_statuses(TODAY)] == [MET] * 8


def test_every_duty_of_the_law_is_listed_in_order():
    assert [d.paragraph for d in DUTIES] == ["4 §", "5 §", "6 §", "6 §", "8–9 §§", "10 §", "11–12 §§", "13 §"]


def test_an_empty_database_meets_no_duty():
    statuses = duty_statuses(TODAY)
    assert [s.state for s in statuses] == [MISSING] * 8
    assert summary(statuses) == {"total": 8, "met": 0, "due_soon": 0, "missing": 8}
    assert all(s.next_step and s.next_url for s in statuses)


# --- 4 § ------------------------------------------------------------------------------------------


def test_4_is_met_by_an_adopted_statutory_report_with_all_three_sections():
    report = statutory_report()
    status = status_of("lagesbild")
    assert status.state == MET
    assert [e.title for e in status.evidence] == [f"Lägesbild: {report.title} ({report.decision.paragraph})"]
    assert status.due_on is None


def test_4_is_missing_when_a_section_is_empty():
    statutory_report(analysis="")
    status = status_of("lagesbild")
    assert status.state == MISSING
    assert "3. Analys" in status.explanation


@pytest.mark.parametrize(
    "kwargs",
    [{"kind": ReportKind.MUNICIPAL, "adopted": True}, {"kind": ReportKind.STATUTORY}],
    ids=["not-statutory", "draft"],
)
def test_4_is_missing_without_an_adopted_statutory_report(kwargs):
    SituationReportFactory(**kwargs)
    assert status_of("lagesbild").state == MISSING


# --- 6 § (lägesbilden) and the two-year boundaries ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2026, 3, 16), MET),  # 91 days before the two-year day
        (datetime.date(2026, 3, 17), SOON),  # 90 days before
        (datetime.date(2026, 6, 14), SOON),  # the day before
        (datetime.date(2026, 6, 15), SOON),  # the two-year day itself: still in time
        (datetime.date(2026, 6, 16), MISSING),  # the day after
    ],
)
def test_6_situation_report_counts_two_years_from_its_adoption(today, state):
    statutory_report(decided_on=datetime.date(2024, 6, 15))
    status = status_of("lagesbild-uppdaterad", today)
    assert (status.state, status.due_on) == (state, datetime.date(2026, 6, 15))


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2026, 2, 27), SOON),
        (datetime.date(2026, 2, 28), SOON),
        (datetime.date(2026, 3, 1), MISSING),
    ],
)
def test_6_two_years_from_29_february_ends_on_28_february(today, state):
    statutory_report(decided_on=datetime.date(2024, 2, 29))
    status = status_of("lagesbild-uppdaterad", today)
    assert (status.state, status.due_on) == (state, datetime.date(2026, 2, 28))


def test_6_situation_report_counts_from_the_newest_adoption():
    statutory_report(decided_on=datetime.date(2022, 1, 10))
    newest = statutory_report(decided_on=datetime.date(2025, 9, 1))
    status = status_of("lagesbild-uppdaterad")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 9, 1))
    assert status.evidence[0].day == newest.decision.decided_on


def test_6_situation_report_is_missing_without_one():
    assert status_of("lagesbild-uppdaterad").state == MISSING


# --- 5 § ------------------------------------------------------------------------------------------


def test_5_is_met_by_a_decided_plan_in_force_that_rests_on_a_report():
    plan = decided_plan(period_end=datetime.date(2027, 6, 30))
    status = status_of("atgardsplan")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 6, 30))
    assert status.evidence[0].title == f"Åtgärdsplan: {plan.title} ({plan.decision.paragraph})"
    assert status.next_url == f"/arbete/planer/{plan.pk}/"


@pytest.mark.parametrize(
    ("period_end", "state"),
    [
        (datetime.date(2026, 9, 13), SOON),  # 90 days left
        (TODAY, SOON),  # its last day
        (datetime.date(2026, 6, 14), MISSING),  # ended yesterday
    ],
)
def test_5_comes_due_as_the_plan_ends(period_end, state):
    decided_plan(period_start=datetime.date(2025, 1, 1), period_end=period_end)
    status = status_of("atgardsplan")
    assert (status.state, status.due_on) == (state, period_end)


def test_5_is_missing_when_the_plan_rests_on_no_report():
    plan = decided_plan(report=None)
    status = status_of("atgardsplan")
    assert status.state == MISSING
    assert status.next_url == f"/arbete/planer/{plan.pk}/andra/"


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.SUPERSEDED])
def test_5_is_missing_without_a_decided_plan(status):
    decided_plan(status=status)
    result = status_of("atgardsplan")
    assert (result.state, result.due_on) == (MISSING, FIRST_PLAN_DUE)


# --- 6 § (uppföljningen) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2027, 8, 12), MET),
        (datetime.date(2027, 8, 13), SOON),
        (datetime.date(2027, 11, 11), SOON),
        (datetime.date(2027, 11, 12), MISSING),
    ],
)
def test_6_follow_up_counts_two_years_from_the_ks_decision(today, state):
    report = handled_report(board_on=datetime.date(2025, 11, 11))
    status = status_of("plan-uppfoljd", today)
    assert (status.state, status.due_on) == (state, datetime.date(2027, 11, 11))
    assert status.evidence[0].title.startswith(f"Uppföljningsrapport: {report.title}")


def test_6_follow_up_before_the_first_report_counts_from_the_plan_decision():
    decided_plan(decided_on=datetime.date(2025, 6, 10))
    status = status_of("plan-uppfoljd")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 6, 10))


def test_6_follow_up_is_missing_without_plan_or_report():
    assert status_of("plan-uppfoljd").state == MISSING


# --- 8–9 §§ -------------------------------------------------------------------------------------


def test_8_9_is_met_by_a_signed_agreement_in_force():
    agreement = AgreementFactory(status=AgreementStatus.IN_FORCE, signed_on=datetime.date(2025, 4, 8))
    status = status_of("samverkan")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 6, 30))
    assert [(e.title, e.day) for e in status.evidence] == [
        (f"Överenskommelse: {agreement.title}", datetime.date(2025, 4, 8))
    ]


def test_8_9_open_ended_agreement_has_no_due_date():
    AgreementFactory(status=AgreementStatus.SIGNED, valid_to=datetime.date(2026, 7, 1))
    AgreementFactory(status=AgreementStatus.IN_FORCE, valid_to=None)
    status = status_of("samverkan")
    assert (status.state, status.due_on) == (MET, None)


def test_8_9_is_due_soon_when_every_agreement_ends_within_90_days():
    AgreementFactory(status=AgreementStatus.IN_FORCE, valid_to=datetime.date(2026, 9, 13))
    status = status_of("samverkan")
    assert (status.state, status.due_on) == (SOON, datetime.date(2026, 9, 13))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": AgreementStatus.DRAFT},
        {"status": AgreementStatus.ENDED},
        {"status": AgreementStatus.IN_FORCE, "valid_to": datetime.date(2026, 6, 14)},
        {"status": AgreementStatus.IN_FORCE, "valid_from": datetime.date(2026, 6, 16)},
    ],
    ids=["draft", "ended", "expired", "not-yet"],
)
def test_8_9_is_missing_without_a_valid_agreement(kwargs):
    AgreementFactory(**kwargs)
    assert status_of("samverkan").state == MISSING


# --- 10 § ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met_on", "state"),
    [
        (datetime.date(2025, 9, 14), MET),  # the one-year day is 91 days away
        (datetime.date(2025, 9, 13), SOON),  # 90 days away
        (datetime.date(2025, 6, 15), SOON),  # a year ago today
        (datetime.date(2025, 6, 14), MISSING),
    ],
)
def test_10_counts_a_year_from_the_councils_last_meeting(met_on, state):
    council_meeting(met_on)
    status = status_of("strategiskt-rad")
    assert (status.state, status.due_on) == (state, met_on.replace(year=2026))


def test_10_ignores_meetings_of_other_forums_and_future_meetings():
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL)
    council_meeting(datetime.date(2026, 7, 1), forum=council)
    MeetingFactory(forum=ForumFactory(kind=ForumKind.STEERING_GROUP))
    status = status_of("strategiskt-rad")
    assert status.state == MISSING
    assert status.next_url == "/admin/actors/meeting/add/"


def test_10_is_missing_without_a_council():
    status = status_of("strategiskt-rad")
    assert (status.state, status.next_url) == (MISSING, "/admin/actors/forum/add/")


# --- 11–12 §§ -----------------------------------------------------------------------------------


@pytest.fixture
def contact(db):
    site = MunicipalitySettings.load()
    site.contact_name, site.contact_email = "Sara Samordnare", "sara@example.org"
    site.save()
    return site


def public_update(day: datetime.date):
    return MeasureUpdateFactory(measure=public_measure(), date=day)


def test_11_12_is_met_with_coordinator_contact_and_recent_information(contact):
    UserFactory(roles=[Role.COORDINATOR])
    update = public_update(datetime.date(2026, 1, 10))
    status = status_of("samordning")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 1, 10))
    assert [e.title for e in status.evidence] == [
        "Kontaktperson: Sara Samordnare",
        f"Lägesrapport om åtgärden ”{update.measure.title}”",
    ]
    assert all(e.is_public for e in status.evidence)


@pytest.mark.parametrize(
    ("day", "state"), [(datetime.date(2025, 9, 13), SOON), (datetime.date(2025, 6, 14), MISSING)]
)
def test_11_12_comes_due_a_year_after_the_newest_information(contact, day, state):
    UserFactory(roles=[Role.COORDINATOR])
    public_update(day)
    assert status_of("samordning").state == state


def test_11_12_counts_the_newest_published_report(contact):
    UserFactory(roles=[Role.COORDINATOR])
    public_update(datetime.date(2025, 1, 10))
    handled_report(
        board_on=datetime.date(2026, 2, 1),
        council_on=datetime.date(2026, 2, 20),
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 10)),
    )
    status = status_of("samordning")
    assert (status.state, status.due_on) == (MET, datetime.date(2027, 3, 1))


def test_11_12_is_missing_without_a_coordinator(contact):
    UserFactory(roles=[Role.BOARD_READER])
    UserFactory(roles=[Role.COORDINATOR], is_active=False)
    public_update(datetime.date(2026, 1, 10))
    assert status_of("samordning").state == MISSING


def test_11_12_is_missing_without_a_public_contact(db):
    UserFactory(roles=[Role.COORDINATOR])
    public_update(datetime.date(2026, 1, 10))
    status = status_of("samordning")
    assert status.state == MISSING
    assert status.next_url == "/admin/trygg/municipalitysettings/1/change/"


def test_11_12_ignores_updates_of_internal_measures(contact):
    UserFactory(roles=[Role.COORDINATOR])
    MeasureUpdateFactory(
        measure=public_measure(visibility=Visibility.INTERNAL), date=datetime.date(2026, 1, 10)
    )
    assert status_of("samordning").state == MISSING


# --- 13 § ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2027, 11, 24), SOON),
        (datetime.date(2027, 11, 25), MISSING),
        (datetime.date(2027, 8, 25), MET),
    ],
)
def test_13_counts_two_years_from_the_report_to_kf(today, state):
    handled_report(board_on=datetime.date(2025, 11, 11), council_on=datetime.date(2025, 11, 24))
    status = status_of("kommunstyrelsen", today)
    assert (status.state, status.due_on) == (state, datetime.date(2027, 11, 24))


def test_13_report_at_ks_but_not_in_kf_counts_from_the_plan():
    decided_plan(decided_on=datetime.date(2024, 5, 20))
    handled_report(board_on=datetime.date(2026, 5, 1))
    status = status_of("kommunstyrelsen")
    assert (status.state, status.due_on) == (MISSING, datetime.date(2026, 5, 20))
    assert status.next_step == "Anmäl uppföljningen i kommunfullmäktige"


# --- Evidence levels ----------------------------------------------------------------------------


def test_evidence_level_follows_each_objects_own_visibility():
    statutory_report(visibility=Visibility.PUBLIC)
    decided_plan(visibility=Visibility.CONFIDENTIAL, report=None)
    AgreementFactory(status=AgreementStatus.IN_FORCE, visibility=Visibility.INTERNAL)
    levels = {s.duty.key: [e.level for e in s.evidence] for s in duty_statuses(TODAY)}
    assert levels["lagesbild"] == [EvidenceLevel.PUBLIC]
    assert levels["atgardsplan"] == [EvidenceLevel.CONFIDENTIAL]
    assert levels["samverkan"] == [EvidenceLevel.INTERNAL]


def test_a_meeting_of_a_confidential_council_is_confidential():
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL, visibility=Visibility.CONFIDENTIAL)
    council_meeting(datetime.date(2026, 5, 1), forum=council, visibility=Visibility.INTERNAL)
    assert [e.level for e in status_of("strategiskt-rad").evidence] == [EvidenceLevel.CONFIDENTIAL]


# --- deadlines() and age_text() -----------------------------------------------------------------


def test_deadlines_lists_each_dated_duty_soonest_first():
    decided_plan(decided_on=datetime.date(2025, 6, 10), report=statutory_report(datetime.date(2025, 2, 11)))
    council_meeting(datetime.date(2025, 10, 9))
    on = "/arbete/lagkrav/#krav-"  # each links to its duty on /arbete/lagkrav/ (never to the admin)
    assert deadlines(TODAY) == [
        Deadline(
            datetime.date(2026, 10, 9),
            "Det strategiska rådet bör mötas (10 §)",
            f"{on}strategiskt-rad",
            "10 §",
        ),
        Deadline(
            datetime.date(2027, 2, 11), "Lägesbilden ska uppdateras (6 §)", f"{on}lagesbild-uppdaterad", "6 §"
        ),
        Deadline(
            datetime.date(2027, 6, 10),
            "Uppföljningen ska anmälas i kommunfullmäktige (13 §)",
            f"{on}kommunstyrelsen",
            "13 §",
        ),
        Deadline(
            datetime.date(2027, 6, 10), "Åtgärdsplanen ska följas upp (6 §)", f"{on}plan-uppfoljd", "6 §"
        ),
        Deadline(
            datetime.date(2027, 6, 30), "Ny åtgärdsplan ska vara beslutad (5 §)", f"{on}atgardsplan", "5 §"
        ),
    ]


def test_deadlines_keeps_overdue_ones():
    statutory_report(decided_on=datetime.date(2023, 1, 1))
    assert [(d.due_on, d.paragraph) for d in deadlines(TODAY)] == [
        (datetime.date(2024, 7, 1), "5 §"),  # no plan: the law's first date
        (datetime.date(2025, 1, 1), "6 §"),
    ]


@pytest.mark.parametrize(
    ("since", "text"),
    [
        (datetime.date(2024, 12, 15), "1 år 6 månader sedan"),
        (datetime.date(2024, 12, 16), "1 år 5 månader sedan"),
        (datetime.date(2025, 6, 15), "1 år sedan"),
        (datetime.date(2026, 5, 15), "1 månad sedan"),
        (datetime.date(2026, 6, 12), "3 dagar sedan"),
        (datetime.date(2026, 6, 14), "1 dag sedan"),
        (TODAY, "i dag"),
    ],
)
def test_age_text_in_whole_years_and_months(since, text):
    assert age_text(since, TODAY) == text
