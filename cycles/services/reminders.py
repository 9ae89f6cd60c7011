"""Reminders that reach people: one e-mail a day per person listing everything that needs them.

`send_digests()` is what the daily `send_reminders` command (and the `send_reminder_digests` task)
runs. What needs whom, as of `today`:

- STALE: active measures of running plans without a lägesrapport for TRYGG_STALE_DAYS days
  (MeasureQuerySet.stale), to the people of the measure's lead actor;
- END_DATE: active measures of running plans whose end date has passed (as Measure.is_overdue), to
  the lead actor's people;
- MILESTONE: open milestones of those measures whose due date has passed (MilestoneQuerySet.overdue),
  to the people of the milestone's responsible actor, else of the measure's lead actor: a contributing
  partner is reminded of its own parts;
- FOLLOWUP: measures without a handed-in follow-up in a period whose reminder window includes today
  (the window of cycles.services.followup, which goes on sending its own one-off reminder), to the
  lead actor's people;
- APPROVAL: lägesrapporter and texts for residents waiting for review, to every coordinator;
- YEARWHEEL: the årshjul's rules and one-off items whose reminder window includes today
  (cycles.models.yearwheel.due_for_reminder), to every coordinator and the people of the entry's
  responsible actor. Each entry only once per person and date: not again on the following days.

An actor's people are the active partner editors and coordinators whose account is linked to one of
its contacts. An item whose actor has nobody goes to the coordinators instead, so that nothing is left
without someone to chase it. Each user's muted kinds (ReminderSettings) are left out.

One e-mail per person and day: the items named are stored as ReminderSent rows (unique per user, kind,
item and day) in the same transaction as the queued e-mail (trygg.mail, which retries). A person who
already got today's digest gets nothing more today; when two runs race, the second waits on the unique
index, then finds the rows and sends nothing. Nobody gets an e-mail when nothing is due.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor, Contact
from trygg.links import absolute_url
from trygg.mail import queue_mail
from trygg.models import MunicipalitySettings
from trygg.roles import Role

from ..models import (
    ACTIVE_MEASURE_STATUSES,
    PLAN_RUNNING_STATUSES,
    Measure,
    MeasureTextChange,
    MeasureUpdate,
    Milestone,
    ReminderKind,
    ReminderSent,
    ReminderSettings,
    due_for_reminder,
    stale_days,
)
from .followup import follow_up_link, periods_to_remind

SENT = "sent"

WOULD_SEND = "would_send"  # dry run

NO_EMAIL = "no_email"

ALREADY_SENT = "already_sent"  # today's digest went out earlier (or another run is sending it)

KIND_ORDER = list(ReminderKind.values)


@dataclass(frozen=True)
class Item:
    """One thing that needs someone: `key` identifies it in ReminderSent ("measure:12", "followup:3:12")."""

    kind: str
    key: str
    text: str
    link: str
    on: datetime.date | None = None  # when it fell due, for the order within its kind


@dataclass(frozen=True)
class Digest:
    """One person's reminders of the day, and what happened to the e-mail in this run."""

    user: object
    to: str
    items: tuple[Item, ...]
    outcome: str = ""

    def sections(self) -> list[dict]:
        """The items grouped by kind, in the order of ReminderKind (as the settings page lists them)."""
        by_kind = defaultdict(list)
        for item in self.items:
            by_kind[item.kind].append(item)
        return [
            {"label": ReminderKind(kind).label, "items": by_kind[kind]}
            for kind in KIND_ORDER
            if by_kind[kind]
        ]


# --- What is due --------------------------------------------------------------------------------


def active_measures():
    """Measures that people still work on: active, in a plan that is decided or being carried out
    (lägesrapporter can be written only then), and not carried over to a later plan."""
    return Measure.objects.current().filter(
        status__in=ACTIVE_MEASURE_STATUSES, plan__status__in=PLAN_RUNNING_STATUSES
    )


