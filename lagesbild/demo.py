"""Demo data for Tingsryd: the six areas, a dozen places, the municipality's, the police's and the joint
lägesbild (adopted by KS § 23), three focus areas with cause analyses, and two trygghetsvandringar.

Idempotent: every object is looked up by its natural key and validated with full_clean(); status moves
go through lagesbild.services, so the demo data passes the same rules as real data.
"""

import datetime
from decimal import Decimal

from actors.models import Actor, Decision
from trygg.demo import upsert
from trygg.visibility import Visibility

from . import services
from .models import (
    Area,
    AreaKind,
    CauseAnalysis,
    Dialogue,
    DialogueKind,
    Observation,
    ObservationCategory,
    Perspective,
    Place,
    PlaceKind,
    Problem,
    ReportKind,
    ReportStatus,
    SituationReport,
)

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL


def _d(value: str) -> Decimal:
    return Decimal(value)


AREAS = [
    # name, slug, kind, latitude, longitude
    ("Tingsryd", "tingsryd", AreaKind.TOWN, "56.52450", "14.97800"),
    ("Ryd", "ryd", AreaKind.TOWN, "56.46620", "14.69270"),
    ("Urshult", "urshult", AreaKind.TOWN, "56.53190", "14.80350"),
    ("Konga", "konga", AreaKind.TOWN, "56.49300", "15.11800"),
    ("Linneryd", "linneryd", AreaKind.TOWN, "56.65900", "15.11900"),
    ("Väckelsång", "vackelsang", AreaKind.TOWN, "56.62900", "14.92300"),
]

PLACES = [
    # area, name, slug, kind, latitude, longitude, description
    (
        "Tingsryd",
        "Torget i Tingsryd",
        "torget-tingsryd",
        PlaceKind.SQUARE,
        "56.52420",
        "14.97730",
        "Centralt torg med butiker, bänkar och busshållplats. Samlingsplats kvällstid.",
    ),
    (
        "Tingsryd",
        "Folkets park",
        "folkets-park-tingsryd",
        PlaceKind.PARK,
        "56.52760",
        "14.98260",
        "Park med gångvägar mellan centrum och bostadsområdena norrut.",
    ),
    (
        "Tingsryd",
        "Storgatan",
        "storgatan-tingsryd",
        PlaceKind.STREET,
        None,
        None,
        "Huvudgatan genom centrum.",
    ),
    (
        "Tingsryd",
        "Busstationen i Tingsryd",
        "busstationen-tingsryd",
        PlaceKind.STATION,
        "56.52330",
        "14.97520",
        "Regionbussarnas hållplats och väntsal.",
    ),
    (
        "Tingsryd",
        "Väldaskolans skolgård",
        "valdaskolan-skolgard",
        PlaceKind.SCHOOL_YARD,
        None,
        None,
        "Skolgård som används som mötesplats efter skoltid och på helger.",
    ),
    (
        "Tingsryd",
        "Badplatsen vid Tiken",
        "badplatsen-tiken",
        PlaceKind.PARK,
        None,
        None,
        "Badplats och grönområde vid sjön Tiken.",
    ),
    (
        "Ryd",
        "Ryds centrum",
        "ryds-centrum",
        PlaceKind.CENTRE,
        "56.46600",
        "14.69200",
        "Butiker, bibliotek och torg.",
    ),
    ("Ryd", "Skolgården i Ryd", "skolgarden-ryd", PlaceKind.SCHOOL_YARD, None, None, ""),
    ("Urshult", "Urshults centrum", "urshults-centrum", PlaceKind.CENTRE, None, None, ""),
    ("Konga", "Hållplatsen i Konga", "hallplatsen-konga", PlaceKind.STATION, None, None, ""),
    ("Linneryd", "Linneryds torg", "linneryds-torg", PlaceKind.SQUARE, None, None, ""),
    (
        "Väckelsång",
        "Gång- och cykelvägen i Väckelsång",
        "gc-vagen-vackelsang",
        PlaceKind.STREET,
        None,
        None,
        "",
    ),
]

JOINT_SUMMARY = (
    "Kommunen och Polisen LPO Nybro har tillsammans gått igenom brottsligheten och tryggheten i "
    "kommunen 2022–2024. Antalet anmälda brott per invånare är lägre än i länet, men många känner sig "
    "otrygga i centrala Tingsryd kvällstid, särskilt kring torget och busstationen.\n\n"
    "Tre problem prioriteras: otrygghet och skadegörelse kring torget i Tingsryd, att unga dras in i "
    "narkotikahandel, och mörka gång- och cykelvägar. För vart och ett har vi gjort en orsaksanalys, och "
    "åtgärderna i åtgärdsplanen utgår från dem."
)


