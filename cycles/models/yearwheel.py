"""The coordinator's årshjul (yearly wheel): recurring tasks as rules (a month and a day, every year),
one-off items on a date, and each user's secret calendar address (an iCalendar feed)."""

import calendar
import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Forum, member_forum_ids
from trygg.concurrency import VersionedModel
from trygg.links import absolute_url
from trygg.rules import has_any_role, is_board_reader, is_coordinator, signed_in_with

MONTHS = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("mars")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augusti")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


RULE, ITEM, MEETING, FOLLOWUP, DEADLINE = "rule", "item", "meeting", "followup", "deadline"
SOURCE_LABELS = {
    RULE: _("Återkommande"),
    ITEM: _("Enstaka"),
    MEETING: _("Möte"),
    FOLLOWUP: _("Uppföljning"),
    DEADLINE: _("Lagkrav"),
}


@dataclass(frozen=True)
class Occurrence:
    """One dated entry of the årshjul: a rule in one year, an item, a meeting, a follow-up period's last
    day or a deadline of the law (cycles.services.yearwheel.occurrences puts them together)."""

    on: datetime.date
    title: str
    source: str  # RULE, ITEM, MEETING, FOLLOWUP or DEADLINE
    uid: str  # stable across years and edits: "rule-3-2027", "item-5", "meeting-12"
    link: str = ""  # a path on this site or a full address
    responsible: str = ""
    description: str = ""
    starts_at: datetime.datetime | None = None  # meetings: the local date and time
    remind_days: int = 0
    entry: "YearWheelRule | YearWheelItem | None" = None  # what a coordinator edits

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    @property
    def absolute_link(self) -> str:
        return absolute_url(self.link) if self.link.startswith("/") else self.link

    def is_past(self, today: datetime.date) -> bool:
        return self.on < today


def validate_link(value: str) -> None:
    """A page on this site ("/arbete/uppfoljning/") or a full web address ("https://…")."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("Skriv en adress som börjar med https:// eller en sida här som börjar med /."),
            code="invalid_link",
        ) from None


def day_in_year(year: int, month: int, day: int) -> datetime.date:
    """The rule's date in `year`: 29 February falls on 28 February in a year that is not a leap year."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class YearWheelQuerySet(models.QuerySet):
    def visible_to(self, user) -> "YearWheelQuerySet":
        """Coordinators and board readers see every entry; a partner editor the general ones (no one
        responsible) and those of their own actor or of a forum they sit in. Kept in step with
        cycles.rules (view_yearwheelrule/view_yearwheelitem)."""
        if signed_in_with(is_coordinator | is_board_reader, user):
            return self.all()
        if not signed_in_with(has_any_role, user):
            return self.none()
        return self.filter(
            Q(responsible_actor__isnull=True, responsible_forum__isnull=True)
            | Q(responsible_actor__contacts__user=user)
            | Q(responsible_forum__in=member_forum_ids(user))
        ).distinct()

    def with_list_data(self) -> "YearWheelQuerySet":
        return self.select_related("responsible_actor", "responsible_forum")

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[Occurrence]:
        """The entries from `start` to `end` (both included), in one query: active rules once for each
        year they fall in, items on their date."""
        if self.model is YearWheelRule:
            rules = self.filter(active=True).with_list_data()
            return [
                rule.occurrence(year)
                for rule in rules
                for year in range(start.year, end.year + 1)
                if start <= rule.date_in(year) <= end
            ]
        return [item.occurrence() for item in self.filter(on__gte=start, on__lte=end).with_list_data()]


class YearWheelEntry(VersionedModel):
    """What rules and one-off items share: what is to be done, where, by whom, and when to remind."""

    title = models.CharField(_("vad"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    link = models.CharField(
        _("länk"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Sidan där det görs, t.ex. /arbete/uppfoljning/ eller https://bra.se/."),
    )
    responsible_actor = models.ForeignKey(
        Actor,
        verbose_name=_("ansvarig aktör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_forum = models.ForeignKey(
        Forum,
        verbose_name=_("ansvarigt forum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("påminn antal dagar före"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("0 betyder ingen påminnelse."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = YearWheelQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def responsible_name(self) -> str:
        names = [str(x) for x in (self.responsible_actor, self.responsible_forum) if x is not None]
        return ", ".join(names)


class YearWheelRule(YearWheelEntry):
    """A task that comes back every year on the same day, e.g. "Brå:s preliminära statistik" late March."""

    month = models.PositiveSmallIntegerField(
        _("månad"), choices=MONTHS, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("dag"), validators=[MinValueValidator(1), MaxValueValidator(31)], help_text=_("1–31.")
    )
    active = models.BooleanField(_("aktiv"), default=True, help_text=_("Bara aktiva händelser visas."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("återkommande händelse i årshjulet")
        verbose_name_plural = _("återkommande händelser i årshjulet")
        ordering = ["month", "day", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="yearwheelrule_month"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="yearwheelrule_day"),
        ]

    def clean(self):
        if self.month and self.day and self.day > calendar.monthrange(2024, self.month)[1]:
            raise ValidationError(
                {
                    "day": _("%(month)s har inte %(day)s dagar.")
                    % {"month": str(dict(MONTHS)[self.month]).capitalize(), "day": self.day}
                }
            )

    def date_in(self, year: int) -> datetime.date:
        return day_in_year(year, self.month, self.day)

    def occurrence(self, year: int) -> Occurrence:
        return Occurrence(
            on=self.date_in(year),
            title=self.title,
            source=RULE,
            uid=f"rule-{self.pk}-{year}",
            link=self.link,
            responsible=self.responsible_name,
            description=self.description,
            remind_days=self.remind_days_before,
            entry=self,
        )


class YearWheelItem(YearWheelEntry):
    """Something that happens once, on a date."""

    on = models.DateField(_("datum"), help_text=_("ÅÅÅÅ-MM-DD"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enstaka händelse i årshjulet")
        verbose_name_plural = _("enstaka händelser i årshjulet")
        ordering = ["on", "title", "pk"]

    def occurrence(self) -> Occurrence:
        return Occurrence(
            on=self.on,
            title=self.title,
            source=ITEM,
            uid=f"item-{self.pk}",
            link=self.link,
            responsible=self.responsible_name,
            description=self.description,
            remind_days=self.remind_days_before,
            entry=self,
        )


def due_for_reminder(today: datetime.date) -> list[Occurrence]:
    """The rules' and items' entries whose reminder window includes today: from `remind_days` before
    the date up to the date itself (0 days: never reminded). Two queries."""
    horizon = today + datetime.timedelta(days=366)
    found = [
        *YearWheelRule.objects.occurrences(today, horizon),
        *YearWheelItem.objects.occurrences(today, horizon),
    ]
    due = [o for o in found if o.remind_days and (o.on - today).days <= o.remind_days]
    return sorted(due, key=lambda o: (o.on, o.title))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A user's secret calendar address (/kalender/<token>.ics). The address is shown to its owner again
    on the årshjul page, so the token is kept; feeds are looked up by its SHA-256, so the time a lookup
    takes tells nothing about how much of a guessed token was right. A new address replaces the token:
    the old one stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderadress")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self):
        return str(self.user)

    def new_token(self) -> None:
        self.token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(self.token)

    new_token.alters_data = True
