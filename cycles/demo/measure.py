"""The action plan's 15 measures with their lägesrapporter from August 2025 to November 2026, and the
statistics indicators that follow each focus area.

The story has fixed dates, like the decisions it hangs on: the plan decided in June 2025, the first
follow-up covering July–September 2025, the current round covering October 2025–September 2026."""

import datetime
from decimal import Decimal

from actors.models import Actor
from lagesbild.models import Area, Indicator, IndicatorValue, Place, Problem
from trygg.visibility import Visibility

from ..models import (
    ActionPlan,
    Measure,
    MeasureIndicator,
    MeasureKind,
    MeasureLevel,
    MeasureStatus,
    PromiseLine,
)
from ..services import measure as measure_services
from .promise import PROMISE_TITLE

D = datetime.date

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
# areas, promise line order, visibility, updates as (date, status, progress, text, approved)
MEASURES = [
    (
        "polisen-synlig-i-centrum",
        "Polisen synlig i Tingsryds centrum kvällstid",
        "Polisen patrullerar till fots i centrum fredag och lördag kväll, mest vid torget och busstationen.",
        "Bemanningen vilar på att LPO Nybro kan frigöra två poliser på helgerna.",
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
            (D(2025, 8, 29), S.ONGOING, 10, "Fotpatrullering startad fredag och lördag kväll.", True),
            (
                D(2025, 12, 19),
                S.ONGOING,
                35,
                "Polisen var på plats 30 av 34 planerade kvällar i höstas.",
                True,
            ),
            (
                D(2026, 6, 26),
                S.ONGOING,
                65,
                "Färre anmälningar om skadegörelse vid torget under våren.",
                True,
            ),
            (
                D(2026, 9, 25),
                S.ONGOING,
                80,
                "Patrulleringen fortsätter. Samarbete med nattvandrarna i centrum.",
                True,
            ),
            (
                D(2026, 11, 20),
                S.ONGOING,
                85,
                "Polisen var på plats 16 av 18 planerade kvällar i höst.",
                False,
            ),
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
            (D(2025, 8, 20), S.ONGOING, 10, "Belysningsinventering gjord tillsammans med invånare.", True),
            (
                D(2025, 9, 26),
                S.ONGOING,
                50,
                "Nya armaturer uppsatta vid busstationen. Torget står på tur.",
                True,
            ),
            (D(2025, 11, 28), S.DONE, 100, "Belysningen är klar vid busstationen och torget.", True),
        ],
    ),
    (
        "belysning-gangvag-folkets-park",
        "Belysning på gångvägen till Folkets park",
        "Gångvägen mellan centrum och Folkets park får ny belysning och röjd vegetation.",
        "Entreprenören har flyttat starten två gånger; nytt besked väntas i december.",
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
            (D(2025, 9, 19), S.DELAYED, 5, "Upphandlingen tar längre tid än planerat.", True),
            (D(2026, 1, 30), S.ONGOING, 15, "Vegetationen längs gångvägen är röjd.", True),
            (
                D(2026, 7, 29),
                S.DELAYED,
                30,
                "Belysningen blir försenad eftersom entreprenören inte kunnat börja.",
                True,
            ),
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
            (
                D(2025, 9, 24),
                S.ONGOING,
                25,
                "Trygghetsvandring i september med 24 deltagare och tolv förslag.",
                True,
            ),
            (D(2026, 5, 29), S.ONGOING, 50, "Trygghetsvandring i maj med 18 deltagare.", True),
            (D(2026, 10, 23), S.ONGOING, 75, "Trygghetsvandring i oktober med 13 deltagare.", True),
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
            (
                D(2025, 9, 26),
                S.ONGOING,
                20,
                "Klubbstugan har varit öppen varje fredag sedan september.",
                True,
            ),
            (D(2026, 1, 30), S.ONGOING, 30, "Omkring 30 unga kommer varje fredag.", True),
            (D(2026, 6, 26), S.ONGOING, 60, "I snitt 25 besökare per kväll under våren.", True),
            (D(2026, 10, 23), S.ONGOING, 75, "Höstterminen har börjat med fler besökare än i våras.", True),
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
            (D(2026, 1, 30), S.ONGOING, 20, "Första föräldravandringen med tolv vuxna.", True),
            (D(2026, 6, 12), S.PAUSED, 20, "Vandringarna är pausade över sommaren.", True),
            (
                D(2026, 9, 25),
                S.PAUSED,
                20,
                "Vandringarna har inte börjat igen. Föreningarna söker fler vuxna.",
                True,
            ),
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
            (D(2025, 9, 22), S.ONGOING, 10, "Arbetssättet är beslutat men ingen grupp har startat.", True),
            (D(2026, 2, 27), S.ONGOING, 20, "Samverkansrutin beslutad och den första gruppen startad.", True),
            (D(2026, 7, 29), S.ONGOING, 40, "Rutinen används i fyra ärenden.", True),
            (D(2026, 9, 25), S.ONGOING, 50, "Rutinen utvärderad tillsammans med skolan.", True),
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
            (D(2025, 9, 1), S.ONGOING, 10, "Rutin för frånvarouppföljning införd när läsåret började.", True),
            (D(2026, 4, 30), S.ONGOING, 40, "Frånvaron har minskat något jämfört med förra läsåret.", True),
            (D(2026, 10, 23), S.ONGOING, 55, "Uppföljningen visar färre elever med hög frånvaro.", True),
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
            (D(2026, 3, 27), S.ONGOING, 20, "Belysningen på Väldaskolans skolgård är förbättrad.", True),
            (D(2026, 8, 28), S.DELAYED, 35, "Kamerabevakningen väntar på besked om tillstånd.", True),
            (
                D(2026, 9, 25),
                S.DELAYED,
                40,
                "Belysningen på skolgården i Ryd är klar; kamerorna väntar fortfarande.",
                True,
            ),
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
            (D(2025, 8, 29), S.ONGOING, 30, "Rutin för snabb sanering införd hos bostadsbolaget.", True),
            (D(2026, 5, 29), S.ONGOING, 50, "Klotter sanerat inom ett dygn i nio fall av tio.", True),
            (D(2026, 9, 25), S.ONGOING, 70, "Saneringen fungerar; klotter vid busskuren minskar.", True),
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
            (D(2026, 1, 30), S.ONGOING, 40, "Två trygghetsvandringar med hyresgäster.", True),
            (D(2026, 10, 30), S.DONE, 100, "Alla åtgärder från vandringarna är genomförda.", False),
        ],
    ),
    (
        "brandforebyggande-skolor",
        "Förebyggande arbete mot anlagda bränder vid skolor",
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
                D(2026, 2, 27),
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
        [(D(2026, 3, 27), S.ONGOING, 30, "Kontroller genomförda vid sex tillfällen.", True)],
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

# Per focus area (the problem's priority): how its goal is measured, and the indicators that follow it
# as (external id, baseline year, target year, target change from the baseline).
MEASURED_BY = {
    1: "Polisens trygghetsmätning: andelen som känner sig trygga ute sent en kväll ska öka från "
    "71,3 procent (2023) till 75 procent (2027).",
    2: "Anmälda brott per 100 000 invånare (Kolada) ska minska med en tiondel från 2023 till 2027.",
    3: "Polisens trygghetsmätning: andelen som känner sig trygga ute sent en kväll ska öka till "
    "75 procent (2027).",
}
INDICATORS = {
    1: [("trygg-kvall", 2023, 2027, 0.05)],
    2: [("N07540", 2023, 2027, -0.10)],
    3: [("trygg-kvall", 2023, 2027, 0.05)],
}
# The police's own measure also follows violent crime, which its patrols aim at.
MORE_INDICATORS = {"polisen-synlig-i-centrum": [("N07403", 2023, 2027, -0.10)]}

GOALS = {
    1: "Fler ska känna sig trygga i centrala Tingsryd kvällstid.",
    2: "Färre unga ska dras in i narkotikahandel.",
    3: "Gång- och cykelvägar ska vara upplysta och överblickbara.",
}


# The two measures without updates are still "planerad"; one of them stays internal.
INTERNAL_PLANNED = {"ungdomsrad-trygghet"}


def create_measures(plan: ActionPlan) -> list[tuple]:
    """The plan's measures from MEASURES, linked to the lägesbild's problems, causes, places and areas
    and to the medborgarlöfte's lines; returns (measure, lead actor, updates to post) per measure."""
    actors = {a.name: a for a in Actor.objects.all()}
    problems = {p.priority: p for p in Problem.objects.filter(prioritised=True)}
    places = {p.slug: p for p in Place.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    lines = {line.order: line for line in PromiseLine.objects.filter(promise__title=PROMISE_TITLE)}
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
            indicator=MEASURED_BY.get(priority, ""),
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
        for external_id, baseline_year, target_year, change in INDICATORS.get(
            priority, []
        ) + MORE_INDICATORS.get(slug, []):
            link_indicator(
                measure,
                external_id=external_id,
                baseline_year=baseline_year,
                target_year=target_year,
                change=change,
            )
        created.append((measure, lead_actor, updates))
    return created


def post_updates(created: list[tuple], *, coordinator, partners: dict) -> None:
    """A year of lägesrapporter: a partner's wait for the coordinator's approval where the table says so."""
    for measure, lead_actor, updates in created:
        partner = partners.get(lead_actor.name)
        for day, status, progress, text, approved in updates:
            measure.refresh_from_db()
            author = partner or coordinator
            update = measure_services.post_update(
                measure=measure,
                by=author,
                date=day,
                status=status,
                progress=progress,
                text=text,
                needs_approval=partner is not None,
            )
            if approved and not update.is_approved:
                measure_services.approve_update(update=update, by=coordinator)


def link_indicator(measure, *, external_id, baseline_year, target_year, change) -> None:
    """Follow the measure with a statistics indicator: its 0763 value as baseline, a target change."""
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
