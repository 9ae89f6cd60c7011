"""The law's duties (Lag 2023:196, §§ 4–13) derived from the data: is each one met, with what evidence,
and what falls due next. Nothing here is ticked by hand.

Every duty reads the same `Facts`, gathered once with a fixed number of queries (whatever the data
size), and turns them into a `DutyStatus`. The rule of each state is written beside its duty.

"Two years" is counted as in trygg.dates.add_years: the same date two years later (29 February becomes
28 February). A duty counted that way is met up to and including that date ("förfaller" that day) and
missing from the day after; it is "snart förfallet" from 90 days before (lagesbild's WARN_DAYS).
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagesbild.models import SituationReport
from lagesbild.services import VALID_YEARS
from trygg.dates import add_years
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

from .evidence import (
    COUNCIL_YEARS,
    FIRST_PLAN_DUE,
    INFORM_YEARS,
    Duty,
    DutyState,
    DutyStatus,
    Evidence,
    EvidenceLevel,
    Facts,
    followup_evidence,
    gather_facts,
    level_of,
    missing,
    plan_evidence,
    situation_evidence,
    state_for,
)


@dataclass(frozen=True)
class Deadline:
    """A date by which a duty must be met again, for the årshjul (e.g. § 6: the lägesbild is two years
    old on this day)."""

    due_on: datetime.date
    title: str  # Swedish, e.g. "Lägesbilden ska uppdateras (6 §)"
    url: str  # the workspace page where it is done
    paragraph: str  # e.g. "6 §"


# --- The duties ----------------------------------------------------------------------------------


def check_situation_report(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """4 §: uppfyllt when the newest adopted statutory lägesbild (kind "lagstadgad", status fastställd)
    has all three sections written: kartläggning, annan relevant information, analys. saknas when there
    is none, or a section is empty. Never snart förfallet: its age is the first 6 § duty."""
    report = facts.situation_watch.report
    if report is None:
        return missing(
            duty,
            _("Det finns ingen fastställd lägesbild enligt 4 §."),
            _("Ta fram och fastställ en lägesbild"),
            reverse("lagesbild:workspace-reports"),
        )
    url = reverse("lagesbild:workspace-report-detail", args=[report.pk])
    empty = [
        str(SituationReport._meta.get_field(name).verbose_name)
        for name in ("survey", "other_information", "analysis")
        if not getattr(report, name).strip()
    ]
    if empty:
        return missing(
            duty,
            _("Den fastställda lägesbilden saknar: %(parts)s.") % {"parts": ", ".join(empty)},
            _("Skriv en ny version av lägesbilden med alla tre delar"),
            url,
            evidence=[situation_evidence(report)],
        )
    return DutyStatus(
        duty=duty,
        state=DutyState.MET,
        explanation=str(_("Lägesbilden har kartläggning, annan relevant information och analys.")),
        evidence=[situation_evidence(report)],
        next_step=str(_("Läs lägesbilden")),
        next_url=url,
    )


def check_action_plan(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """5 §: uppfyllt when a decided åtgärdsplan (beslutad, genomförs or uppföljd, with its decision) is
    in force today and rests on a lägesbild. snart förfallet when its period ends within 90 days (a new
    plan is needed; the due date is its last day). saknas when no decided plan is in force today, or it
    rests on no lägesbild."""
    plan = facts.plan
    if plan is None or plan.period_end < today:
        return missing(
            duty,
            _("Ingen beslutad åtgärdsplan gäller i dag."),
            _("Ta fram och besluta en åtgärdsplan"),
            reverse("cycles:plan-list"),
            evidence=[plan_evidence(plan)] if plan else [],
            due_on=plan.period_end if plan else FIRST_PLAN_DUE,
        )
    url = reverse("cycles:plan-detail", args=[plan.pk])
    if plan.situation_report_id is None:
        return missing(
            duty,
            _("Åtgärdsplanen är inte kopplad till någon lägesbild."),
            _("Ange vilken lägesbild planen bygger på"),
            reverse("cycles:plan-edit", args=[plan.pk]),
            evidence=[plan_evidence(plan)],
            due_on=plan.period_end,
        )
    state = state_for(plan.period_end, today)
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(
            _("Åtgärdsplanen gäller till och med %(date)s och bygger på lägesbilden ”%(report)s”.")
            % {"date": plan.period_end.isoformat(), "report": plan.situation_report.title}
        ),
        evidence=[plan_evidence(plan)],
        due_on=plan.period_end,
        next_step=str(_("Börja på nästa åtgärdsplan") if state != DutyState.MET else _("Öppna planen")),
        next_url=reverse("cycles:plan-list") if state != DutyState.MET else url,
    )


def check_situation_updated(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """6 § (lägesbilden): uppfyllt when the newest adopted statutory lägesbild was adopted less than two
    years ago (its decision date); snart förfallet from 90 days before the two-year day up to and
    including that day; saknas when there is none, or from the day after the two-year day."""
    watch = facts.situation_watch
    if watch.report is None:
        return missing(
            duty,
            _("Det finns ingen fastställd lägesbild."),
            _("Ta fram och fastställ en lägesbild"),
            reverse("lagesbild:workspace-reports"),
        )
    state = state_for(watch.due_on, today)
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(
            _("Lägesbilden fastställdes %(date)s och ska vara uppdaterad senast %(due)s.")
            % {"date": watch.report.decision.decided_on.isoformat(), "due": watch.due_on.isoformat()}
        ),
        evidence=[situation_evidence(watch.report)],
        due_on=watch.due_on,
        next_step=str(_("Uppdatera lägesbilden") if state != DutyState.MET else _("Se lägesbilderna")),
        next_url=reverse("lagesbild:workspace-reports"),
    )


def check_plan_followed_up(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """6 § (uppföljningen): counted from the newest follow-up report kommunstyrelsen has dealt with (its
    KS decision, as the dashboard's "Uppföljningen enligt 6 §"), or, before the first one, from the
    decision on the plan in force. uppfyllt when that is less than two years ago; snart förfallet from
    90 days before the two-year day up to and including it; saknas when neither exists, or after."""
    watch = facts.followup_watch
    if watch.report is not None:
        base, evidence = (
            watch.report.board_decision.decided_on,
            [followup_evidence(watch.report, watch.report.board_decision)],
        )
        explanation = _("Kommunstyrelsen behandlade den senaste uppföljningen %(date)s.")
    elif facts.plan is not None:
        base, evidence = facts.plan.decision.decided_on, [plan_evidence(facts.plan)]
        explanation = _("Ingen uppföljning är behandlad än; räknat från beslutet om planen %(date)s.")
    else:
        return missing(
            duty,
            _("Det finns varken en beslutad åtgärdsplan eller en uppföljning."),
            _("Ta fram och besluta en åtgärdsplan"),
            reverse("cycles:plan-list"),
        )
    due_on = add_years(base, VALID_YEARS)
    state = state_for(due_on, today)
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(explanation % {"date": base.isoformat()}),
        evidence=evidence,
        due_on=due_on,
        next_step=str(_("Skriv en uppföljningsrapport") if state != DutyState.MET else _("Se rapporterna")),
        next_url=reverse("cycles:report-list"),
    )


def check_agreements(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """8–9 §§: uppfyllt when at least one samverkansöverenskommelse is undertecknad or gällande, states
    both syften and samverkansområden, and its period covers today (an open end counts). snart
    förfallet when every such agreement ends within 90 days (the due date is the last end date). saknas
    when there is none."""
    if not facts.agreements:
        return missing(
            duty,
            _("Ingen undertecknad samverkansöverenskommelse med syften och samverkansområden gäller i dag."),
            _("Skriv en samverkansöverenskommelse"),
            reverse("admin:cycles_agreement_changelist"),
        )
    ends = [a.valid_to for a in facts.agreements]
    due_on = None if None in ends else max(ends)
    state = DutyState.MET if due_on is None else state_for(due_on, today)
    evidence = [
        Evidence(
            title=_("Överenskommelse: %(title)s") % {"title": a.title},
            day=a.signed_on,
            level=level_of(a, a.is_public_now),
            url=reverse("admin:cycles_agreement_change", args=[a.pk]),
            public_url=reverse("cycles:agreement-list") if a.is_public_now else "",
        )
        for a in facts.agreements
    ]
    explanation = ngettext(
        "%(n)s samverkansöverenskommelse gäller i dag.",
        "%(n)s samverkansöverenskommelser gäller i dag.",
        len(ends),
    ) % {"n": len(ends)}
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=explanation,
        evidence=evidence,
        due_on=due_on,
        next_step=str(_("Förnya överenskommelsen") if state != DutyState.MET else _("Se överenskommelserna")),
        next_url=reverse("admin:cycles_agreement_changelist"),
    )


def check_council(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """10 §: uppfyllt when there is a forum of kind strategiskt råd and it met less than a year ago
    (the portal's reading: the law gives no interval); snart förfallet from 90 days before the one-year
    day up to and including it; saknas when there is no council, it never met, or it met longer ago."""
    meetings_url = reverse("actors:workspace-collaboration")
    if facts.council is None:
        return missing(
            duty,
            _("Det finns inget strategiskt råd."),
            _("Lägg upp det strategiska rådet"),
            reverse("admin:actors_forum_add"),
        )
    meeting = facts.council_meeting
    if meeting is None:
        return missing(
            duty,
            _("Det strategiska rådet har inte haft något möte."),
            _("Boka ett möte med det strategiska rådet"),
            reverse("admin:actors_meeting_add"),
        )
    met_on = timezone.localdate(meeting.starts_at)
    due_on = add_years(met_on, COUNCIL_YEARS)
    state = state_for(due_on, today)
    public = meeting.visibility == Visibility.PUBLIC and meeting.forum.visibility == Visibility.PUBLIC
    evidence = Evidence(
        title=_("Möte: %(forum)s") % {"forum": meeting.forum.name},
        day=met_on,
        # A meeting of a confidential council is as confidential as the council.
        level=level_of(
            meeting.forum if meeting.forum.visibility == Visibility.CONFIDENTIAL else meeting, public
        ),
        url=reverse("actors:meeting-detail", args=[meeting.pk]),
        public_url=reverse("actors:collaboration") if public else "",
    )
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(_("Det strategiska rådet möttes senast %(date)s.") % {"date": met_on.isoformat()}),
        evidence=[evidence],
        due_on=due_on,
        next_step=str(_("Boka nästa möte") if state != DutyState.MET else _("Se rådets möten")),
        next_url=reverse("admin:actors_meeting_add") if state != DutyState.MET else meetings_url,
    )


def check_coordination(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """11–12 §§: uppfyllt when (a) at least one active user has the role samordnare, (b) the public
    contact block names a contact person with e-mail or telephone, and (c) residents were informed less
    than a year ago: the newest approved update of a public measure or the newest published follow-up
    report (the portal's reading of § 12). snart förfallet from 90 days before that one-year day up to
    and including it; saknas when (a) or (b) is missing, nothing was published, or it is older."""
    site = facts.site
    settings_url = reverse("admin:trygg_municipalitysettings_change", args=[site.pk])
    evidence = []
    has_contact = bool(site.contact_name and (site.contact_email or site.contact_phone))
    if has_contact:
        evidence.append(
            Evidence(
                title=_("Kontaktperson: %(name)s") % {"name": site.contact_name},
                day=None,
                level=EvidenceLevel.PUBLIC,
                url=settings_url,
                public_url=reverse("home"),
            )
        )
    informed = []
    if facts.newest_update is not None:
        update = facts.newest_update
        informed.append(
            Evidence(
                title=_("Lägesrapport om åtgärden ”%(title)s”") % {"title": update.measure.title},
                day=update.date,
                level=EvidenceLevel.PUBLIC,
                url=reverse("cycles:measure-workspace", args=[update.measure.slug]),
                public_url=reverse("cycles:measure-detail", args=[update.measure.slug]),
            )
        )
    if facts.newest_public_report is not None:
        report = facts.newest_public_report
        informed.append(
            Evidence(
                title=_("Publicerad uppföljning: %(title)s") % {"title": report.title},
                day=timezone.localdate(report.published_at),
                level=EvidenceLevel.PUBLIC,
                url=reverse("cycles:report-detail", args=[report.pk]),
                public_url=reverse("cycles:followup-report", args=[report.pk]),
            )
        )
    newest = max(informed, key=lambda e: e.day, default=None)
    evidence += [newest] if newest else []
    if not facts.has_coordinator:
        return missing(
            duty,
            _("Ingen aktiv användare har rollen samordnare."),
            _("Be administratören ge samordnaren rollen samordnare"),
            reverse("admin:auth_user_changelist"),
            evidence=evidence,
        )
    if not has_contact:
        return missing(
            duty,
            _("Webbplatsen visar ingen kontaktperson med e-post eller telefon."),
            _("Fyll i kontaktpersonen i kommunens inställningar"),
            settings_url,
            evidence=evidence,
        )
    if newest is None:
        return missing(
            duty,
            _("Inget om arbetet har publicerats för invånarna."),
            _("Publicera en lägesrapport eller uppföljning"),
            reverse("cycles:approval-queue"),
            evidence=evidence,
        )
    due_on = add_years(newest.day, INFORM_YEARS)
    state = state_for(due_on, today)
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(
            _(
                "Samordnare finns, kontaktpersonen visas på webbplatsen och invånarna fick senast ny "
                "information %(date)s."
            )
            % {"date": newest.day.isoformat()}
        ),
        evidence=evidence,
        due_on=due_on,
        next_step=str(_("Publicera något nytt om arbetet")),
        next_url=reverse("cycles:approval-queue"),
    )


def check_council_reporting(duty: Duty, facts: Facts, today: datetime.date) -> DutyStatus:
    """13 §: kommunstyrelsen leads the work and reports to kommunfullmäktige. Counted from the newest
    follow-up report anmäld i KF (its KF decision), or, before the first one, from the decision on the
    plan in force. uppfyllt when that is less than two years ago; snart förfallet from 90 days before
    the two-year day up to and including it; saknas when neither exists, or after."""
    report = facts.council_report
    if report is not None:
        base, evidence = (
            report.council_decision.decided_on,
            [followup_evidence(report, report.council_decision)],
        )
        explanation = _("Den senaste uppföljningen anmäldes i kommunfullmäktige %(date)s.")
    elif facts.plan is not None:
        base, evidence = facts.plan.decision.decided_on, [plan_evidence(facts.plan)]
        explanation = _(
            "Ingen uppföljning är anmäld i kommunfullmäktige än; räknat från beslutet om planen %(date)s."
        )
    else:
        return missing(
            duty,
            _("Kommunfullmäktige har inte fått någon uppföljning av arbetet."),
            _("Ta fram och besluta en åtgärdsplan"),
            reverse("cycles:plan-list"),
        )
    due_on = add_years(base, VALID_YEARS)
    state = state_for(due_on, today)
    return DutyStatus(
        duty=duty,
        state=state,
        explanation=str(explanation % {"date": base.isoformat()}),
        evidence=evidence,
        due_on=due_on,
        next_step=str(
            _("Anmäl uppföljningen i kommunfullmäktige") if state != DutyState.MET else _("Se rapporterna")
        ),
        next_url=reverse("cycles:report-list"),
    )


DUTIES: list[Duty] = [
    Duty(
        key="lagesbild",
        paragraph="4 §",
        title=_("Lägesbild"),
        summary=_(
            "Kommunen ska ta fram en lägesbild: vilka brott som finns, hur vanliga de är och vad de får "
            "för följder, annan viktig kunskap, och en analys av vad det betyder."
        ),
        deadline_title=_("Lägesbild enligt 4 §"),
        check=check_situation_report,
    ),
    Duty(
        key="atgardsplan",
        paragraph="5 §",
        title=_("Åtgärdsplan"),
        summary=_("Kommunen ska besluta en plan med åtgärder som bygger på lägesbilden."),
        deadline_title=_("Ny åtgärdsplan ska vara beslutad (5 §)"),
        check=check_action_plan,
    ),
    Duty(
        key="lagesbild-uppdaterad",
        paragraph="6 §",
        title=_("Lägesbilden uppdateras"),
        summary=_("Lägesbilden ska uppdateras minst vartannat år."),
        deadline_title=_("Lägesbilden ska uppdateras (6 §)"),
        check=check_situation_updated,
    ),
    Duty(
        key="plan-uppfoljd",
        paragraph="6 §",
        title=_("Åtgärdsplanen följs upp"),
        summary=_("Åtgärdsplanen ska följas upp minst vartannat år."),
        deadline_title=_("Åtgärdsplanen ska följas upp (6 §)"),
        check=check_plan_followed_up,
    ),
    Duty(
        key="samverkan",
        paragraph="8–9 §§",
        title=_("Samverkan och överenskommelser"),
        summary=_(
            "Kommunen ska samordna arbetet och verka för skriftliga överenskommelser med andra, till "
            "exempel polisen. En överenskommelse ska säga vad samverkan ska leda till (syften) och vad "
            "den gäller (samverkansområden)."
        ),
        deadline_title=_("Samverkansöverenskommelsen löper ut (8–9 §§)"),
        check=check_agreements,
    ),
    Duty(
        key="strategiskt-rad",
        paragraph="10 §",
        title=_("Strategiskt råd"),
        summary=_("Kommunen ska verka för ett strategiskt råd för arbetet, som kommunen leder."),
        deadline_title=_("Det strategiska rådet bör mötas (10 §)"),
        check=check_council,
    ),
    Duty(
        key="samordning",
        paragraph="11–12 §§",
        title=_("Samordnare och information"),
        summary=_(
            "Kommunen ska ha någon som samordnar arbetet och som invånare och andra kan kontakta. "
            "Kommunen ska också berätta för invånarna om arbetet."
        ),
        deadline_title=_("Invånarna ska få ny information (11–12 §§)"),
        check=check_coordination,
    ),
    Duty(
        key="kommunstyrelsen",
        paragraph="13 §",
        title=_("Kommunstyrelsen leder och rapporterar"),
        summary=_(
            "Kommunstyrelsen leder arbetet och berättar fortlöpande för kommunfullmäktige hur det går."
        ),
        deadline_title=_("Uppföljningen ska anmälas i kommunfullmäktige (13 §)"),
        check=check_council_reporting,
    ),
]


def duty_statuses(today: datetime.date, *, site: MunicipalitySettings | None = None) -> list[DutyStatus]:
    """Every duty of §§ 4–13 with its state at `today`, in the law's order."""
    facts = gather_facts(today, site=site)
    return [duty.check(duty, facts, today) for duty in DUTIES]


def summary(statuses: list[DutyStatus]) -> dict:
    """How many duties are met, due soon and missing, for the line at the top of a page."""
    counts = {state: sum(1 for s in statuses if s.state == state) for state in DutyState.values}
    return {
        "total": len(statuses),
        "met": counts[DutyState.MET],
        "due_soon": counts[DutyState.DUE_SOON],
        "missing": counts[DutyState.MISSING],
    }


def deadlines_from(statuses: list[DutyStatus]) -> list[Deadline]:
    found = [
        Deadline(
            due_on=s.due_on,
            title=str(s.duty.deadline_title),
            # The duty on /arbete/lagkrav/ (its evidence and next step), not the next step's page itself:
            # that can be the admin, which a board reader cannot open.
            url=f"{reverse('cycles:workspace-compliance')}#krav-{s.duty.key}",
            paragraph=s.duty.paragraph,
        )
        for s in statuses
        if s.due_on is not None
    ]
    return sorted(found, key=lambda d: (d.due_on, d.paragraph))


def age_text(since: datetime.date, today: datetime.date) -> str:
    """How long ago, in whole years and months: "1 år 6 månader sedan", "3 dagar sedan", "i dag"."""
    if since >= today:
        return str(_("i dag")) if since == today else ""
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    if months == 0:
        days = (today - since).days
        return ngettext("%(n)s dag sedan", "%(n)s dagar sedan", days) % {"n": days}
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s år", "%(n)s år", years) % {"n": years})
    if months:
        parts.append(ngettext("%(n)s månad", "%(n)s månader", months) % {"n": months})
    return _("%(age)s sedan") % {"age": " ".join(parts)}


def deadlines(today: datetime.date) -> list[Deadline]:
    """Every duty's next deadline that the data gives, from today on or overdue, soonest first."""
    return deadlines_from(duty_statuses(today))
