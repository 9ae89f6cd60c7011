"""What the compliance duties (cycles.services.compliance) read and give: the facts gathered from the
data in a fixed number of queries, the three states, and the evidence that meets a duty, with who may
see it. Also the § 6 watch on the follow-up that the dashboard panel "Uppföljningen enligt 6 §" shows."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Forum, ForumKind, Meeting
from lagesbild.models import SituationReport
from lagesbild.services import VALID_YEARS, WARN_DAYS, ReportWatch, statutory_report_watch
from trygg.dates import add_years
from trygg.models import MunicipalitySettings
from trygg.roles import Role
from trygg.visibility import Visibility

from ..models import (
    PLAN_PUBLIC_STATUSES,
    ActionPlan,
    Agreement,
    AgreementStatus,
    FollowUpReport,
    MeasureUpdate,
)

# Residents count as informed when something new about the work was published within this many years
# (the portal's reading of § 12: the law gives no interval).
INFORM_YEARS = 1
# The strategic council counts as working when it met within this many years (§ 10 gives no interval).
COUNCIL_YEARS = 1
# The first åtgärdsplan had to be decided by this day (the law's transitional provision).
FIRST_PLAN_DUE = datetime.date(2024, 7, 1)


class DutyState(models.TextChoices):
    MET = "uppfyllt", _("Uppfyllt")
    DUE_SOON = "snart_forfallet", _("Snart förfallet")
    MISSING = "saknas", _("Saknas")


class EvidenceLevel(models.TextChoices):
    """Who may see a piece of evidence: residents see public evidence with its title and link, internal
    evidence only as "Intern handling, <date>", and confidential evidence not at all."""

    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")
    CONFIDENTIAL = "confidential", _("Konfidentiell")


@dataclass(frozen=True)
class Evidence:
    """What meets a duty: a decision, a report, an agreement, a meeting, the contact block …"""

    title: str
    day: datetime.date | None
    level: str = EvidenceLevel.INTERNAL
    url: str = ""  # in the workspace (or the admin)
    public_url: str = ""  # on the public site, only for public evidence
    public_title: str = ""  # what residents read, when it differs (no internal decision's paragraph)

    @property
    def resident_title(self) -> str:
        return self.public_title or self.title

    @property
    def is_public(self) -> bool:
        return self.level == EvidenceLevel.PUBLIC


@dataclass(frozen=True)
class Duty:
    key: str
    paragraph: str  # "4 §", "8–9 §§"
    title: str
    summary: str  # the law's words in plain Swedish
    deadline_title: str  # for the årshjul
    check: Callable[["Facts", datetime.date], "DutyStatus"]


@dataclass(frozen=True)
class DutyStatus:
    duty: Duty
    state: str
    explanation: str  # why this state, in plain Swedish
    evidence: list[Evidence] = field(default_factory=list)
    due_on: datetime.date | None = None  # when the duty falls due again (or fell due)
    next_step: str = ""
    next_url: str = ""

    @property
    def is_met(self) -> bool:
        return self.state == DutyState.MET

    @property
    def state_label(self) -> str:
        return DutyState(self.state).label


@dataclass(frozen=True)
class Facts:
    """Everything the duties read, gathered by `gather_facts` in a fixed number of queries."""

    situation_watch: ReportWatch
    plan: ActionPlan | None
    followup_watch: ReportWatch
    council_report: FollowUpReport | None
    agreements: list[Agreement]
    council: Forum | None
    council_meeting: Meeting | None
    has_coordinator: bool
    site: MunicipalitySettings
    newest_update: MeasureUpdate | None
    newest_public_report: FollowUpReport | None


def followup_report_watch(*, today: datetime.date | None = None) -> ReportWatch:
    """§ 6: the plan must be followed up at least every second year; counted from the newest follow-up
    report kommunstyrelsen has dealt with (its KS decision)."""
    today = today or timezone.localdate()
    report = (
        FollowUpReport.objects.filter(board_decision__isnull=False)
        .select_related("board_decision__forum")
        .order_by("-board_decision__decided_on", "-pk")
        .first()
    )
    if report is None:
        return ReportWatch(report=None, due_on=None, days_left=None)
    due_on = add_years(report.board_decision.decided_on, VALID_YEARS)
    return ReportWatch(report=report, due_on=due_on, days_left=(due_on - today).days)


def gather_facts(today: datetime.date, *, site: MunicipalitySettings | None = None) -> Facts:
    """The data behind every duty: eleven queries (ten when the view passes the municipality settings it
    has already read), whatever the number of objects."""
    plan = (
        ActionPlan.objects.filter(status__in=PLAN_PUBLIC_STATUSES, decision__isnull=False)
        .filter(period_start__lte=today)
        .select_related("decision__forum", "situation_report")
        .order_by("-period_end", "-decision__decided_on", "-pk")
        .first()
    )
    agreements = list(
        Agreement.objects.filter(status__in=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE))
        .exclude(purposes="")
        .exclude(areas="")
        .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=today))
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today))
        .order_by("valid_to", "title")
    )
    council_meeting = (
        Meeting.objects.filter(forum__kind=ForumKind.STRATEGIC_COUNCIL, starts_at__date__lte=today)
        .select_related("forum")
        .order_by("-starts_at")
        .first()
    )
    return Facts(
        situation_watch=statutory_report_watch(today=today),
        plan=plan,
        followup_watch=followup_report_watch(today=today),
        council_report=FollowUpReport.objects.filter(council_decision__isnull=False)
        .select_related("council_decision__forum")
        .order_by("-council_decision__decided_on", "-pk")
        .first(),
        agreements=agreements,
        council=Forum.objects.filter(kind=ForumKind.STRATEGIC_COUNCIL).order_by("pk").first(),
        council_meeting=council_meeting,
        has_coordinator=get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
        .exists(),
        site=site or MunicipalitySettings.load(),
        newest_update=MeasureUpdate.objects.public()
        .filter(date__lte=today)
        .select_related("measure")
        .newest_first()
        .first(),
        newest_public_report=FollowUpReport.objects.public().order_by("-published_at", "-pk").first(),
    )


# --- Helpers -------------------------------------------------------------------------------------


def state_for(due_on: datetime.date, today: datetime.date) -> str:
    """Met until `due_on` is within WARN_DAYS, due soon until and including `due_on`, missing after."""
    days_left = (due_on - today).days
    if days_left < 0:
        return DutyState.MISSING
    if days_left <= WARN_DAYS:
        return DutyState.DUE_SOON
    return DutyState.MET


def level_of(obj, is_public_now: bool) -> str:
    if is_public_now:
        return EvidenceLevel.PUBLIC
    if getattr(obj, "visibility", None) == Visibility.CONFIDENTIAL:
        return EvidenceLevel.CONFIDENTIAL
    return EvidenceLevel.INTERNAL


def decided_evidence(label, title: str, decision, *, level: str, url: str, public_url: str) -> Evidence:
    """Evidence adopted by a decision: "Lägesbild: <title> (KS § 23)". Residents see the decision's
    paragraph only when the decision itself is public."""
    with_paragraph = _("%(label)s: %(title)s (%(decision)s)") % {
        "label": label,
        "title": title,
        "decision": decision.paragraph,
    }
    without = _("%(label)s: %(title)s") % {"label": label, "title": title}
    return Evidence(
        title=with_paragraph,
        public_title=with_paragraph if decision.visibility == Visibility.PUBLIC else without,
        day=decision.decided_on,
        level=level,
        url=url,
        public_url=public_url if level == EvidenceLevel.PUBLIC else "",
    )


def situation_evidence(report: SituationReport) -> Evidence:
    return decided_evidence(
        _("Lägesbild"),
        report.title,
        report.decision,
        level=level_of(report, report.is_public_now),
        url=reverse("lagesbild:workspace-report-detail", args=[report.pk]),
        public_url=reverse("lagesbild:report-detail", args=[report.pk]),
    )


def plan_evidence(plan: ActionPlan) -> Evidence:
    return decided_evidence(
        _("Åtgärdsplan"),
        plan.title,
        plan.decision,
        level=level_of(plan, plan.is_public_now),
        url=reverse("cycles:plan-detail", args=[plan.pk]),
        public_url=reverse("cycles:measure-list"),
    )


def followup_evidence(report: FollowUpReport, decision) -> Evidence:
    """A report is public once published; before that it is an internal handling of the bodies."""
    return decided_evidence(
        _("Uppföljningsrapport"),
        report.title,
        decision,
        level=EvidenceLevel.PUBLIC if report.is_public else EvidenceLevel.INTERNAL,
        url=reverse("cycles:report-detail", args=[report.pk]),
        public_url=reverse("cycles:followup-report", args=[report.pk]),
    )


def missing(duty: Duty, explanation, step, url, *, evidence=(), due_on=None) -> DutyStatus:
    return DutyStatus(
        duty=duty,
        state=DutyState.MISSING,
        explanation=str(explanation),
        evidence=list(evidence),
        due_on=due_on,
        next_step=str(step),
        next_url=url,
    )
