"""Demo data for Tingsryd: the 2023–2027 samverkansperiod in step 4 with a realistic checklist, the
samverkansöverenskommelse with Polisen LPO Nybro, and the medborgarlöfte 2025 with follow-up.

Idempotent: the period, agreement and promise are found by natural key; a second run changes nothing.
The first run goes through the services (start_cycle, tick_item, move_to_next_step and the status
changes), so the demo data passes the same rules as real data. Evidence points at the actors demo's
decisions and meetings, looked up by their natural keys.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from actors.models import Actor, Decision, Meeting
from lagesbild.models import Area, Place, Problem, SituationReport
from trygg.visibility import Visibility

from . import services
from .models import (
    ActionPlan,
    Agreement,
    AgreementStatus,
    CitizenPromise,
    Cycle,
    Measure,
    MeasureKind,
    MeasureLevel,
    MeasureStatus,
    MeasureUpdate,
    PlanStatus,
    PromiseLine,
    PromiseParty,
    PromiseStatus,
    StepTransition,
)

CYCLE_NAME = "Samverkansperiod 2023–2027"
AGREEMENT_TITLE = "Samverkansöverenskommelse mellan Tingsryds kommun och Polisen LPO Nybro 2025–2027"
PROMISE_TITLE = "Medborgarlöfte 2025: Tryggare kvällar i Tingsryds centrum"

D = datetime.date


def _decision(forum: str, decided_on: datetime.date, paragraph: str) -> Decision | None:
    return Decision.objects.filter(forum__name=forum, decided_on=decided_on, paragraph=paragraph).first()


def _meeting(forum: str, day: datetime.date) -> Meeting | None:
    return Meeting.objects.filter(forum__name=forum, starts_at__date=day).order_by("starts_at").first()


# step, clause order, done on, evidence (kind, key), public, note
TICKS = [
    (1, 1, D(2023, 9, 12), None, True, "Avsiktsförklaring om samverkan, KS och LPO Nybro."),
    (1, 2, D(2023, 10, 3), None, True, "Uppdragsbeskrivning för samordnaren."),
    (1, 3, D(2023, 11, 14), None, True, "Styrgruppen och lokala BRÅ bildade med namngivna ansvariga."),
    (1, 4, D(2023, 11, 14), None, False, "Kommunikatören på kommunledningsförvaltningen."),
    (1, 5, D(2024, 1, 22), None, False, "Utkast till kommunikationsplan."),
    (2, 1, D(2024, 5, 20), None, True, "Kommunens lägesbild 2024."),
    (2, 2, D(2024, 4, 30), None, False, "Medarbetardialoger i skola, socialtjänst och bostadsbolag."),
    (2, 3, D(2024, 6, 11), None, True, "Redovisning för kommunledningen och LPO-ledningen."),
    (3, 1, D(2025, 2, 11), ("decision", ("Kommunstyrelsen", D(2025, 2, 11), "KS § 23")), True, ""),
    (3, 2, D(2025, 2, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 2, 16))), True, ""),
    (3, 3, D(2024, 10, 8), None, True, "Medborgardialoger och trygghetsvandringar i Ryd och Urshult."),
    (3, 4, D(2025, 3, 20), ("meeting", ("Strategiska rådet", D(2025, 3, 20))), False, ""),
    (3, 5, D(2025, 4, 8), ("agreement", None), True, ""),
    (4, 1, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 2, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 3, D(2025, 6, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 6, 16))), True, ""),
    (4, 4, D(2025, 3, 1), None, True, "Medborgarlöftet 2025 publicerat på webbplatsen och i lokaltidningen."),
    (5, 4, D(2025, 11, 11), ("decision", ("Kommunstyrelsen", D(2025, 11, 11), "KS § 187")), True, ""),
]
# When the period reached each step (step 1: the period's start).
MOVED_ON = {1: D(2023, 7, 1), 2: D(2024, 2, 1), 3: D(2024, 9, 2), 4: D(2025, 5, 5)}
# Open items in step 4 get a due date, one of them already passed.
DUE_DATES = {(4, 5): D(2026, 3, 31), (4, 6): D(2027, 3, 31)}


def load(*, stdout) -> None:
    coordinator = get_user_model().objects.filter(username="samordnare").first()
    agreement = _load_agreement()
    promise = _load_promise()
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    if cycle is None:
        cycle = _load_cycle(coordinator, agreement)
    _link_lagesbild(cycle, agreement, promise)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["polis", "bostader"])}
    partners = {
        name: users[username]
        for name, username in ((POLICE, "polis"), (HOUSING, "bostader"))
        if username in users
    }
    plan = load_plan(coordinator=coordinator, partners=partners)
    if plan is not None:
        stdout.write(
            f"Åtgärdsplan: {plan.title} ({plan.get_status_display()}), {plan.measures.count()} åtgärder, "
            f"{MeasureUpdate.objects.filter(measure__plan=plan).count()} lägesrapporter"
        )
    from . import demo_followup

    demo_followup.load(stdout=stdout)
    stdout.write(
        f"Kretsloppet: {cycle.name} i steg {cycle.current_step.number}, "
        f"{cycle.checklist.done().count()} av {cycle.checklist.count()} punkter klara; "
        f"överenskommelse: {agreement.get_status_display()}; medborgarlöfte {promise.year}: "
        f"{promise.get_status_display()}"
    )


def _load_cycle(coordinator, agreement: Agreement) -> Cycle:
    if Cycle.objects.filter(is_current=True).exists():
        return Cycle.objects.current()  # someone already runs a period: leave it alone
    cycle = services.start_cycle(name=CYCLE_NAME, start=D(2023, 7, 1), end=D(2027, 6, 30), by=coordinator)
    items = {(i.step.number, i.order): i for i in cycle.checklist.select_related("step")}
    for (step, order), due in DUE_DATES.items():
        item = items[(step, order)]
        item.due_date = due
        item.save(update_fields=["due_date", "updated_at"])
    for step, order, done_on, evidence, public, note in TICKS:
        kwargs = {}
        if evidence is not None:
            kind, key = evidence
            if kind == "decision":
                kwargs["decision"] = _decision(*key)
            elif kind == "meeting":
                kwargs["meeting"] = _meeting(*key)
            else:
                kwargs["agreement"] = agreement
        services.tick_item(
            item=items[(step, order)], by=coordinator, done_on=done_on, note=note, public=public, **kwargs
        )
    for _move in range(3):  # steps 1–3 are done: move on to step 4, Genomförande
        services.move_to_next_step(cycle=cycle, by=coordinator)
    # The services stamp the moves with "now"; the demo dates them when they happened in Tingsryd.
    for to_step, day in MOVED_ON.items():
        StepTransition.objects.filter(cycle=cycle, to_step__number=to_step).update(
            at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        )
    cycle.refresh_from_db()
    return cycle


def _link_lagesbild(cycle: Cycle, agreement: Agreement, promise: CitizenPromise) -> None:
    """Link the agreement's focus areas, the promise's areas and the lägesbild evidence (idempotent)."""
    focus = Problem.objects.filter(prioritised=True)
    if focus.exists() and not agreement.focus_problems.exists():
        agreement.focus_problems.set(focus)
    tingsryd = Area.objects.filter(slug="tingsryd").first()
    if tingsryd is not None and not promise.area_links.exists():
        promise.area_links.set([tingsryd])
    report = SituationReport.objects.filter(title="Kommunens lägesbild 2024").first()
    item = cycle.checklist.filter(step__number=2, order=1, evidence_report__isnull=True).first()
    if report is not None and item is not None:
        item.evidence_report = report
        item.save(update_fields=["evidence_report", "updated_at"])


def _load_agreement() -> Agreement:
    agreement = Agreement.objects.filter(title=AGREEMENT_TITLE).first()
    if agreement is not None:
        return agreement
    agreement = Agreement(
        title=AGREEMENT_TITLE,
        purposes=(
            "Att minska brottsligheten och öka tryggheten i Tingsryds kommun genom ett gemensamt, "
            "kunskapsbaserat arbete.\nAtt parterna tar ett gemensamt ansvar för lägesbild, åtgärder och "
            "uppföljning."
        ),
        areas=("Trygghet i centrala Tingsryd kvällstid.\nUnga i riskzon.\nSkadegörelse och anlagda bränder."),
        focus_areas="Otrygghet vid resecentrum och torget.\nSkadegörelse på skolor i Ryd och Urshult.",
        valid_from=D(2025, 5, 1),
        valid_to=D(2027, 6, 30),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 4, 8),
        decision=_decision("Kommunstyrelsen", D(2025, 4, 8), "KS § 61"),
        visibility=Visibility.PUBLIC,
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(Actor.objects.filter(name__in=["Tingsryds kommun", "Polisen LPO Nybro"]))
    services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED)
    services.change_agreement_status(agreement=agreement, to=AgreementStatus.IN_FORCE)
    return agreement


PROMISE_LINES = [
    (
        PromiseParty.POLICE,
        None,
        "Polisen finns synlig i Tingsryds centrum minst två kvällar i veckan, fredag och lördag.",
        "Polisen var på plats 84 av 104 planerade kvällar. Flest besök vid resecentrum och torget.",
    ),
    (
        PromiseParty.MUNICIPALITY,
        None,
        "Kommunen förbättrar belysningen vid resecentrum och gångvägen till Folkets park.",
        "Ny belysning är uppsatt vid resecentrum. Gångvägen får ny belysning våren 2026.",
    ),
    (
        PromiseParty.JOINT,
        None,
        "Polisen och kommunen bjuder in till två trygghetsvandringar i centrum under året.",
        "Trygghetsvandringar hölls i maj och oktober med 31 deltagare. Synpunkterna finns i lägesbilden.",
    ),
    (
        PromiseParty.OTHER,
        "Tingsryds IF",
        "Tingsryds IF håller klubbstugan öppen för unga fredagskvällar med vuxna på plats.",
        "Klubbstugan var öppen 30 fredagar med i snitt 25 besökare.",
    ),
]


def _load_promise() -> CitizenPromise:
    promise = CitizenPromise.objects.filter(year=2025, title=PROMISE_TITLE).first()
    if promise is not None:
        return promise
    promise = CitizenPromise(
        year=2025,
        title=PROMISE_TITLE,
        areas="Tingsryd",
        background=(
            "I medborgardialogerna 2024 sa många att de känner sig otrygga i centrum på kvällen, särskilt "
            "vid resecentrum. Därför lovar polisen och kommunen detta för 2025."
        ),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 2, 20),
        visibility=Visibility.PUBLIC,
    )
    promise.full_clean()
    promise.save()
    follow_up_on = D(2025, 12, 15) if D(2025, 12, 15) <= timezone.localdate() else None
    for order, (party, actor_name, text, follow_up) in enumerate(PROMISE_LINES, start=1):
        line = PromiseLine(
            promise=promise,
            party=party,
            actor=Actor.objects.filter(name=actor_name).first() if actor_name else None,
            text=text,
            order=order,
            follow_up=follow_up,
            follow_up_on=follow_up_on,
        )
        if line.party == PromiseParty.OTHER and line.actor is None:
            line.party = PromiseParty.JOINT  # the actors demo did not run
        line.full_clean()
        line.save()
    for status in (PromiseStatus.SIGNED, PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP):
        services.change_promise_status(promise=promise, to=status)
    return promise


# --- Åtgärdsplanen 2025–2027 ------------------------------------------------------------------------

PLAN_TITLE = "Åtgärdsplan för brottsförebyggande arbete 2025–2027"
POLICE, MUNI, HOUSING = "Polisen LPO Nybro", "Tingsryds kommun", "Tingsryds Bostäder AB"
SOCIAL, SCHOOL, CLUB, RESCUE = (
    "Socialförvaltningen",
    "Väckelsångs skola",
    "Tingsryds IF",
    "Räddningstjänsten Östra Kronoberg",
)
S = MeasureStatus
PUB, INT = Visibility.PUBLIC, Visibility.INTERNAL

# slug, title, public text, internal notes, kind, level, lead, contributors, problem priority, places,
# areas, promise line order, visibility, updates as (months ago, status, progress, text, approved)
MEASURES = [
    (
        "polisen-synlig-i-centrum",
        "Polisen synlig i Tingsryds centrum kvällstid",
        "Polisen patrullerar till fots i centrum fredag och lördag kväll, mest vid torget och busstationen.",
        "Bemanningen vilar på att LPO Nybro kan frigöra två poliser helger.",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        POLICE,
        [MUNI],
        1,
        ["torget-tingsryd", "busstationen-tingsryd"],
        ["tingsryd"],
        1,
        PUB,
        [
            (11, S.ONGOING, 20, "Fotpatrullering startad fredag och lördag kväll.", True),
            (8, S.ONGOING, 45, "Polisen var på plats 30 av 34 planerade kvällar.", True),
            (5, S.ONGOING, 65, "Färre anmälningar om skadegörelse vid torget under sommaren.", True),
            (2, S.ONGOING, 80, "Patrulleringen fortsätter. Samarbete med nattvandrarna i centrum.", True),
            (0, S.ONGOING, 85, "Polisen var på plats 16 av 18 kvällar i höstas.", False),
        ],
    ),
    (
        "belysning-resecentrum",
        "Ny belysning vid busstationen och torget",
        "Kommunen byter ut och kompletterar belysningen vid busstationen, busskuren och torget.",
        "Upphandlingen gick via ramavtal; faktura från elentreprenören är attesterad.",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [HOUSING],
        1,
        ["busstationen-tingsryd", "torget-tingsryd"],
        ["tingsryd"],
        2,
        PUB,
        [
            (12, S.ONGOING, 10, "Belysningsinventering gjord tillsammans med invånare.", True),
            (9, S.ONGOING, 60, "Nya armaturer uppsatta vid busstationen.", True),
            (6, S.DONE, 100, "Belysningen är klar vid busstationen och torget.", True),
        ],
    ),
    (
        "belysning-gangvag-folkets-park",
        "Belysning på gångvägen till Folkets park",
        "Gångvägen mellan centrum och Folkets park får ny belysning och röjd vegetation.",
        "Väntar på tjälfri mark; entreprenören har flyttat starten.",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [],
        3,
        ["folkets-park-tingsryd"],
        ["tingsryd"],
        2,
        PUB,
        [
            (10, S.ONGOING, 15, "Vegetationen längs gångvägen är röjd.", True),
            (4, S.DELAYED, 30, "Belysningen blir försenad eftersom entreprenören inte kunnat börja.", True),
        ],
    ),
    (
        "trygghetsvandringar-centrum",
        "Trygghetsvandringar i centrum två gånger om året",
        "Polisen och kommunen bjuder in invånare att gå runt i centrum och peka ut otrygga platser.",
        "",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [POLICE, HOUSING],
        1,
        ["torget-tingsryd", "folkets-park-tingsryd"],
        ["tingsryd"],
        3,
        PUB,
        [
            (12, S.ONGOING, 25, "Vårens trygghetsvandring planerad tillsammans med polisen.", True),
            (6, S.ONGOING, 50, "Trygghetsvandring i maj med 18 deltagare.", True),
            (1, S.ONGOING, 75, "Trygghetsvandring i oktober med 13 deltagare.", True),
        ],
    ),
    (
        "oppen-klubbstuga-fredagar",
        "Öppen klubbstuga för unga på fredagskvällar",
        "Tingsryds IF håller klubbstugan öppen för unga fredagskvällar med vuxna på plats.",
        "Föreningsbidrag 40 000 kr beviljat av kultur- och fritidsnämnden.",
        MeasureKind.SOCIAL,
        MeasureLevel.UNIVERSAL,
        CLUB,
        [MUNI],
        2,
        [],
        ["tingsryd"],
        4,
        PUB,
        [
            (11, S.ONGOING, 30, "Klubbstugan öppen varje fredag sedan januari.", True),
            (5, S.ONGOING, 60, "I snitt 25 besökare per kväll.", True),
            (1, S.ONGOING, 75, "Höstterminen har börjat med fler besökare än i våras.", True),
        ],
    ),
    (
        "foraldravandringar-ryd",
        "Föräldravandringar i Ryd",
        "Föräldrar och föreningar vandrar i Ryds centrum och vid skolgården fredagskvällar.",
        "Svårt att få tag i vuxna under sommaren.",
        MeasureKind.SOCIAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [CLUB],
        2,
        ["ryds-centrum", "skolgarden-ryd"],
        ["ryd"],
        None,
        PUB,
        [
            (10, S.ONGOING, 20, "Första föräldravandringen med tolv vuxna.", True),
            (7, S.PAUSED, 20, "Vandringarna är pausade över sommaren.", True),
        ],
    ),
    (
        "sociala-insatsgrupper",
        "Samordnade insatser för unga i riskzon",
        "Socialtjänst, skola och polis samordnar stöd till unga som riskerar att dras in i narkotikahandel.",
        "Arbetet följer rutinen för sociala insatsgrupper; inga uppgifter om enskilda i systemet.",
        MeasureKind.SOCIAL,
        MeasureLevel.INDICATED,
        SOCIAL,
        [POLICE, SCHOOL],
        2,
        [],
        ["tingsryd", "ryd"],
        None,
        INT,
        [
            (9, S.ONGOING, 20, "Samverkansrutin beslutad.", True),
            (4, S.ONGOING, 40, "Rutinen används i fyra ärenden.", True),
            (2, S.ONGOING, 50, "Rutinen utvärderad tillsammans med skolan.", True),
        ],
    ),
    (
        "skolnarvaro-vackelsang",
        "Bättre skolnärvaro i Väckelsång",
        "Skolan följer upp frånvaro tidigt och kontaktar hemmet samma dag.",
        "",
        MeasureKind.SOCIAL,
        MeasureLevel.SELECTIVE,
        SCHOOL,
        [SOCIAL],
        2,
        [],
        ["vackelsang"],
        None,
        PUB,
        [
            (12, S.ONGOING, 10, "Rutin för frånvarouppföljning införd.", True),
            (7, S.ONGOING, 40, "Frånvaron har minskat något jämfört med förra läsåret.", True),
            (1, S.ONGOING, 55, "Uppföljningen visar färre elever med hög frånvaro.", True),
        ],
    ),
    (
        "skolgardar-kvallstid",
        "Kameror och belysning på skolgårdar",
        "Skolgårdarna i Tingsryd och Ryd får bättre belysning; kamerabevakning prövas efter tillstånd.",
        "Tillstånd för kamerabevakning söks hos IMY; osäkert utfall.",
        MeasureKind.SITUATIONAL,
        MeasureLevel.SELECTIVE,
        MUNI,
        [POLICE],
        2,
        ["valdaskolan-skolgard", "skolgarden-ryd"],
        ["tingsryd", "ryd"],
        None,
        PUB,
        [
            (8, S.ONGOING, 20, "Belysningen på Väldaskolans skolgård är förbättrad.", True),
            (3, S.DELAYED, 35, "Kamerabevakningen väntar på besked om tillstånd.", True),
            (2, S.DELAYED, 40, "Belysningen vid Ryds skolgård är klar; kamerorna väntar fortfarande.", True),
        ],
    ),
    (
        "klotter-sanering-24h",
        "Klotter saneras inom ett dygn",
        "Kommunen och bostadsbolaget tar bort klotter och lagar skadegörelse inom ett dygn.",
        "",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        HOUSING,
        [MUNI],
        1,
        ["torget-tingsryd", "storgatan-tingsryd"],
        ["tingsryd"],
        None,
        PUB,
        [
            (11, S.ONGOING, 30, "Rutin för snabb sanering införd hos bostadsbolaget.", True),
            (6, S.ONGOING, 50, "90 procent av klottret sanerat inom ett dygn.", True),
            (2, S.ONGOING, 70, "Saneringen fungerar; klotter vid busskuren minskar.", True),
        ],
    ),
    (
        "fastighetsvandringar-bostader",
        "Trygghetsvandringar i bostadsområdena",
        "Bostadsbolaget går trygghetsvandringar med hyresgäster och åtgärdar det som kommer fram.",
        "",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        HOUSING,
        [],
        3,
        [],
        ["tingsryd"],
        None,
        PUB,
        [
            (10, S.ONGOING, 40, "Två trygghetsvandringar med hyresgäster.", True),
            (1, S.DONE, 100, "Alla åtgärder från vandringarna är genomförda.", False),
        ],
    ),
    (
        "brandforebyggande-skolor",
        "Förebyggande mot anlagda bränder vid skolor",
        "Räddningstjänsten besöker skolorna och informerar om brand och skadegörelse.",
        "",
        MeasureKind.SOCIAL,
        MeasureLevel.UNIVERSAL,
        RESCUE,
        [SCHOOL],
        2,
        [],
        ["ryd", "vackelsang"],
        None,
        PUB,
        [
            (
                9,
                S.CANCELLED,
                0,
                "Avbruten: insatsen ingår i stället i räddningstjänstens ordinarie skolprogram.",
                True,
            )
        ],
    ),
    (
        "ungdomsrad-trygghet",
        "Ungdomsråd om trygghet",
        "Unga får tycka till om vad som gör dem trygga i kommunen.",
        "Planeras till våren; budget saknas ännu.",
        MeasureKind.SOCIAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [CLUB],
        2,
        [],
        ["tingsryd"],
        None,
        PUB,
        [],
    ),
    (
        "narkotikaspaning-skolgardar",
        "Riktade kontroller mot narkotikaförsäljning",
        "Polisen gör riktade kontroller där unga erbjuds narkotika.",
        "Underrättelseuppgifter hanteras bara i polisens egna system.",
        MeasureKind.SITUATIONAL,
        MeasureLevel.SELECTIVE,
        POLICE,
        [],
        2,
        ["valdaskolan-skolgard"],
        ["tingsryd"],
        None,
        INT,
        [(8, S.ONGOING, 30, "Kontroller genomförda vid sex tillfällen.", True)],
    ),
    (
        "gc-vag-vackelsang",
        "Röjning längs gång- och cykelvägen i Väckelsång",
        "Buskage längs gång- och cykelvägen röjs så att det blir lättare att se och synas.",
        "",
        MeasureKind.SITUATIONAL,
        MeasureLevel.UNIVERSAL,
        MUNI,
        [],
        3,
        ["gc-vagen-vackelsang"],
        ["vackelsang"],
        None,
        PUB,
        [],
    ),
]
GOALS = {
    1: "Fler ska känna sig trygga i centrala Tingsryd kvällstid.",
    2: "Färre unga ska dras in i narkotikahandel och skadegörelse.",
    3: "Gång- och cykelvägar ska vara upplysta och överblickbara.",
}
# The two measures without updates are still "planerad"; one of them stays internal.
INTERNAL_PLANNED = {"ungdomsrad-trygghet"}


def _months_ago(months: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=30 * months + 3)


def load_plan(*, coordinator, partners: dict) -> ActionPlan | None:
    """The action plan with its measures and a year of lägesrapporter (idempotent by the plan's title)."""
    plan = ActionPlan.objects.filter(title=PLAN_TITLE).first()
    if plan is not None:
        return plan
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    actors = {a.name: a for a in Actor.objects.all()}
    if cycle is None or MUNI not in actors:
        return None
    problems = {p.priority: p for p in Problem.objects.filter(prioritised=True)}
    places = {p.slug: p for p in Place.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    lines = {line.order: line for line in PromiseLine.objects.filter(promise__title=PROMISE_TITLE)}
    plan = ActionPlan(
        cycle=cycle,
        title=PLAN_TITLE,
        period_start=D(2025, 7, 1),
        period_end=D(2027, 6, 30),
        situation_report=SituationReport.objects.filter(
            title="Gemensam lägesbild 2025 för Tingsryds kommun"
        ).first(),
        goals=(
            "Fler ska känna sig trygga i centrala Tingsryd kvällstid.\n"
            "Färre unga ska dras in i narkotikahandel.\n"
            "Gång- och cykelvägar ska vara upplysta och överblickbara."
        ),
        decision=_decision("Kommunstyrelsen", D(2025, 6, 10), "KS § 112"),
        visibility=Visibility.PUBLIC,
    )
    plan.full_clean()
    plan.save()
    created = []
    for (
        slug,
        title,
        text,
        notes,
        kind,
        level,
        lead,
        contributors,
        priority,
        place_slugs,
        area_slugs,
        line,
        visibility,
        updates,
    ) in MEASURES:
        lead_actor = actors.get(lead) or actors[MUNI]
        measure = Measure(
            plan=plan,
            slug=slug,
            title=title,
            public_text=text,
            internal_notes=notes,
            kind=kind,
            level=level,
            lead_actor=lead_actor,
            lead_contact=lead_actor.contacts.first(),
            start_date=D(2025, 8, 1),
            end_date=D(2027, 6, 30) if slug != "belysning-gangvag-folkets-park" else D(2026, 6, 30),
            goal=GOALS.get(priority, ""),
            indicator="Andel som känner sig trygga i centrum kvällstid: 48 % (2024), mål 60 % (2027)."
            if priority == 1
            else "",
            visibility=INT if slug in INTERNAL_PLANNED else visibility,
        )
        measure.full_clean()
        measure.save()
        Measure.objects.filter(pk=measure.pk).update(created_on=D(2025, 6, 10))
        measure.contributors.set([actors[c] for c in contributors if c in actors])
        problem = problems.get(priority)
        if problem is not None:
            measure.problems.set([problem])
            measure.cause_analyses.set(problem.cause_analyses.all())
        measure.places.set([places[s] for s in place_slugs if s in places])
        measure.areas.set([areas[s] for s in area_slugs if s in areas])
        if line in lines:
            measure.promise_lines.set([lines[line]])
        if priority == 1:
            _link_indicator(measure, external_id="N07403", baseline_year=2023, target_year=2027, change=-0.10)
        created.append((measure, lead_actor, updates))
    if any(not m.cause_analyses.exists() for m, _a, _u in created):
        return plan  # the lägesbild demo did not run: leave the plan as a draft
    for status in (PlanStatus.CONSULTATION, PlanStatus.DECIDED, PlanStatus.IN_PROGRESS):
        services.change_plan_status(plan=plan, to=status, by=coordinator)
    for measure, lead_actor, updates in created:
        partner = partners.get(lead_actor.name)
        for months, status, progress, text, approved in updates:
            measure.refresh_from_db()
            author = partner or coordinator
            update = services.post_update(
                measure=measure,
                by=author,
                date=_months_ago(months),
                status=status,
                progress=progress,
                text=text,
                needs_approval=partner is not None,
            )
            if approved and not update.is_approved:
                services.approve_update(update=update, by=coordinator)
    return plan


def _link_indicator(measure, *, external_id, baseline_year, target_year, change) -> None:
    """Follow the measure with a statistics indicator: its 0763 value as baseline, a target change."""
    from decimal import Decimal

    from lagesbild.models import Indicator, IndicatorValue

    from .models import MeasureIndicator

    indicator = Indicator.objects.filter(external_id=external_id).first()
    if indicator is None:
        return  # the statistics demo did not run
    baseline = (
        IndicatorValue.objects.filter(indicator=indicator, area_code="0763", year=baseline_year, gender="T")
        .values_list("value", flat=True)
        .first()
    )
    target = (baseline * (1 + Decimal(str(change)))).quantize(Decimal("1")) if baseline is not None else None
    MeasureIndicator.objects.update_or_create(
        measure=measure,
        indicator=indicator,
        defaults={
            "baseline": baseline,
            "baseline_year": baseline_year,
            "target": target,
            "target_year": target_year,
        },
    )
