"""The årshjul's demo: the default recurring rules (as a new installation's coordinator adds them), two
one-off items and the strategiska rådet's meetings of 2026 and 2027, so that the year view has
something in most months. Idempotent: rules are found by title, items by title and date, meetings by
forum and time."""

import datetime

from django.utils import timezone

from actors.models import Actor, Forum, ForumKind, Meeting
from trygg.visibility import Visibility

from ..models import YearWheelItem
from ..services.yearwheel import add_default_rules

ITEMS = [
    # title, date, responsible actor, remind days, link, description
    (
        "Trygghetsvandring i Ryd med Tingsryds Bostäder",
        datetime.date(2027, 2, 18),
        "Tingsryds Bostäder",
        14,
        "",
        "Kvällsvandring runt Rydsparken och centrum. Bjud in boende och föreningar.",
    ),
    (
        "Ny samverkansperiod: underlag till styrgruppen",
        datetime.date(2027, 5, 20),
        None,
        30,
        "/arbete/kretslopp/",
        "Samverkansperioden tar slut i juli 2027. Underlag till beslut om nästa period.",
    ),
]
COUNCIL_MEETINGS = [
    datetime.datetime(2026, 3, 19, 10),
    datetime.datetime(2026, 10, 8, 10),
    datetime.datetime(2027, 3, 18, 10),
]


def load(*, coordinator) -> str:
    """The demo's rules, items and council meetings; returns a line for the command's output."""
    add_default_rules(by=coordinator)
    actors = {a.name: a for a in Actor.objects.filter(name__in=[i[2] for i in ITEMS if i[2]])}
    for title, on, actor, remind, link, description in ITEMS:
        YearWheelItem.objects.get_or_create(
            title=title,
            on=on,
            defaults={
                "responsible_actor": actors.get(actor),
                "remind_days_before": remind,
                "link": link,
                "description": description,
            },
        )
    council = Forum.objects.filter(kind=ForumKind.STRATEGIC_COUNCIL).order_by("pk").first()
    if council is not None:
        for starts in COUNCIL_MEETINGS:
            Meeting.objects.get_or_create(
                forum=council,
                starts_at=timezone.make_aware(starts),
                defaults={
                    "place": "Kommunhuset, Tingsryd",
                    "agenda": "1. Lägesbilden\n2. Parternas åtaganden\n3. Inriktning för nästa år",
                    "visibility": Visibility.INTERNAL,
                },
            )
    return "Årshjulet: återkommande händelser, enstaka händelser och strategiska rådets möten"
