"""The årshjul (yearly wheel): what falls due when, read from the rules, the one-off items, the forums'
meetings, the follow-up periods and the law's deadlines (cycles.services.compliance); the default
rules a new installation starts from; each user's secret calendar address and the iCalendar file.

`occurrences()` reads everything in a fixed number of queries, whatever the number of rules, items and
meetings: one per source, and the rules are expanded year by year in Python.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Alarm, Calendar, Event

from actors.models import ForumKind, Meeting
from trygg.links import absolute_url
from trygg.rules import is_board_reader, is_coordinator, signed_in_with

from ..models import (
    DEADLINE,
    FOLLOWUP,
    MEETING,
    SOURCE_LABELS,
    CalendarFeed,
    FollowUpPeriod,
    Occurrence,
    YearWheelItem,
    YearWheelRule,
    hash_token,
)
from .compliance import Deadline, deadlines

# The forums whose meetings the årshjul shows: the strategiska rådet (10 §) and the styrgrupp.
WHEEL_FORUM_KINDS = (ForumKind.STRATEGIC_COUNCIL, ForumKind.STEERING_GROUP)


def sees_everything(user) -> bool:
    return user is None or signed_in_with(is_coordinator | is_board_reader, user)


def _visible(queryset, user):
    return queryset if user is None else queryset.visible_to(user)


def _entries(start, end, user) -> list[Occurrence]:
    return [
        *_visible(YearWheelRule.objects.all(), user).occurrences(start, end),
        *_visible(YearWheelItem.objects.all(), user).occurrences(start, end),
    ]


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def meetings(start, end, user, *, forum=None) -> list[Occurrence]:
    """The meetings from `start` to `end` that the user may see: of one forum, or of WHEEL_FORUM_KINDS."""
    found = Meeting.objects.filter(
        starts_at__gte=local_midnight(start), starts_at__lt=local_midnight(end + datetime.timedelta(days=1))
    )
    found = (
        found.filter(forum=forum) if forum is not None else found.filter(forum__kind__in=WHEEL_FORUM_KINDS)
    )
    found = _visible(found, user).select_related("forum").order_by("starts_at", "pk")
    shown = []
    for meeting in found:
        local = timezone.localtime(meeting.starts_at)
        shown.append(
            Occurrence(
                on=local.date(),
                title=_("Möte: %(forum)s") % {"forum": meeting.forum.name},
                source=MEETING,
                uid=f"meeting-{meeting.pk}",
                link=reverse("actors:meeting-detail", args=[meeting.pk]),
                responsible=meeting.forum.name,
                description="\n".join(x for x in (meeting.place, meeting.agenda) if x),
                starts_at=local,
            )
        )
    return shown


def _followup_occurrences(start, end, user) -> list[Occurrence]:
    periods = FollowUpPeriod.objects.filter(closes_on__gte=start, closes_on__lte=end).order_by("closes_on")
    link = reverse("cycles:followup-overview" if sees_everything(user) else "cycles:my-followups")
    return [
        Occurrence(
            on=period.closes_on,
            title=_("Sista dag för uppföljningarna: %(name)s") % {"name": period.name},
            source=FOLLOWUP,
            uid=f"followup-{period.pk}",
            link=link,
            description=_("Uppföljningen av varje åtgärd för perioden %(p)s lämnas in.")
            % {"p": period.period_label},
            remind_days=period.remind_days_before,
        )
        for period in periods
    ]


def _deadline_occurrences(start, end, today, known: list[Deadline] | None) -> list[Occurrence]:
    """The law's deadlines in the range: `known` when the caller has them already, else worked out."""
    return [
        Occurrence(
            on=deadline.due_on,
            title=deadline.title,
            source=DEADLINE,
            uid=f"deadline-{deadline.paragraph.replace(' ', '')}-{deadline.due_on:%Y%m%d}",
            link=deadline.url,
            description=_("Lagkrav enligt %(p)s lagen (2023:196).") % {"p": deadline.paragraph},
        )
        for deadline in (deadlines(today) if known is None else known)
        if start <= deadline.due_on <= end
    ]


def occurrences(
    start: datetime.date,
    end: datetime.date,
    user=None,
    *,
    today: datetime.date | None = None,
    known_deadlines: list[Deadline] | None = None,
) -> list[Occurrence]:
    """Every entry from `start` to `end` (both included) that `user` may see (None: everything), by date.
    The law's deadlines are for coordinators and board readers, who answer for them (`known_deadlines`
    when the caller has worked them out already)."""
    today = today or timezone.localdate()
    found = [
        *_entries(start, end, user),
        *meetings(start, end, user),
        *_followup_occurrences(start, end, user),
    ]
    if sees_everything(user):
        found += _deadline_occurrences(start, end, today, known_deadlines)
    order = list(SOURCE_LABELS)
    return sorted(
        found,
        key=lambda o: (
            o.on,
            o.starts_at.time() if o.starts_at else datetime.time(),
            order.index(o.source),
            o.title,
        ),
    )


