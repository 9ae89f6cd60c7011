"""The follow-up reports of the demo: the first round's, published after KF, and the current draft."""

import datetime

from django.utils import timezone

from actors.models import Decision, Forum, ForumKind
from trygg.visibility import Visibility

from ..models import (
    FollowUpPeriod,
    FollowUpReport,
    ReportStatus,
)
from ..services import report as report_services

D = datetime.date


INTRODUCTION = (
    "Kommunen och Polisen LPO Nybro följer upp åtgärdsplanen för brottsförebyggande arbete 2025–2027 "
    "enligt 6 § lagen (2023:196). Rapporten bygger på parternas uppföljningar av varje åtgärd, "
    "statistiken i portalen och medborgarlöftet.\n\n"
    "Kommunstyrelsen leder arbetet och rapporterar till kommunfullmäktige enligt 13 §."
)


CONCLUSIONS = (
    "Åtta av planens femton åtgärder har börjat. Polisens närvaro i centrum kvällstid har gett färre "
    "anmälningar om skadegörelse, och hälften av den nya belysningen vid busstationen och torget är på "
    "plats. Arbetet med unga i riskzon är försenat och behöver mer tid från socialtjänsten.\n\n"
    "Styrgruppen föreslår att arbetet fortsätter enligt planen och att uppföljningen av unga i riskzon "
    "redovisas särskilt nästa gång."
)


def load_published_report(period: FollowUpPeriod, coordinator) -> FollowUpReport:
    """The first round's report, taken through styrgruppen, KS and KF and published."""
    report = report_services.create_report(
        period=period,
        by=coordinator,
        title="Uppföljning av åtgärdsplanens första månader",
        diary_number="KS 2025/77",
        introduction=INTRODUCTION,
        conclusions=CONCLUSIONS,
    )
    _take_through_the_bodies(report, coordinator)
    return report


def load_draft_report(period: FollowUpPeriod, coordinator) -> FollowUpReport:
    """The current round's report: the coordinator's draft, conclusions not yet written."""
    return report_services.create_report(
        period=period,
        by=coordinator,
        title="Uppföljning av åtgärdsplanen 2026",
        diary_number="KS 2026/41",
        introduction=INTRODUCTION,
        conclusions="",
    )


def _decision(forum_name: str, kind: str, day: datetime.date, paragraph: str, title: str) -> Decision | None:
    forum = Forum.objects.filter(name=forum_name, kind=kind).first()
    if forum is None:
        return None
    decision, _created = Decision.objects.get_or_create(
        forum=forum,
        decided_on=day,
        paragraph=paragraph,
        defaults={"title": title, "diary_number": "KS 2025/77", "visibility": Visibility.PUBLIC},
    )
    return decision


def _take_through_the_bodies(report, coordinator) -> None:
    """Finalised 2025-10-10; styrgruppen on 2025-10-16, KS § 187 on 2025-11-11, anmäld i KF, published."""
    report_services.finalise_report(
        report=report,
        by=coordinator,
        at=timezone.make_aware(datetime.datetime(2025, 10, 10, 9, 0)),
    )
    steering = _decision(
        "Styrgruppen för trygghet",
        ForumKind.STEERING_GROUP,
        D(2025, 10, 16),
        "SG § 10 a",
        "Uppföljningsrapport för åtgärdsplanens första månader, överlämnas till kommunstyrelsen",
    )
    ks = Decision.objects.filter(forum__kind=ForumKind.KS, paragraph="KS § 187").first()
    kf = _decision(
        "Kommunfullmäktige",
        ForumKind.KF,
        D(2025, 11, 24),
        "KF § 121",
        "Anmälan av uppföljning av åtgärdsplanen",
    )
    for status, decision in (
        (ReportStatus.BOARD, steering),
        (ReportStatus.COUNCIL, ks),
        (ReportStatus.PUBLISHED, kf),
    ):
        if decision is None:
            return  # the actors demo did not run: the report stays where it got to
        report_services.advance_report(report=report, to=status, by=coordinator, decision=decision)
    # Published the day after KF took note, not on the day the demo happens to be loaded.
    FollowUpReport.objects.filter(pk=report.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 11, 25, 10, 0))
    )
