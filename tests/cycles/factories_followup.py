"""Factories for step 5: follow-up periods, follow-ups and reports. Drafts and internal by default.

`period_with_measures(n)` gives a period over a running public plan with n measures;
`decision(kind)` a decision by a forum of that kind (styrgrupp, KS, KF) dated after today's reports;
`published_report()` a report that has gone all the way through the services.
"""

import datetime

import factory
from django.utils import timezone

from actors.models import ForumKind
from cycles import services_followup as services
from cycles.models import (
    Assessment,
    FollowUp,
    FollowUpPeriod,
    FollowUpReport,
    FollowUpStatus,
    ReportStatus,
)
from tests.actors.factories import DecisionFactory, ForumFactory
from tests.cycles.factories_measures import public_measure, running_plan
from trygg.visibility import Visibility


class FollowUpPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpPeriod

    cycle = factory.LazyAttribute(lambda o: running_plan().cycle)
    name = factory.Sequence(lambda n: f"Uppföljning {2024 + n}")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 12, 31)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    remind_days_before = 14


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    period = factory.SubFactory(FollowUpPeriodFactory)
    measure = factory.LazyAttribute(lambda o: public_measure(plan__cycle=o.period.cycle))
    done_text = "Vi har satt upp belysning i parken."
    effect_text = "Färre anmälningar om skadegörelse."
    lessons = "Börja tidigare med upphandlingen."
    assessment = Assessment.GREEN
    assessment_reason = "Allt är gjort enligt planen."
    public_summary = ""
    status = FollowUpStatus.DRAFT
    visibility = Visibility.INTERNAL


class FollowUpReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReport

    period = factory.SubFactory(FollowUpPeriodFactory)
    report_version = 1
    title = factory.Sequence(lambda n: f"Uppföljningsrapport {n}")
    diary_number = factory.Sequence(lambda n: f"KS 2025/{500 + n}")
    introduction = "Så här har arbetet gått."
    conclusions = "Vi fortsätter med det som fungerar."
    status = ReportStatus.DRAFT


def period_with_measures(n: int = 1, **measure_kwargs) -> FollowUpPeriod:
    """A period over a running public plan with n public measures."""
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    for _i in range(n):
        public_measure(plan=plan, **measure_kwargs)
    return period


def decision(kind: str = ForumKind.STEERING_GROUP, *, days_after: int = 1, **kwargs):
    """A decision by a forum of `kind`, dated `days_after` days from today (never in the future)."""
    day = timezone.localdate() - datetime.timedelta(days=max(0, 5 - days_after))
    return DecisionFactory(forum=ForumFactory(kind=kind), decided_on=day, **kwargs)


def published_report(report: FollowUpReport | None = None, *, by=None) -> FollowUpReport:
    """Take a draft report through styrgrupp, KS and KF to published, with one decision per step."""
    report = report or FollowUpReportFactory()
    at = timezone.now() - datetime.timedelta(days=10)
    services.finalise_report(report=report, by=by, at=at)
    services.advance_report(report=report, to=ReportStatus.BOARD, by=by, decision=decision(days_after=1))
    services.advance_report(
        report=report, to=ReportStatus.COUNCIL, by=by, decision=decision(ForumKind.KS, days_after=2)
    )
    services.advance_report(
        report=report, to=ReportStatus.PUBLISHED, by=by, decision=decision(ForumKind.KF, days_after=3)
    )
    return report