def _report(author, title, *, kind, version_number=1, **values) -> SituationReport:
    return upsert(
        SituationReport,
        {"author": author, "title": title, "version_number": version_number},
        kind=kind,
        **values,
    )


def _move_to(report: SituationReport, status: str, *, decision: Decision | None = None) -> None:
    """Walk the report through the allowed moves up to the wanted status (nothing when already there)."""
    path = [ReportStatus.DRAFT, ReportStatus.REVIEW, ReportStatus.ADOPTED]
    while path.index(report.status) < path.index(status):
        following = path[path.index(report.status) + 1]
        report = services.move_report(report=report, to=following, by=None, decision=decision)


def load(*, stdout) -> None:
    areas = {}
    for name, slug, kind, lat, lon in AREAS:
        areas[name] = upsert(Area, {"slug": slug}, name=name, kind=kind, latitude=_d(lat), longitude=_d(lon))
    places = {}
    for area, name, slug, kind, lat, lon, description in PLACES:
        places[slug] = upsert(
            Place,
            {"slug": slug},
            name=name,
            area=areas[area],
            kind=kind,
            latitude=_d(lat) if lat else None,
            longitude=_d(lon) if lon else None,
            description=description,
        )
    reports = _load_reports()
    _load_problems(areas, places, reports)
    _load_dialogues(areas, places)
    from . import demo_statistics

    demo_statistics.load(stdout=stdout)
    stdout.write(
        f"Lägesbild: {Area.objects.count()} områden, {Place.objects.count()} platser, "
        f"{SituationReport.objects.count()} lägesbilder, {Problem.objects.count()} problem, "
        f"{Dialogue.objects.count()} dialoger"
    )


def _load_reports() -> dict[str, SituationReport]:
    municipality = Actor.objects.get(name="Tingsryds kommun")
    police = Actor.objects.get(name="Polisen LPO Nybro")
    period = {"period_start": datetime.date(2022, 1, 1), "period_end": datetime.date(2024, 6, 30)}
    municipal = _report(
        municipality,
        "Kommunens lägesbild 2024",
        kind=ReportKind.MUNICIPAL,
        visibility=INTERNAL,
        survey="<p>Anmälda brott enligt Brå och Kolada 2022–2024, per kommundel där det går.</p>",
        other_information="<p>Medarbetardialoger i skola, socialtjänst och fritid hösten 2024.</p>",
        analysis="<p>Otryggheten är störst i centrala Tingsryd kvällstid.</p>",
        sources_used="Brå:s statistik över anmälda brott, Kolada, medarbetardialoger.",
        sources_left_out="Uppgifter för de minsta orterna, eftersom antalen är för små för att visas.",
        knowledge_limits="Anmälda brott visar inte mörkertalet.",
        **period,
    )
    _move_to(municipal, ReportStatus.REVIEW)
    police_report = _report(
        police,
        "Polisens lokala lägesbild, LPO Nybro, Tingsryd",
        kind=ReportKind.POLICE,
        visibility=INTERNAL,
        survey="<p>Brottsutvecklingen i Tingsryds kommun enligt polisens öppna uppgifter.</p>",
        other_information="<p>Polisens trygghetsmätning 2023 för lokalpolisområdet.</p>",
        analysis="<p>Skadegörelse och narkotikabrott ökar i centrala Tingsryd.</p>",
        sources_used="Polisens anmälningsstatistik och trygghetsmätning.",
        knowledge_limits="Trygghetsmätningen redovisas bara för hela lokalpolisområdet.",
        **period,
    )
    joint = _report(
        municipality,
        "Gemensam lägesbild 2025 för Tingsryds kommun",
        kind=ReportKind.JOINT,
        visibility=PUBLIC,
        survey=(
            "<p>Kommunen har färre anmälda brott per 100 000 invånare än länet. Skadegörelse och "
            "narkotikabrott har ökat i centrala Tingsryd sedan 2022.</p>"
        ),
        other_information=(
            "<p>Trygghetsvandringar i Tingsryd och Ryd hösten 2024, medarbetardialoger och polisens "
            "trygghetsmätning.</p>"
        ),
        analysis=(
            "<p>Otryggheten hänger ihop med platser där unga samlas kvällstid utan vuxna, med dålig "
            "belysning och med nedskräpning. Narkotikahandeln riktar sig till unga.</p>"
        ),
        sources_used="Kommunens och polisens lägesbilder, Brå, Kolada, dialoger.",
        sources_left_out="Uppgifter om enskilda personer och polisens underrättelseinformation lagras inte.",
        knowledge_limits="Få anmälda brott i de mindre orterna gör siffrorna osäkra där.",
        public_summary=JOINT_SUMMARY,
        **period,
    )
    ks_23 = Decision.objects.get(paragraph="KS § 23", decided_on=datetime.date(2025, 2, 11))
    _move_to(joint, ReportStatus.ADOPTED, decision=ks_23)
    # The same KS decision made the joint lägesbild the municipality's lägesbild under § 4, which
    # § 6 requires to be updated at least every second year.
    statutory = _report(
        municipality,
        "Lägesbild enligt 4 § för Tingsryds kommun 2025",
        kind=ReportKind.STATUTORY,
        visibility=PUBLIC,
        survey=(
            "<p>Kartläggningen av brottsligheten, dess omfattning och följder finns i den gemensamma "
            "lägesbilden 2025 som kommunen och Polisen LPO Nybro tog fram.</p>"
        ),
        other_information="<p>Trygghetsvandringar, medarbetardialoger och polisens trygghetsmätning.</p>",
        analysis=(
            "<p>Kommunstyrelsen ställer sig bakom analysen i den gemensamma lägesbilden: otryggheten "
            "kvällstid i centrala Tingsryd och unga som dras in i narkotikahandel är de största "
            "problemen.</p>"
        ),
        sources_used="Den gemensamma lägesbilden 2025 och dess källor.",
        knowledge_limits="Samma begränsningar som i den gemensamma lägesbilden.",
        public_summary=(
            "Kommunstyrelsen har fastställt den gemensamma lägesbilden 2025 som kommunens lägesbild "
            "enligt 4 § lagen (2023:196). Den ska uppdateras senast i februari 2027."
        ),
        **period,
    )
    _move_to(statutory, ReportStatus.ADOPTED, decision=ks_23)
    return {"municipal": municipal, "police": police_report, "joint": joint, "statutory": statutory}


