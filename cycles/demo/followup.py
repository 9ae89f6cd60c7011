"""Demo data for step 5 in Tingsryd, through the services (idempotent by period name).

The plan was decided in June 2025, so the first follow-up covers its first months: the partners'
follow-ups, a report that went styrgrupp (SG § 10 a, 2025-10-16) → KS § 187 (2025-11-11) → anmäld i KF and
was published. The current round ("Uppföljning 2026") is under way: some follow-ups handed in, some
drafts, some missing (the reminder window is open), and the coordinator's draft report.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from trygg.visibility import Visibility

from ..models import (
    ActionPlan,
    Assessment,
    CommitmentKept,
    Cycle,
    FollowUpPeriod,
    FollowUpReport,
    MeasureStatus,
)
from ..services import followup as followup_services
from .report import load_draft_report, load_published_report

D = datetime.date


FIRST, CURRENT = "Uppföljning 2025: åtgärdsplanens första tid", "Uppföljning 2026"

# Per measure slug: (assessment, what was done, effect, public summary or "" for an internal follow-up).
FIRST_ROUND = {
    "polisen-synlig-i-centrum": (
        Assessment.GREEN,
        "Polisen har patrullerat i centrum fredag och lördag kväll sedan augusti.",
        "Färre anmälningar om skadegörelse i centrum än samma period förra året.",
        "Polisen är synlig i centrum på fredags- och lördagskvällar. Färre har anmält skadegörelse.",
    ),
    "belysning-resecentrum": (
        Assessment.GREEN,
        "Belysningen vid busstationen och torget är upphandlad och halva arbetet är klart.",
        "De som går förbi på kvällen säger att platsen känns tryggare.",
        "Den nya belysningen vid busstationen är till hälften på plats.",
    ),
    "belysning-gangvag-folkets-park": (
        Assessment.YELLOW,
        "Upphandlingen tog längre tid än planerat.",
        "Ingen effekt ännu, arbetet har inte börjat på plats.",
        "Belysningen på gångvägen blir klar senare än planerat.",
    ),
    "trygghetsvandringar-centrum": (
        Assessment.GREEN,
        "En trygghetsvandring genomförd i september med 24 deltagare.",
        "Vandringen gav tolv förslag; fem är redan åtgärdade.",
        "Trygghetsvandringen i september gav tolv förslag, och fem är redan åtgärdade.",
    ),
    "oppen-klubbstuga-fredagar": (
        Assessment.GREEN,
        "Klubbstugan har varit öppen varje fredag sedan september.",
        "Omkring 30 unga kommer varje fredag.",
        "Klubbstugan är öppen för unga varje fredagskväll.",
    ),
    "sociala-insatsgrupper": (
        Assessment.RED,
        "Arbetssättet är beslutat men ingen grupp har startat.",
        "Ingen effekt ännu.",
        "",
    ),
    "klotter-sanering-24h": (
        Assessment.GREEN,
        "Klotter har sanerats inom ett dygn i nio fall av tio.",
        "Mindre nytt klotter på samma platser.",
        "Klotter tas bort inom ett dygn i nio fall av tio.",
    ),
}


def load(*, stdout) -> None:
    cycle = Cycle.objects.filter(is_current=True).first()
    plan = ActionPlan.objects.filter(cycle=cycle).order_by("period_start").first() if cycle else None
    if plan is None or not plan.is_running or FollowUpPeriod.objects.filter(name=FIRST).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["samordnare", "polis"])}
    coordinator = users.get("samordnare")
    first = FollowUpPeriod(
        cycle=cycle,
        name=FIRST,
        starts_on=D(2025, 7, 1),
        ends_on=D(2025, 9, 30),
        closes_on=D(2025, 10, 3),
        remind_days_before=14,
    )
    first.full_clean()
    first.save()
    for measure in first.measures().select_related("lead_actor").order_by("title"):
        assessment, done, effect, summary = FIRST_ROUND.get(measure.slug) or _default(
            measure, "Arbetet har börjat enligt planen.", "För tidigt att se någon effekt."
        )
        _write(measure, first, coordinator, assessment, done, effect, summary, approve=True)
    load_published_report(first, coordinator)

    current = FollowUpPeriod(
        cycle=cycle,
        name=CURRENT,
        starts_on=D(2025, 10, 1),
        ends_on=D(2026, 9, 30),
        closes_on=max(D(2026, 12, 15), timezone.localdate() + datetime.timedelta(days=20)),
        remind_days_before=30,
    )
    current.full_clean()
    current.save()
    measures = list(current.measures().select_related("lead_actor").order_by("title"))
    for i, measure in enumerate(measures):
        if i % 3 == 2:
            continue  # missing: the reminder goes out to the lead contact
        assessment, done, effect, summary = FIRST_ROUND.get(measure.slug) or _default(
            measure, "Arbetet fortsätter enligt planen.", "Oförändrat läge."
        )
        author = users.get("polis") if measure.lead_actor.name == "Polisen LPO Nybro" else coordinator
        _write(measure, current, author or coordinator, assessment, done, effect, summary, submit=i % 3 == 0)
    draft = load_draft_report(current, coordinator)
    stdout.write(
        f"Uppföljning: {FollowUpPeriod.objects.count()} perioder, {first.followups.count()} + "
        f"{current.followups.count()} uppföljningar, rapporter: "
        + ", ".join(f"{r} ({r.get_status_display()})" for r in FollowUpReport.objects.all())
        + f"; utkast {draft.title}"
    )


PUBLIC_BY_STATUS = {
    MeasureStatus.PLANNED: (
        Assessment.YELLOW,
        "Åtgärden har inte börjat ännu. Den startar under nästa period.",
    ),
    MeasureStatus.ONGOING: (Assessment.GREEN, "Arbetet pågår enligt planen."),
    MeasureStatus.DONE: (Assessment.GREEN, "Åtgärden är genomförd."),
    MeasureStatus.DELAYED: (Assessment.YELLOW, "Åtgärden är försenad men ska genomföras."),
    MeasureStatus.PAUSED: (Assessment.YELLOW, "Åtgärden är pausad. Den tas upp igen när det finns personal."),
    MeasureStatus.CANCELLED: (Assessment.RED, "Åtgärden avbröts. Läs mer på åtgärdens sida."),
}


def _default(measure, done: str, effect: str) -> tuple:
    """A plausible follow-up for a measure the table above does not name, from its status."""
    assessment, summary = PUBLIC_BY_STATUS[measure.status]
    return assessment, done, effect, summary


def _write(measure, period, by, assessment, done, effect, summary, *, approve=False, submit=False):
    follow_up = followup_services.start_follow_up(period=period, measure=measure, by=by)
    follow_up.done_text, follow_up.effect_text = done, effect
    follow_up.lessons = "Bestäm tidigt vem som gör vad hos varje part."
    follow_up.assessment = assessment
    follow_up.assessment_reason = {
        Assessment.GREEN: "Det som planerades är gjort.",
        Assessment.YELLOW: "Arbetet är försenat men kommer att bli klart.",
        Assessment.RED: "Arbetet har inte kommit i gång.",
    }[assessment]
    public = bool(summary) and measure.is_public_now
    follow_up.public_summary = summary if public else ""
    follow_up.visibility = Visibility.PUBLIC if public else Visibility.INTERNAL
    follow_up._history_user = by
    follow_up.full_clean()
    follow_up.save()
    for commitment in follow_up.commitments.all():
        commitment.kept = CommitmentKept.PARTLY if assessment == Assessment.RED else CommitmentKept.YES
        commitment.save(update_fields=["kept"])
    if approve or submit:
        followup_services.submit_follow_up(follow_up=follow_up, by=by)
    if approve:
        followup_services.approve_follow_up(follow_up=follow_up, by=by)