def upcoming(
    user, *, today: datetime.date | None = None, count: int = 5, known_deadlines: list[Deadline] | None = None
) -> list[Occurrence]:
    """The next `count` entries from today on (the dashboard's "Närmast i årshjulet")."""
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=366)
    return occurrences(today, end, user, today=today, known_deadlines=known_deadlines)[:count]


# --- Default rules: what most municipalities' wheels hold -----------------------------------------------

# (title, month, day, remind days, link, description); dates are the usual ones, each municipality
# adjusts them (Brå publishes its preliminary statistics in late March, Kolada updates in spring,
# Polisens trygghetsmätning comes in the autumn).
DEFAULT_RULES = [
    (
        gettext_lazy("Brå:s preliminära kriminalstatistik för förra året publiceras"),
        3,
        26,
        7,
        "/arbete/statistik/",
        gettext_lazy("Läs in kommunens siffror för anmälda brott och se vad som har ändrats i lägesbilden."),
    ),
    (
        gettext_lazy("Medborgarlöftena för året undertecknas"),
        4,
        15,
        21,
        "/admin/cycles/citizenpromise/",
        gettext_lazy("Polisen och kommunen undertecknar och publicerar årets medborgarlöften."),
    ),
    (
        gettext_lazy("Kolada publicerar årets nyckeltal om brott och trygghet"),
        4,
        30,
        7,
        "/arbete/statistik/",
        gettext_lazy("Hämta de nya värdena från Kolada till indikatorerna."),
    ),
    (
        gettext_lazy("Uppföljningsrapporten lämnas till kommunstyrelsen"),
        5,
        31,
        30,
        "/arbete/rapporter/",
        gettext_lazy(
            "Kommunstyrelsen leder arbetet och rapporterar till kommunfullmäktige (13 §). Rapporten ska "
            "ha gått igenom styrgruppen före detta datum."
        ),
    ),
    (
        gettext_lazy("Polisens trygghetsmätning: resultaten för lokalpolisområdet kommer"),
        10,
        15,
        7,
        "/arbete/statistik/",
        gettext_lazy("Lägg in resultaten och jämför med förra mätningen."),
    ),
]


@transaction.atomic
def add_default_rules(*, by) -> list[YearWheelRule]:
    """Add the default rules that are not there yet (by title); returns those added."""
    existing = set(YearWheelRule.objects.values_list("title", flat=True))
    added = []
    for title, month, day, remind, link, description in DEFAULT_RULES:
        if str(title) in existing:
            continue
        rule = YearWheelRule(
            title=str(title),
            month=month,
            day=day,
            remind_days_before=remind,
            link=link,
            description=str(description),
        )
        rule._history_user = by
        rule.save()
        added.append(rule)
    return added


# --- Calendar addresses and the iCalendar file -----------------------------------------------------------


def feed_for(user) -> CalendarFeed:
    """The user's calendar address, made the first time it is asked for."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
        feed.new_token()
        feed.save()
    return feed


@transaction.atomic
def renew_feed(*, user) -> CalendarFeed:
    """A new secret address for the user; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.new_token()
    feed.save()
    return feed


def user_for_token(token: str):
    """The active user whose calendar address holds `token` and who may read the årshjul, else None."""
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).select_related("user").first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm("cycles.view_yearwheel"):
        return None
    return feed.user


def feed_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """What a calendar file holds: last year, this year and next year."""
    return datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 12, 31)


def ical(entries: list[Occurrence], *, name: str) -> bytes:
    """An iCalendar file (RFC 5545) of the entries: a whole day for tasks, a time for meetings, and an
    alarm the given number of days before a task with reminders."""
    host = urlsplit(settings.TRYGG_SITE_URL).hostname or "trygg"
    stamp = timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//Trygg//Årshjulet//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        if entry.starts_at is not None:
            event.add("dtstart", entry.starts_at)
        else:
            event.add("dtstart", entry.on)
            event.add("dtend", entry.on + datetime.timedelta(days=1))
        event.add("summary", entry.title)
        event.add("description", "\n".join(x for x in (entry.description, entry.responsible) if x))
        event.add("url", entry.absolute_link or absolute_url(reverse("cycles:yearwheel")))
        event.add("categories", [entry.source_label])
        if entry.remind_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.title)
            alarm.add("trigger", -datetime.timedelta(days=entry.remind_days))
            event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