PROBLEMS = [
    # title, priority, description, crime types, areas, place slugs, visibility
    (
        "Otrygghet och skadegörelse kring torget i Tingsryd kvällstid",
        1,
        "Många invånare undviker torget och busstationen på kvällar och helger. Skadegörelse och "
        "nedskräpning har ökat.",
        "skadegörelse, ofredande, klotter",
        ["Tingsryd"],
        ["torget-tingsryd", "busstationen-tingsryd"],
        PUBLIC,
    ),
    (
        "Unga som dras in i narkotikahandel",
        2,
        "Skola, socialtjänst och polis ser att fler unga erbjuds och säljer narkotika, ofta via sociala "
        "medier och på skolgårdar efter skoltid.",
        "narkotikabrott",
        ["Tingsryd", "Ryd"],
        ["valdaskolan-skolgard", "skolgarden-ryd"],
        PUBLIC,
    ),
    (
        "Mörka och igenväxta gång- och cykelvägar",
        3,
        "Gång- och cykelvägar med dålig belysning och igenväxt vegetation gör att många, särskilt kvinnor "
        "och äldre, känner sig otrygga.",
        "ofredande, sexuellt ofredande",
        ["Tingsryd", "Väckelsång"],
        ["folkets-park-tingsryd", "gc-vagen-vackelsang"],
        PUBLIC,
    ),
]

CAUSES = [
    # priority, perspective, offender/motivation, target/victim, place/guardians, risk, protective, evidence
    (
        1,
        Perspective.SITUATIONAL,
        "Grupper av unga vuxna som samlas utan något att göra; skadegörelse som tidsfördriv.",
        "Butiker, busskur och invånare som passerar.",
        "Torget är tomt efter butikernas stängning; ingen vuxen närvaro och dålig belysning vid busskuren.",
        "Få mötesplatser för unga kvällstid; alkohol.",
        "Fältassistenter och föreningar som finns på plats; aktiva butiksägare.",
        "Trygghetsvandringen 2024-10-15, polisens anmälningar 2022–2024.",
    ),
    (
        2,
        Perspective.SOCIAL,
        "Äldre ungdomar och vuxna som rekryterar yngre för att sälja; snabba pengar och status.",
        "Unga i riskzon, ofta med svag skolanknytning.",
        "Skolgårdar efter skoltid och sociala medier där vuxna inte finns.",
        "Skolfrånvaro, kamrater som använder narkotika, svagt föräldrastöd.",
        "Skolnärvaro, meningsfull fritid, trygga vuxna och föräldrastöd.",
        "Medarbetardialoger i skola och socialtjänst 2024; polisens lägesbild.",
    ),
    (
        2,
        Perspective.SITUATIONAL,
        "Säljare som söker platser utan insyn.",
        "Unga köpare.",
        "Skolgårdar och parker utan belysning och vuxennärvaro på kvällen.",
        "Mörka platser utan insyn.",
        "Föräldravandringar och nattvandrare.",
        "Trygghetsvandringarna i Tingsryd och Ryd 2024.",
    ),
    (
        3,
        Perspective.VICTIM,
        "Enstaka gärningspersoner; brotten är få men rädslan stor.",
        "Framför allt kvinnor och äldre som går eller cyklar kvällstid.",
        "Långa sträckor utan belysning och med buskage tätt intill vägen.",
        "Mörker under vinterhalvåret, igenväxt vegetation.",
        "Belysning, röjd vegetation, fler som rör sig på platsen.",
        "Medborgardialoger och trygghetsvandringar; polisens trygghetsmätning.",
    ),
]