def stale_measures(today: datetime.date):
    """MeasureQuerySet.stale as it stands on `today` (stale() counts from the real date)."""
    shift = (timezone.localdate() - today).days
    return Measure.objects.stale(days=stale_days() + shift).filter(plan__status__in=PLAN_RUNNING_STATUSES)


def report_link(measure: Measure) -> str:
    """Where the partner writes a lägesrapport, with the measure's status and progress."""
    return absolute_url(reverse("cycles:post-update", args=[measure.slug]))


def milestones_link(measure: Measure) -> str:
    """The measure's milestones, where they are marked done."""
    return absolute_url(reverse("cycles:milestone-list", args=[measure.slug]))


def measure_items(today: datetime.date) -> list[tuple[Actor, Item]]:
    """(the responsible actor, item) for stale measures, measures past their end date and
    overdue milestones."""
    found = []
    for measure in stale_measures(today).select_related("lead_actor").order_by("title", "pk"):
        if measure.last_update_on:
            text = _("”%(t)s” (%(a)s): den senaste lägesrapporten är från %(d)s.") % {
                "t": measure.title,
                "a": measure.lead_actor.name,
                "d": measure.last_update_on.isoformat(),
            }
        else:
            text = _("”%(t)s” (%(a)s): ingen lägesrapport än.") % {
                "t": measure.title,
                "a": measure.lead_actor.name,
            }
        item = Item(
            ReminderKind.STALE, f"measure:{measure.pk}", text, report_link(measure), measure.last_activity
        )
        found.append((measure.lead_actor, item))
    ended = active_measures().filter(end_date__lt=today).select_related("lead_actor")
    for measure in ended.order_by("end_date", "title", "pk"):
        text = _("”%(t)s” (%(a)s) skulle vara klar %(d)s men har status ”%(s)s”.") % {
            "t": measure.title,
            "a": measure.lead_actor.name,
            "d": measure.end_date.isoformat(),
            "s": measure.get_status_display(),
        }
        item = Item(
            ReminderKind.END_DATE, f"measure:{measure.pk}", text, report_link(measure), measure.end_date
        )
        found.append((measure.lead_actor, item))
    milestones = (
        Milestone.objects.overdue(today)
        .filter(measure__in=active_measures())
        .select_related("measure__lead_actor", "responsible")
        .order_by("due_on", "pk")
    )
    for milestone in milestones:
        actor = milestone.responsible_actor
        text = _("”%(m)s” i ”%(t)s” (%(a)s) skulle vara klart %(d)s.") % {
            "m": milestone.title,
            "t": milestone.measure.title,
            "a": actor.name,
            "d": milestone.due_on.isoformat(),
        }
        link = milestones_link(milestone.measure)
        found.append(
            (actor, Item(ReminderKind.MILESTONE, f"milestone:{milestone.pk}", text, link, milestone.due_on))
        )
    return found


def followup_items(today: datetime.date) -> list[tuple[Actor, Item]]:
    """(lead actor, item) for every measure still lacking a handed-in follow-up in a period whose
    reminder window includes today."""
    found = []
    for period in periods_to_remind(today):
        measures = period.lacking_follow_up(period.measures()).select_related("lead_actor")
        for measure in measures.order_by("title", "pk"):
            text = _("”%(t)s” (%(a)s): uppföljningen för %(p)s ska lämnas in senast %(d)s.") % {
                "t": measure.title,
                "a": measure.lead_actor.name,
                "p": period.name,
                "d": period.closes_on.isoformat(),
            }
            key = f"followup:{period.pk}:{measure.pk}"
            link = follow_up_link(period, measure)
            found.append((measure.lead_actor, Item(ReminderKind.FOLLOWUP, key, text, link, period.closes_on)))
    return found


def _written_by(author) -> str:
    if author is None:
        return _("okänd")
    name = author.get_full_name() or author.get_username()
    contact = getattr(author, "actor_contact", None)
    return f"{name} ({contact.actor.name})" if contact is not None else name


