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
# Each round says what the measure's lägesrapporter (demo/measure.py) said by the end of its period.
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
        "Den nya belysningen är till hälften på plats: busstationen är klar och torget står på tur.",
    ),
    "belysning-gangvag-folkets-park": (
        Assessment.YELLOW,
        "Upphandlingen tar längre tid än planerat.",
        "Ingen effekt ännu. Arbetet har inte börjat på plats.",
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
        "Bostadsbolaget har infört en rutin för att sanera klotter inom ett dygn.",
        "För tidigt att se någon effekt.",
        "Bostadsbolaget har en ny rutin för att ta bort klotter inom ett dygn.",
    ),
}

CURRENT_ROUND = {
    "polisen-synlig-i-centrum": (
        Assessment.GREEN,
        "Polisen har patrullerat i centrum fredag och lördag kväll hela perioden.",
        "Färre anmälningar om skadegörelse vid torget under våren.",
        "Polisen är synlig i centrum fredag och lördag kväll. Färre har anmält skadegörelse vid torget.",
    ),
    "belysning-resecentrum": (
        Assessment.GREEN,
        "Belysningen vid busstationen och torget blev klar i november 2025.",
        "Deltagarna i trygghetsvandringen i maj sa att platsen känns tryggare på kvällen.",
        "Den nya belysningen vid busstationen och torget är klar.",
    ),
    "belysning-gangvag-folkets-park": (
        Assessment.YELLOW,
        "Buskarna längs gångvägen är röjda, men entreprenören har inte kunnat sätta upp belysningen.",
        "Gångvägen är lättare att överblicka sedan röjningen.",
        "Buskarna längs gångvägen är röjda. Belysningen blir klar senare än planerat.",
    ),
    "trygghetsvandringar-centrum": (
        Assessment.GREEN,
        "En trygghetsvandring i maj med 18 deltagare.",
        "Förslagen från vandringarna har gett bättre belysning och röjda buskar i centrum.",
        "Trygghetsvandringen i maj samlade 18 deltagare. Förslagen från vandringarna har gett bättre "
        "belysning i centrum.",
    ),
    "oppen-klubbstuga-fredagar": (
        Assessment.GREEN,
        "Klubbstugan har varit öppen varje fredag under läsåret.",
        "I snitt 25 besökare per kväll under våren.",
        "Klubbstugan är öppen för unga varje fredagskväll, med i snitt 25 besökare.",
    ),
    "foraldravandringar-ryd": (
        Assessment.YELLOW,
        "En föräldravandring med tolv vuxna i januari. Vandringarna pausades i juni.",
        "För tidigt att se någon effekt.",
        "Föräldravandringarna i Ryd är pausade tills fler vuxna anmäler sig.",
    ),
    "sociala-insatsgrupper": (
        Assessment.GREEN,
        "Den första gruppen startade i februari. Rutinen används i fyra ärenden och har utvärderats.",
        "För tidigt att mäta effekten på brottsligheten.",
        "",
    ),
    "skolnarvaro-vackelsang": (
        Assessment.GREEN,
        "Skolan följer upp frånvaro samma dag och kontaktar hemmet.",
        "Frånvaron har minskat något jämfört med förra läsåret.",
        "Skolan i Väckelsång följer upp frånvaro samma dag. Frånvaron har minskat något.",
    ),
    "skolgardar-kvallstid": (
        Assessment.YELLOW,
        "Belysningen på Väldaskolans skolgård och skolgården i Ryd är klar. Kamerorna väntar på tillstånd.",
        "Ingen effekt att redovisa ännu.",
        "Skolgårdarna har fått bättre belysning. Kamerorna väntar på tillstånd.",
    ),
    "klotter-sanering-24h": (
        Assessment.GREEN,
        "Klotter har sanerats inom ett dygn i nio fall av tio.",
        "Mindre nytt klotter vid busskuren.",
        "Klotter tas bort inom ett dygn i nio fall av tio.",
    ),
    "fastighetsvandringar-bostader": (
        Assessment.GREEN,
        "Två trygghetsvandringar med hyresgäster i januari.",
        "Hyresgästerna lämnade förslag som bostadsbolaget nu åtgärdar.",
        "Bostadsbolaget har gått två trygghetsvandringar med hyresgäster och åtgärdar deras förslag.",
    ),
    "brandforebyggande-skolor": (
        Assessment.RED,
        "Åtgärden avbröts i februari 2026. Insatsen ingår i stället i räddningstjänstens skolprogram.",
        "Ingen egen effekt att redovisa.",
        "Åtgärden avbröts. Skolorna får i stället besök inom räddningstjänstens vanliga skolprogram.",
    ),
    "narkotikaspaning-skolgardar": (
        Assessment.GREEN,
        "Riktade kontroller vid sex tillfällen.",
        "Polisen följer läget vid skolgårdarna.",
        "",
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
        _write(measure, first, coordinator, FIRST_ROUND, approve=True)
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
        author = users.get("polis") if measure.lead_actor.name == "Polisen LPO Nybro" else coordinator
        _write(measure, current, author or coordinator, CURRENT_ROUND, submit=i % 3 == 0)
    draft = load_draft_report(current, coordinator)
    stdout.write(
        f"Uppföljning: {FollowUpPeriod.objects.count()} perioder, {first.followups.count()} + "
        f"{current.followups.count()} uppföljningar, rapporter: "
        + ", ".join(f"{r} ({r.get_status_display()})" for r in FollowUpReport.objects.all())
        + f"; utkast {draft.title}"
    )


# For a measure a round's table does not name, from its status at the end of the period:
# (assessment, what was done, effect, public summary, the assessment's reason, lessons).
BY_STATUS = {
    MeasureStatus.PLANNED: (
        Assessment.YELLOW,
        "Arbetet har inte börjat ännu.",
        "Ingen effekt ännu.",
        "Åtgärden har inte börjat ännu. Den startar under nästa period.",
        "Åtgärden har inte börjat ännu.",
        "Sätt ett realistiskt startdatum när åtgärden beslutas.",
    ),
    MeasureStatus.ONGOING: (
        Assessment.GREEN,
        "Arbetet pågår enligt planen.",
        "För tidigt att se någon effekt.",
        "Arbetet pågår enligt planen.",
        "Arbetet följer planen.",
        "Bestäm tidigt vem som gör vad hos varje part.",
    ),
    MeasureStatus.DONE: (
        Assessment.GREEN,
        "Åtgärden är genomförd.",
        "Effekten följs upp nästa period.",
        "Åtgärden är genomförd.",
        "Det som planerades är gjort.",
        "Fråga dem som använder platsen om effekten.",
    ),
    MeasureStatus.DELAYED: (
        Assessment.YELLOW,
        "Arbetet är försenat.",
        "Ingen effekt ännu.",
        "Åtgärden är försenad men ska genomföras.",
        "Arbetet är försenat men kommer att bli klart.",
        "Räkna med längre tid för upphandling och tillstånd.",
    ),
    MeasureStatus.PAUSED: (
        Assessment.YELLOW,
        "Arbetet är pausat.",
        "Ingen effekt ännu.",
        "Åtgärden är pausad. Den tas upp igen när det finns fler som kan delta.",
        "Arbetet står still tills det finns fler som kan delta.",
        "Planera för att färre kan delta under sommaren.",
    ),
    MeasureStatus.CANCELLED: (
        Assessment.RED,
        "Åtgärden avbröts.",
        "Ingen effekt.",
        "Åtgärden avbröts. Läs mer på åtgärdens sida.",
        "Åtgärden avbröts och ersattes av ordinarie verksamhet.",
        "Stäm av med ordinarie verksamhet innan en ny insats planeras.",
    ),
}


def _write(measure, period, by, table: dict, *, approve=False, submit=False):
    """The measure's follow-up for the period: the table's text, or a plain one from its status then."""
    status = measure.state_on(period.ends_on)[0]
    default = BY_STATUS[status]
    assessment, done, effect, summary = table.get(measure.slug) or default[:4]
    follow_up = followup_services.start_follow_up(period=period, measure=measure, by=by)
    follow_up.done_text, follow_up.effect_text = done, effect
    follow_up.lessons = default[5]
    follow_up.assessment = assessment
    follow_up.assessment_reason = (
        "Arbetet har inte kommit i gång."
        if assessment == Assessment.RED and status != MeasureStatus.CANCELLED
        else default[4]
    )
    public = bool(summary) and measure.is_public_now
    follow_up.public_summary = summary if public else ""
    follow_up.visibility = Visibility.PUBLIC if public else Visibility.INTERNAL
    follow_up._history_user = by
    follow_up.full_clean()
    follow_up.save()
    for commitment in follow_up.commitments.all():
        commitment.kept = CommitmentKept.YES if assessment == Assessment.GREEN else CommitmentKept.PARTLY
        commitment.save(update_fields=["kept"])
    if approve or submit:
        followup_services.submit_follow_up(follow_up=follow_up, by=by)
    if approve:
        followup_services.approve_follow_up(follow_up=follow_up, by=by)
