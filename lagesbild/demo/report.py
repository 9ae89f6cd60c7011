"""Demo lägesbilder: the municipality's (under review), the police's, the joint one and the § 4 one, both
adopted by KS § 23. Status moves go through lagesbild.services.report, like real ones."""

import datetime

from actors.models import Actor, Decision
from trygg.demo import upsert
from trygg.visibility import Visibility

from ..models import ReportKind, ReportStatus, SituationReport
from ..services.report import move_report

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

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
        report = move_report(report=report, to=following, by=None, decision=decision)


def load() -> dict[str, SituationReport]:
    """The four lägesbilder by role: municipal, police, joint and statutory."""
    municipality = Actor.objects.get(name="Tingsryds kommun")
    police = Actor.objects.get(name="Polisen LPO Nybro")
    period = {"period_start": datetime.date(2022, 1, 1), "period_end": datetime.date(2024, 6, 30)}
    municipal = _report(
        municipality,
        "Kommunens lägesbild 2024",
        kind=ReportKind.MUNICIPAL,
        visibility=INTERNAL,
        survey="<p>Anmälda brott enligt Brå och Kolada 2022–2024, per kommundel där det går.</p>",
        other_information="<p>Medarbetardialoger i skola, socialtjänst och bostadsbolag våren 2024.</p>",
        analysis="<p>Otryggheten är störst i centrala Tingsryd kvällstid.</p>",
        sources_used="Brås statistik över anmälda brott, Kolada, medarbetardialoger.",
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
        knowledge_limits="Trygghetsmätningen har få svarande i de minsta orterna.",
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
    if not joint.partners.exists():
        joint.partners.set([police])  # the joint lägesbild is the kommun's and the police's
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