def approval_items() -> list[Item]:
    """Lägesrapporter and texts for residents that wait for a coordinator's review."""
    items = []
    updates = (
        MeasureUpdate.objects.pending()
        .select_related("measure", "author__actor_contact__actor")
        .order_by("date", "pk")
    )
    for update in updates:
        text = _("Lägesrapport om ”%(t)s” från %(w)s, daterad %(d)s.") % {
            "t": update.measure.title,
            "w": _written_by(update.author),
            "d": update.date.isoformat(),
        }
        link = absolute_url(reverse("cycles:approve-update", args=[update.pk]))
        items.append(Item(ReminderKind.APPROVAL, f"update:{update.pk}", text, link, update.date))
    changes = (
        MeasureTextChange.objects.pending()
        .select_related("measure", "author__actor_contact__actor")
        .order_by("created_at", "pk")
    )
    for change in changes:
        written = timezone.localdate(change.created_at)
        text = _("Ny text för invånare om ”%(t)s” från %(w)s, skriven %(d)s.") % {
            "t": change.measure.title,
            "w": _written_by(change.author),
            "d": written.isoformat(),
        }
        link = absolute_url(reverse("cycles:review-text", args=[change.pk]))
        items.append(Item(ReminderKind.APPROVAL, f"text:{change.pk}", text, link, written))
    return items


def yearwheel_items(today: datetime.date) -> list[tuple[Actor | None, Item]]:
    """(the responsible actor or None, item) for the årshjul's entries whose reminder window includes
    today; the key holds the date, so next year's occurrence of a rule is reminded again."""
    found = []
    for entry in due_for_reminder(today):
        text = _("”%(t)s” ska vara klart %(d)s.") % {"t": entry.title, "d": entry.on.isoformat()}
        if entry.responsible:
            text = f"{text} " + _("Ansvarig: %(r)s.") % {"r": entry.responsible}
        link = entry.absolute_link or absolute_url(
            f"{reverse('cycles:yearwheel-month')}?manad={entry.on:%Y-%m}"
        )
        key = f"{entry.uid}:{entry.on:%Y%m%d}"
        actor = entry.entry.responsible_actor if entry.entry is not None else None
        found.append((actor, Item(ReminderKind.YEARWHEEL, key, text, link, entry.on)))
    return found


# --- Who gets what ------------------------------------------------------------------------------


def people_by_actor(actor_ids: Iterable[int]) -> dict[int, list]:
    """The users who are reminded for each actor: active partner editors and coordinators whose
    account is linked to one of the actor's contacts (with the contact's e-mail as a fallback)."""
    contacts = (
        Contact.objects.filter(
            actor_id__in=set(actor_ids),
            user__is_active=True,
            user__groups__name__in=(Role.PARTNER_EDITOR.value, Role.COORDINATOR.value),
        )
        .select_related("user")
        .distinct()
    )
    people = defaultdict(list)
    for contact in contacts:
        contact.user.reminder_email = contact.user.email or contact.email
        people[contact.actor_id].append(contact.user)
    return people


def recipient_email(user) -> str:
    """Where a user's reminders go: the account's e-mail, else that of the contact linked to it."""
    contact = getattr(user, "actor_contact", None)
    return user.email or (contact.email if contact is not None else "")


def coordinators() -> list:
    """Active coordinators, each with the address their reminders go to."""
    users = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
        .select_related("actor_contact")
        .distinct()
        .order_by("username")
    )
    for user in users:
        user.reminder_email = recipient_email(user)
    return users


def _unowned(item: Item, actor: Actor) -> Item:
    note = _("(Ingen hos %(a)s får påminnelser.)") % {"a": actor.name}
    return replace(item, text=f"{item.text} {note}")