def _load_problems(areas, places, reports) -> None:
    problems = {}
    for title, priority, description, crime_types, area_names, place_slugs, visibility in PROBLEMS:
        problem = upsert(
            Problem,
            {"title": title},
            priority=priority,
            prioritised=True,
            description=description,
            crime_types=crime_types,
            visibility=visibility,
        )
        problem.areas.set([areas[a] for a in area_names])
        problem.places.set([places[s] for s in place_slugs])
        problem.reports.set([reports["joint"], reports["municipal"]])
        problems[priority] = problem
    internal = upsert(
        Problem,
        {"title": "Stölder av båtmotorer vid sjöarna"},
        description="Återkommande stölder av båtmotorer sommartid. Följs av polisen, inte prioriterat.",
        crime_types="stöld",
        visibility=INTERNAL,
    )
    internal.reports.set([reports["police"]])
    for priority, perspective, offender, target, place, risk, protective, evidence in CAUSES:
        upsert(
            CauseAnalysis,
            {"problem": problems[priority], "perspective": perspective},
            offender_motivation=offender,
            target_victim=target,
            place_guardians=place,
            risk_factors=risk,
            protective_factors=protective,
            evidence=evidence,
        )


WALKS = [
    # area, date, counts (residents, staff, police, politicians, other), summary, observations
    (
        "Tingsryd",
        datetime.date(2024, 10, 15),
        (14, 4, 2, 3, 1),
        "Vandringen gick från busstationen över torget till Folkets park. Deltagarna tog upp mörka "
        "passager, nedskräpning och att unga samlas vid busskuren.",
        [
            (
                "busstationen-tingsryd",
                ObservationCategory.LIGHTING,
                "Trasig belysning vid busskuren och gångtunneln.",
                "Laga och förstärk belysningen.",
            ),
            (
                "torget-tingsryd",
                ObservationCategory.GATHERINGS,
                "Unga samlas vid bänkarna på kvällen; många vuxna undviker torget.",
                "Fältassistenter och nattvandrare på fredagskvällar.",
            ),
            (
                "torget-tingsryd",
                ObservationCategory.LITTERING,
                "Mycket skräp och klotter efter helger.",
                "Tätare städning måndag morgon och snabb klottersanering.",
            ),
            (
                "folkets-park-tingsryd",
                ObservationCategory.VEGETATION,
                "Tät buskage längs gångvägen skymmer sikten.",
                "Röj buskagen och gallra träd längs gångvägen.",
            ),
        ],
    ),
    (
        "Ryd",
        datetime.date(2024, 11, 5),
        (9, 3, 1, 2, 0),
        "Vandringen gick genom Ryds centrum och förbi skolan. Trafiken genom centrum och en mörk skolgård "
        "togs upp.",
        [
            (
                "ryds-centrum",
                ObservationCategory.TRAFFIC,
                "Höga hastigheter genom centrum på kvällen.",
                "Farthinder eller hastighetskameror.",
            ),
            (
                "skolgarden-ryd",
                ObservationCategory.LIGHTING,
                "Skolgården är helt mörk efter klockan 17.",
                "Belysning med rörelsevakt.",
            ),
            (
                "ryds-centrum",
                ObservationCategory.OTHER,
                "Tomma skyltfönster ger ett övergivet intryck.",
                "Tillfälliga utställningar i tomma lokaler.",
            ),
        ],
    ),
]


def _load_dialogues(areas, places) -> None:
    municipality = Actor.objects.get(name="Tingsryds kommun")
    for area, held_on, counts, summary, observations in WALKS:
        residents, staff, police, politicians, other = counts
        dialogue = upsert(
            Dialogue,
            {"kind": DialogueKind.SAFETY_WALK, "area": areas[area], "held_on": held_on},
            organiser=municipality,
            residents=residents,
            staff=staff,
            police=police,
            politicians=politicians,
            other=other,
            summary=summary,
            visibility=PUBLIC,
        )
        for slug, category, note, proposal in observations:
            upsert(
                Observation,
                {"dialogue": dialogue, "place": places[slug], "category": category},
                note=note,
                proposal=proposal,
            )
    upsert(
        Dialogue,
        {"kind": DialogueKind.STAFF, "area": areas["Tingsryd"], "held_on": datetime.date(2024, 9, 24)},
        organiser=municipality,
        staff=18,
        summary=(
            "Medarbetare i skola, socialtjänst och fritid om vad de ser bland unga. Interna anteckningar."
        ),
        visibility=INTERNAL,
    )
