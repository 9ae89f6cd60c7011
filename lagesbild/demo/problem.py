"""Demo problems: three focus areas with their cause analyses, and an internal problem the police follow."""

from trygg.demo import upsert
from trygg.visibility import Visibility

from ..models import Area, CauseAnalysis, Perspective, Place, Problem, SituationReport

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

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
        "Torget är tomt när butikerna har stängt; ingen vuxennärvaro och dålig belysning vid busskuren.",
        "Få mötesplatser för unga kvällstid; alkohol.",
        "Fältassistenter och föreningar som finns på plats; aktiva butiksägare.",
        "Trygghetsvandringen 2024-10-15, polisens anmälningsstatistik 2022–2024.",
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


def load(areas: dict[str, Area], places: dict[str, Place], reports: dict[str, SituationReport]) -> None:
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
        description=(
            "Återkommande stölder av båtmotorer sommartid. Polisen följer problemet, men det är inte "
            "prioriterat."
        ),
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
