"""Data for the law's duties (cycles.services.compliance), shared by the compliance tests of every layer
and the browser: a statutory lägesbild, a decided plan, a report dealt with by KS and KF, a meeting of
the strategic council, and `all_met(today)`, data that meets every duty at that day."""

import datetime

from django.utils import timezone

from actors.models import ForumKind
from cycles.models import AgreementStatus, PlanStatus, ReportStatus
from lagesbild.models import ReportKind
from tests.actors.factories import DecisionFactory, ForumFactory, MeetingFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    AgreementFactory,
    CycleFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureUpdateFactory,
    public_measure,
)
from tests.lagesbild.factories import SituationReportFactory
from tests.trygg.factories import UserFactory
from trygg.models import MunicipalitySettings
from trygg.roles import Role
from trygg.visibility import Visibility


def statutory_report(decided_on=datetime.date(2025, 2, 11), **kwargs):
    return SituationReportFactory(
        kind=ReportKind.STATUTORY, adopted=True, decision__decided_on=decided_on, **kwargs
    )


def ks_decision(day, **kwargs):
    return DecisionFactory(forum=ForumFactory(kind=ForumKind.KS), decided_on=day, **kwargs)


def decided_plan(decided_on=datetime.date(2025, 6, 10), *, report="auto", **kwargs):
    kwargs.setdefault("status", PlanStatus.DECIDED)
    return ActionPlanFactory(
        decision=ks_decision(decided_on),
        situation_report=statutory_report() if report == "auto" else report,
        **kwargs,
    )


def handled_report(*, board_on=None, council_on=None, **kwargs):
    """A follow-up report dealt with by KS (and anmäld i KF), without a plan of its own in force."""
    return FollowUpReportFactory(
        period=FollowUpPeriodFactory(cycle=CycleFactory(is_current=False)),
        status=ReportStatus.COUNCIL if council_on is None else ReportStatus.PUBLISHED,
        board_decision=ks_decision(board_on) if board_on else None,
        council_decision=(
            DecisionFactory(forum=ForumFactory(kind=ForumKind.KF), decided_on=council_on)
            if council_on
            else None
        ),
        snapshot={},
        **kwargs,
    )


def all_met(today: datetime.date, *, visibility=Visibility.PUBLIC) -> None:
    """Data that meets every duty at `today`, each piece of evidence with this visibility."""
    recent = today - datetime.timedelta(days=30)
    report = statutory_report(decided_on=recent, visibility=visibility, title="Lägesbild som bevis")
    decided_plan(
        decided_on=recent,
        report=report,
        period_start=recent,
        period_end=today + datetime.timedelta(days=365),
        visibility=visibility,
        title="Åtgärdsplan som bevis",
    )
    handled_report(board_on=recent, council_on=recent, published_at=timezone.now(), title="Rapport som bevis")
    AgreementFactory(
        status=AgreementStatus.IN_FORCE,
        valid_to=None,
        signed_on=recent,
        visibility=visibility,
        title="Överenskommelse som bevis",
    )
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL, visibility=visibility)
    council_meeting(recent, forum=council, visibility=visibility)
    UserFactory(roles=[Role.COORDINATOR])
    site = MunicipalitySettings.load()
    site.contact_name, site.contact_email = "Sara Samordnare", "sara@example.org"
    site.save()
    MeasureUpdateFactory(measure=public_measure(), date=recent)


def council_meeting(day: datetime.date, **kwargs):
    forum = kwargs.pop("forum", None) or ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 0)))
    return MeetingFactory(forum=forum, starts_at=at, **kwargs)
