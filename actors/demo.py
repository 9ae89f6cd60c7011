"""Demo data for Tingsryd: actors, contacts linked to the demo users, forums, a year of meetings and
decisions. Idempotent: every object is looked up by its natural key and validated with full_clean(),
so the demo data passes the same rules as real data and a second run creates nothing new.

Organisation numbers: Tingsryds kommun and Polismyndigheten are the real ones; the others are
made up but carry a valid check digit.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from trygg.demo import upsert
from trygg.visibility import Visibility

from .models import (
    Actor,
    ActorKind,
    Contact,
    Decision,
    Forum,
    ForumKind,
    Meeting,
    Membership,
    MembershipRole,
    ResourceInventory,
    ResourceKind,
)

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
TOWN_HALL = "Kommunhuset, Torget 5, Tingsryd"


ACTORS = [
    # name, kind, part of, organisation number, website, contribution
    (
        "Tingsryds kommun",
        ActorKind.MUNICIPALITY,
        None,
        "212000-0670",
        "https://www.tingsryd.se/",
        "Leder det brottsförebyggande arbetet enligt lagen (2023:196), tar fram lägesbilden och "
        "åtgärdsplanen och samordnar parterna.",
    ),
    (
        "Kommunledningsförvaltningen",
        ActorKind.MUNICIPAL_DEPARTMENT,
        "Tingsryds kommun",
        None,
        "",
        "Har samordnaren för brottsförebyggande arbete, håller ihop styrgruppen och informerar invånarna.",
    ),
    (
        "Barn- och utbildningsförvaltningen",
        ActorKind.MUNICIPAL_DEPARTMENT,
        "Tingsryds kommun",
        None,
        "",
        "Skolornas trygghetsarbete, elevhälsa och samverkan kring unga i riskzon.",
    ),
    (
        "Socialförvaltningen",
        ActorKind.MUNICIPAL_DEPARTMENT,
        "Tingsryds kommun",
        None,
        "",
        "Förebyggande socialt arbete, fältverksamhet och stöd till brottsutsatta.",
    ),
    (
        "Polisen LPO Nybro",
        ActorKind.POLICE,
        None,
        "202100-0076",
        "https://polisen.se/",
        "Kommunpolis, polisens lägesbild för lokalpolisområdet och medborgarlöften tillsammans med kommunen.",
    ),
    (
        "Tingsryds Bostäder AB",
        ActorKind.MUNICIPAL_COMPANY,
        None,
        "556000-0001",
        "",
        "Belysning, skötsel och trygghetsvandringar i bostadsområdena.",
    ),
    (
        "Räddningstjänsten Östra Kronoberg",
        ActorKind.RESCUE_SERVICE,
        None,
        None,
        "",
        "Förebygger anlagda bränder och bidrar med kunskap om skadegörelse.",
    ),
    (
        "Väckelsångs skola",
        ActorKind.SCHOOL,
        "Barn- och utbildningsförvaltningen",
        None,
        "",
        "Trygghetsvandringar med elever och föräldrar, och arbetet mot skolk och mobbning.",
    ),
    (
        "Tingsryds IF",
        ActorKind.ASSOCIATION,
        None,
        "802400-0005",
        "",
        "Öppen kvällsverksamhet för unga, och vuxna som finns på plats vid större evenemang.",
    ),
]

CONTACTS = [
    # actor, name, title, e-mail, phone, demo user
    (
        "Kommunledningsförvaltningen",
        "Sara Samordnare",
        "Samordnare för brottsförebyggande arbete",
        "samordnare@example.org",
        "0477-441 00",
        "samordnare",
    ),
    (
        "Kommunledningsförvaltningen",
        "Karin Kommundirektör",
        "Kommundirektör",
        "karin@example.org",
        "0477-441 01",
        None,
    ),
    (
        "Tingsryds kommun",
        "Stina Styrelse",
        "Kommunstyrelsens ordförande",
        "styrelse@example.org",
        "0477-441 02",
        "styrelse",
    ),
    ("Socialförvaltningen", "Sören Socialchef", "Socialchef", "soren@example.org", "0477-441 30", None),
    ("Polisen LPO Nybro", "Per Polis", "Kommunpolis", "polis@example.org", "114 14", "polis"),
    ("Polisen LPO Nybro", "Lena Lokalpolis", "Lokalpolisområdeschef", "lena@example.org", "114 14", None),
    (
        "Tingsryds Bostäder AB",
        "Bodil Bostäder",
        "Trygghetssamordnare",
        "bostader@example.org",
        "0477-100 00",
        "bostader",
    ),
    (
        "Räddningstjänsten Östra Kronoberg",
        "Rune Räddning",
        "Insatsledare",
        "rune@example.org",
        "0470-100 00",
        None,
    ),
    ("Väckelsångs skola", "Vera Väckelsång", "Rektor", "vera@example.org", "0477-442 50", None),
    ("Tingsryds IF", "Ivar Idrott", "Ordförande", "ivar@example.org", "070-000 00 00", None),
]

FORUMS = [
    # name, abbreviation, kind, actor, visibility, description
    (
        "Styrgruppen för trygghet",
        "SG",
        ForumKind.STEERING_GROUP,
        "Tingsryds kommun",
        PUBLIC,
        "Leder kommunens och polisens gemensamma arbete: prioriterar problem, antar åtgärdsplaner "
        "och följer upp dem.",
    ),
    (
        "Strategiska rådet",
        "SR",
        ForumKind.STRATEGIC_COUNCIL,
        "Tingsryds kommun",
        PUBLIC,
        "Kommunens strategiska råd enligt 10 § lagen (2023:196): parternas chefer möts två gånger om året.",
    ),
    (
        "Lokala BRÅ",
        "BRÅ",
        ForumKind.PREPARATORY_GROUP,
        "Kommunledningsförvaltningen",
        PUBLIC,
        "Beredningsgruppen som tar fram lägesbilden, planerar åtgärder och genomför trygghetsvandringar.",
    ),
    (
        "Kommunstyrelsen",
        "KS",
        ForumKind.KS,
        "Tingsryds kommun",
        PUBLIC,
        "Leder det brottsförebyggande arbetet och rapporterar till kommunfullmäktige.",
    ),
    (
        "Kommunfullmäktige",
        "KF",
        ForumKind.KF,
        "Tingsryds kommun",
        PUBLIC,
        "Kommunens högsta beslutande organ; får rapporter om arbetet.",
    ),
]

START = datetime.date(2024, 1, 1)
MEMBERSHIPS = [
    ("Styrgruppen för trygghet", "Stina Styrelse", MembershipRole.CHAIR),
    ("Styrgruppen för trygghet", "Karin Kommundirektör", MembershipRole.MEMBER),
    ("Styrgruppen för trygghet", "Lena Lokalpolis", MembershipRole.MEMBER),
    ("Styrgruppen för trygghet", "Sara Samordnare", MembershipRole.SECRETARY),
    ("Styrgruppen för trygghet", "Bodil Bostäder", MembershipRole.CO_OPTED),
    ("Strategiska rådet", "Stina Styrelse", MembershipRole.CHAIR),
    ("Strategiska rådet", "Lena Lokalpolis", MembershipRole.MEMBER),
    ("Strategiska rådet", "Sören Socialchef", MembershipRole.MEMBER),
    ("Strategiska rådet", "Rune Räddning", MembershipRole.MEMBER),
    ("Strategiska rådet", "Sara Samordnare", MembershipRole.SECRETARY),
    ("Lokala BRÅ", "Sara Samordnare", MembershipRole.CHAIR),
    ("Lokala BRÅ", "Per Polis", MembershipRole.MEMBER),
    ("Lokala BRÅ", "Bodil Bostäder", MembershipRole.MEMBER),
    ("Lokala BRÅ", "Vera Väckelsång", MembershipRole.MEMBER),
    ("Lokala BRÅ", "Ivar Idrott", MembershipRole.MEMBER),
    ("Kommunstyrelsen", "Stina Styrelse", MembershipRole.CHAIR),
]

STEERING_TOPICS = [
    "Lägesbild och prioriteringar",
    "Arbetet med åtgärdsplanen",
    "Medborgarlöftet för kommande år",
    "Trygghetsvandringar i Ryd och Urshult",
    "Belysning vid busstationen",
    "Samverkansöverenskommelsen",
]


def _meeting_time(year: int, month: int, day: int, hour: int = 13) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _months():
    """December 2024 to December 2025, month by month."""
    year, month = 2024, 12
    while (year, month) <= (2025, 12):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _meeting(forum, starts_at, *, place, agenda, minutes, visibility, attendees):
    meeting = upsert(
        Meeting,
        {"forum": forum, "starts_at": starts_at},
        place=place,
        agenda=agenda,
        minutes=minutes,
        visibility=visibility,
    )
    meeting.attendees.set(attendees)
    return meeting


def _decision(forum, decided_on, paragraph, *, title, dnr="", summary="", meeting=None, visibility=INTERNAL):
    return upsert(
        Decision,
        {"forum": forum, "decided_on": decided_on, "paragraph": paragraph},
        title=title,
        diary_number=dnr,
        summary=summary,
        meeting=meeting,
        visibility=visibility,
    )


def load(*, stdout) -> None:
    actors = {}
    for name, kind, parent, org_no, website, contribution in ACTORS:
        actors[name] = upsert(
            Actor,
            {"name": name},
            kind=kind,
            part_of=actors.get(parent),
            organisation_number=org_no,
            website=website,
            contribution=contribution,
            active=True,
        )

    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[c[5] for c in CONTACTS if c[5]])
    }
    contacts = {}
    for actor, name, title, email, phone, username in CONTACTS:
        contacts[name] = upsert(
            Contact,
            {"actor": actors[actor], "name": name},
            title=title,
            email=email,
            phone=phone,
            user=users.get(username),
        )

    forums = {}
    for name, abbreviation, kind, actor, visibility, description in FORUMS:
        forums[name] = upsert(
            Forum,
            {"name": name},
            abbreviation=abbreviation,
            kind=kind,
            actor=actors[actor],
            visibility=visibility,
            description=description,
        )

    for forum, person, role in MEMBERSHIPS:
        upsert(
            Membership, {"forum": forums[forum], "contact": contacts[person], "start_date": START}, role=role
        )

    _load_meetings(forums, contacts)
    _load_resources(actors)
    stdout.write(
        f"Samverkan: {Actor.objects.count()} aktörer, {Forum.objects.count()} forum, "
        f"{Meeting.objects.count()} möten, {Decision.objects.count()} beslut"
    )


def _load_meetings(forums, contacts) -> None:
    steering = forums["Styrgruppen för trygghet"]
    steering_people = [
        contacts[n] for n in ("Stina Styrelse", "Karin Kommundirektör", "Lena Lokalpolis", "Sara Samordnare")
    ]
    bra = forums["Lokala BRÅ"]
    bra_people = [contacts[n] for n in ("Sara Samordnare", "Per Polis", "Bodil Bostäder", "Vera Väckelsång")]

    paragraph = 0
    for i, (year, month) in enumerate(_months()):
        if month == 7:
            continue  # no meetings in July
        topic = STEERING_TOPICS[i % len(STEERING_TOPICS)]
        meeting = _meeting(
            steering,
            _meeting_time(year, month, 16 if month != 12 else 9),
            place=TOWN_HALL,
            agenda=f"1. Mötets öppnande\n2. {topic}\n3. Rapporter från parterna\n4. Övriga frågor",
            minutes=(
                f"Styrgruppen diskuterade {topic[0].lower()}{topic[1:]}. Polisen och kommunen redovisade "
                "läget sedan förra mötet. Samordnaren fick i uppdrag att sammanställa underlag till "
                "nästa möte."
            ),
            visibility=INTERNAL,
            attendees=steering_people,
        )
        paragraph += 1
        _decision(
            steering,
            meeting.starts_at.date(),
            f"SG § {paragraph}",
            title=f"{topic}: styrgruppens ställningstagande",
            summary="Styrgruppen ställde sig bakom förslaget och gav samordnaren i uppdrag att gå vidare.",
            meeting=meeting,
            visibility=PUBLIC if month in (2, 6, 11) else INTERNAL,
        )
        if month % 2 == 0:
            _meeting(
                bra,
                _meeting_time(year, month, 3, hour=9),
                place="Medborgarkontoret, Tingsryd",
                agenda="1. Lägesbild från polisen\n2. Synpunkter från invånare\n3. Trygghetsvandringar",
                minutes="Gruppen gick igenom lägesbilden och planerade kommande trygghetsvandringar.",
                visibility=INTERNAL,
                attendees=bra_people,
            )

    council = forums["Strategiska rådet"]
    for day in (datetime.date(2025, 3, 20), datetime.date(2025, 10, 9)):
        _meeting(
            council,
            _meeting_time(day.year, day.month, day.day, hour=10),
            place=TOWN_HALL,
            agenda="1. Lägesbilden\n2. Parternas åtaganden\n3. Inriktning för nästa år",
            minutes="Rådet ställde sig bakom inriktningen och parterna bekräftade sina åtaganden.",
            visibility=INTERNAL,
            attendees=[
                contacts[n]
                for n in ("Stina Styrelse", "Lena Lokalpolis", "Sören Socialchef", "Rune Räddning")
            ],
        )

    ks = forums["Kommunstyrelsen"]
    ks_decisions = [
        (
            datetime.date(2025, 2, 11),
            "KS § 23",
            "KS 2025/14",
            "Gemensam lägesbild 2025 med Polisen LPO Nybro",
            PUBLIC,
        ),
        (
            datetime.date(2025, 4, 8),
            "KS § 61",
            "KS 2025/31",
            "Samverkansöverenskommelse med Polisen LPO Nybro",
            PUBLIC,
        ),
        (
            datetime.date(2025, 6, 10),
            "KS § 112",
            "KS 2025/48",
            "Åtgärdsplan för brottsförebyggande arbete 2025–2027",
            PUBLIC,
        ),
        (
            datetime.date(2025, 9, 9),
            "KS § 150",
            "KS 2025/62",
            "Resurser till trygghetsvärdar i Tingsryd",
            INTERNAL,
        ),
        (
            datetime.date(2025, 11, 11),
            "KS § 187",
            "KS 2025/77",
            "Uppföljning av åtgärdsplanens första månader",
            PUBLIC,
        ),
    ]
    for decided_on, par, dnr, title, visibility in ks_decisions:
        meeting = _meeting(
            ks,
            _meeting_time(decided_on.year, decided_on.month, decided_on.day, hour=9),
            place="Sessionssalen, kommunhuset",
            agenda=f"Ärende: {title}",
            minutes=f"Kommunstyrelsen beslutade i enlighet med förslaget ({par}).",
            visibility=visibility,
            attendees=[contacts["Stina Styrelse"]],
        )
        _decision(
            ks,
            decided_on,
            par,
            title=title,
            dnr=dnr,
            meeting=meeting,
            visibility=visibility,
            summary="Kommunstyrelsen beslutade i enlighet med styrgruppens förslag.",
        )

    kf = forums["Kommunfullmäktige"]
    _decision(
        kf,
        datetime.date(2025, 6, 23),
        "KF § 74",
        title="Anmälan av åtgärdsplan för brottsförebyggande arbete 2025–2027",
        dnr="KS 2025/48",
        summary="Kommunfullmäktige lade anmälan till handlingarna.",
        visibility=PUBLIC,
    )

    # Two planned meetings, so that the dashboard shows what is coming.
    for day in (datetime.date(2026, 12, 15), datetime.date(2027, 1, 19)):
        _meeting(
            steering,
            _meeting_time(day.year, day.month, day.day),
            place=TOWN_HALL,
            agenda="1. Mötets öppnande\n2. Uppföljning av åtgärdsplanen\n3. Övriga frågor",
            minutes="",
            visibility=INTERNAL,
            attendees=[],
        )


def _load_resources(actors) -> None:
    resources = [
        (
            "Kommunledningsförvaltningen",
            ResourceKind.PEOPLE,
            "Samordnare för brottsförebyggande arbete, heltid.",
            1,
            "årsarbetare",
        ),
        ("Kommunledningsförvaltningen", ResourceKind.MONEY, "Budget för trygghetsåtgärder.", 250000, "kr"),
        (
            "Polisen LPO Nybro",
            ResourceKind.PEOPLE,
            "Kommunpolis med del av sin tid i Tingsryd.",
            "0.5",
            "årsarbetare",
        ),
        (
            "Tingsryds Bostäder AB",
            ResourceKind.MONEY,
            "Belysning och röjning i bostadsområden.",
            120000,
            "kr",
        ),
        ("Tingsryds IF", ResourceKind.PREMISES, "Klubbstugan för öppen kvällsverksamhet.", None, ""),
        (
            "Räddningstjänsten Östra Kronoberg",
            ResourceKind.COMPETENCE,
            "Kunskap om anlagda bränder.",
            None,
            "",
        ),
    ]
    for actor, kind, description, amount, unit in resources:
        upsert(
            ResourceInventory,
            {"actor": actors[actor], "kind": kind, "year_label": "2025"},
            description=description,
            amount=Decimal(str(amount)) if amount is not None else None,
            unit=unit,
        )


def find_decision(forum: str, decided_on: datetime.date, paragraph: str) -> Decision | None:
    """A decision of the demo by its natural key (forum name, date, paragraph), for later apps' demo data."""
    return Decision.objects.filter(forum__name=forum, decided_on=decided_on, paragraph=paragraph).first()


def find_meeting(forum: str, day: datetime.date) -> Meeting | None:
    """The demo's first meeting of a forum on a day, for later apps' demo data."""
    return Meeting.objects.filter(forum__name=forum, starts_at__date=day).order_by("starts_at").first()