def collect(today: datetime.date | None = None) -> list[Digest]:
    """Every person's reminders as of `today`, without the kinds they have turned off; only people
    with at least one item, by username."""
    today = today or timezone.localdate()
    by_actor = [*measure_items(today), *followup_items(today)]
    wheel = yearwheel_items(today)
    people = people_by_actor([actor.pk for actor, _item in by_actor] + [a.pk for a, _i in wheel if a])
    staff = coordinators()
    users, items = {}, defaultdict(dict)

    def give(user, item):
        users[user.pk] = user
        items[user.pk].setdefault((item.kind, item.key), item)

    for actor, item in by_actor:
        responsible = people.get(actor.pk)
        if responsible:
            for user in responsible:
                give(user, item)
        else:
            for user in staff:
                give(user, _unowned(item, actor))
    for item in approval_items():
        for user in staff:
            give(user, item)
    for actor, item in wheel:  # the coordinators, and the responsible actor's people
        for user in [*staff, *(people.get(actor.pk, []) if actor else [])]:
            give(user, item)
    muted = {s.user_id: set(s.muted) for s in ReminderSettings.objects.filter(user_id__in=users)}
    # An årshjul entry is reminded once: not again on the days after the first digest that named it.
    reminded = set(
        ReminderSent.objects.filter(
            kind=ReminderKind.YEARWHEEL, user_id__in=users, item__in=[i.key for _a, i in wheel]
        ).values_list("user_id", "item")
    )
    digests = []
    for user_id, user in sorted(users.items(), key=lambda pair: pair[1].get_username()):
        wanted = [
            i
            for i in items[user_id].values()
            if i.kind not in muted.get(user_id, set())
            and not (i.kind == ReminderKind.YEARWHEEL and (user_id, i.key) in reminded)
        ]
        if wanted:
            wanted.sort(key=lambda i: (KIND_ORDER.index(i.kind), i.on or today, i.text))
            digests.append(Digest(user=user, to=user.reminder_email, items=tuple(wanted)))
    return digests


# --- Sending ------------------------------------------------------------------------------------


def message(digest: Digest, today: datetime.date) -> tuple[str, str]:
    """Subject (one line) and body of a digest, from cycles/reminders/email/digest_subject.txt and
    digest.txt."""
    user = digest.user
    context = {
        "site": MunicipalitySettings.load(),
        "name": user.get_full_name() or user.get_username(),
        "today": today.isoformat(),
        "count": len(digest.items),
        "sections": digest.sections(),
        "settings_link": absolute_url(reverse("cycles:reminder-settings")),
    }
    subject = render_to_string("cycles/reminders/email/digest_subject.txt", context)
    return " ".join(subject.split()), render_to_string("cycles/reminders/email/digest.txt", context)


class AlreadySent(Exception):
    """The person got today's digest earlier: nothing of this run's may be kept."""


def _send_one(digest: Digest, today: datetime.date) -> str:
    subject, body = message(digest, today)
    rows = [
        ReminderSent(user=digest.user, kind=item.kind, item=item.key, sent_on=today) for item in digest.items
    ]
    try:
        with transaction.atomic():
            # Writing first: a run racing this one waits here on the unique index (on SQLite, on the
            # write lock) until the other commits, then fails on the rows the other wrote.
            ReminderSent.objects.bulk_create(rows)
            earlier = ReminderSent.objects.filter(user=digest.user, sent_on=today).exclude(
                pk__in=[row.pk for row in rows]
            )
            if earlier.exists():  # today's digest went out before these items fell due
                raise AlreadySent
            queue_mail(subject, body, [digest.to], purpose="reminder_digest")
    except (IntegrityError, AlreadySent):
        return ALREADY_SENT
    return SENT


def send_digests(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Digest]:
    """Send today's digests (a dry run sends and stores nothing); each digest with its outcome."""
    today = today or timezone.localdate()
    digests = collect(today)
    sent_today = set(
        ReminderSent.objects.filter(sent_on=today, user__in=[d.user for d in digests]).values_list(
            "user_id", flat=True
        )
    )
    done = []
    for digest in digests:
        if not digest.to:
            outcome = NO_EMAIL
        elif digest.user.pk in sent_today:
            outcome = ALREADY_SENT
        elif dry_run:
            outcome = WOULD_SEND
        else:
            outcome = _send_one(digest, today)
        done.append(replace(digest, outcome=outcome))
    return done
