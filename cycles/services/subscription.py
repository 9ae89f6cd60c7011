"""Following the work by e-mail: subscribe with double opt-in, confirm, unsubscribe with one click, and
the daily digest.

- `subscribe()` stores the address and an unconfirmed Subscription and mails a confirmation link. It
  answers the same whether the address is known or not (the page says "check your e-mail" either
  way), so the form tells nobody who follows what. An address that already follows the target gets a
  short note instead of a second confirmation.
- `confirm()` marks one subscription confirmed: each new one needs its own click from the mailbox, so
  a stranger cannot add subscriptions to someone else's address by knowing it follows something.
- `unsubscribe()` deletes the subscriber with everything it follows and erases the address from the
  queued and sent subscription mail (trygg.models.OutgoingMail): the address is kept for nothing else.
  It returns a signed, time-limited token (django.core.signing) that `follow_again()` accepts to put
  back what was followed without a new confirmation: the token reached only the person who held the
  unsubscribe link, i.e. the mailbox, which confirmed all of it before.
- `send_digests()` (the daily `send_subscription_digests` task and command): one mail per address and
  day at most, listing what residents could see happen since the last digest (or since confirming):
  approved lägesrapporter of public measures, status changes of public measures (their history) and
  newly published follow-up reports, limited to what each subscription follows. The day is recorded
  on the subscriber in the same transaction as the queued mail, so a second run the same day sends
  nothing; no mail when nothing happened. Unconfirmed subscriptions older than a week are deleted
  first, and addresses left with nothing to follow with them.

Every mail carries the one-click unsubscribe link in its text and as List-Unsubscribe with
List-Unsubscribe-Post (RFC 8058), so the mail program can offer "unsubscribe" itself.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lagesbild.models import Area, Place
from trygg.links import absolute_url
from trygg.mail import queue_mail
from trygg.models import MunicipalitySettings, OutgoingMail
from trygg.visibility import Visibility

from ..models import (
    FollowUp,
    FollowUpReport,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    Subscriber,
    Subscription,
    SubscriptionKind,
)

CONFIRM_DAYS = 7  # an unconfirmed subscription (and its link) lasts this long
RESTORE_SECONDS = 24 * 60 * 60  # "Följ igen" works this long after unsubscribing
RESTORE_SALT = "cycles.subscription.follow-again"
PURPOSE_CONFIRM = "subscription"
PURPOSE_DIGEST = "subscription_digest"
PURPOSES = (PURPOSE_CONFIRM, PURPOSE_DIGEST)
MAX_ITEMS = 40  # a digest names at most this many events, then points to the site

# Outcomes of subscribe() and of each subscriber in send_digests().
CONFIRMATION_SENT, ALREADY_FOLLOWING = "confirmation_sent", "already_following"
SENT, NOTHING_NEW, ALREADY_SENT = "sent", "nothing_new", "already_sent"


# --- Subscribing, confirming, unsubscribing ---------------------------------------------------------


def normalise_email(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


def target_fields(kind: str, target) -> dict:
    """The Subscription fields for a target: {"kind": "area", "area": <Area>}."""
    if kind == SubscriptionKind.EVERYTHING:
        return {"kind": kind}
    return {"kind": kind, kind: target}


def unsubscribe_link(subscriber: Subscriber) -> str:
    return absolute_url(subscriber.get_unsubscribe_url())


def list_headers(subscriber: Subscriber) -> dict:
    """RFC 2369 and RFC 8058: the mail program's own one-click "unsubscribe"."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def mail_context(subscriber: Subscriber, **extra) -> dict:
    return {
        "site": MunicipalitySettings.load(),
        "unsubscribe_link": unsubscribe_link(subscriber),
        "follow_link": absolute_url(reverse("cycles:follow")),
        **extra,
    }


def send_mail_from(template: str, subscriber: Subscriber, *, purpose: str, **context) -> OutgoingMail:
    """Queue templates/cycles/subscription/email/<template>_subject.txt and <template>.txt to the
    subscriber."""
    ctx = mail_context(subscriber, **context)
    subject = render_to_string(f"cycles/subscription/email/{template}_subject.txt", ctx)
    body = render_to_string(f"cycles/subscription/email/{template}.txt", ctx)
    return queue_mail(
        " ".join(subject.split()), body, [subscriber.email], purpose=purpose, headers=list_headers(subscriber)
    )


def subscriber_for(email: str) -> Subscriber:
    """The subscriber with this address (any case), created when new; safe when two requests race."""
    found = Subscriber.objects.filter(email__iexact=email).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email)
    except IntegrityError:  # the same address was added at the same moment
        return Subscriber.objects.get(email__iexact=email)


@transaction.atomic
def subscribe(*, email: str, kind: str, target=None) -> str:
    """Ask to follow `target` (a public Measure, an Area or a Place; None for everything): mails a
    confirmation link, or a note when the address already follows it. The caller shows the same answer
    in both cases."""
    subscriber = subscriber_for(normalise_email(email))
    subscription, _created = Subscription.objects.get_or_create(
        subscriber=subscriber, **target_fields(kind, target)
    )
    if subscription.confirmed_at is not None:
        send_mail_from("already", subscriber, purpose=PURPOSE_CONFIRM, subscription=subscription)
        return ALREADY_FOLLOWING
    if subscription.created_at < timezone.now() - datetime.timedelta(days=CONFIRM_DAYS):
        # An old link that was never clicked: a fresh week from now, with a new link.
        subscription.delete()
        subscription = Subscription.objects.create(subscriber=subscriber, **target_fields(kind, target))
    send_mail_from(
        "confirm",
        subscriber,
        purpose=PURPOSE_CONFIRM,
        subscription=subscription,
        confirm_link=absolute_url(reverse("cycles:follow-confirm", args=[subscription.confirm_token])),
        days=CONFIRM_DAYS,
    )
    return CONFIRMATION_SENT


@transaction.atomic
def confirm(*, token: str, now: datetime.datetime | None = None) -> Subscription | None:
    """Confirm the subscription of a confirmation link; None for an unknown or expired link. Clicking
    again is harmless."""
    now = now or timezone.now()
    subscription = (
        Subscription.objects.select_related("subscriber", "measure", "area", "place")
        .filter(confirm_token=token)
        .first()
    )
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        if subscription.created_at < now - datetime.timedelta(days=CONFIRM_DAYS):
            return None
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def erase_address(email: str) -> None:
    """Remove the address from subscription mail: unsent mail is dropped, sent mail keeps no address."""
    mails = OutgoingMail.objects.filter(purpose__in=PURPOSES, to=[email])
    mails.filter(sent_at=None).delete()
    mails.update(to=[], headers={}, body="")


@dataclass(frozen=True)
class Unsubscribed:
    """What unsubscribe() removed, and the token that puts it back (see follow_again)."""

    followed: list[str]
    restore_token: str


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribed | None:
    """Delete the subscriber of an unsubscribe link with all it follows, and erase its address from
    the subscription mail. None when the link is unknown (already used)."""
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return None
    confirmed = list(subscriber.subscriptions.confirmed().select_related("measure", "area", "place"))
    restore = signing.dumps(
        {"email": subscriber.email, "follow": [[s.kind, target_id(s)] for s in confirmed]},
        salt=RESTORE_SALT,
        compress=True,
    )
    followed = [s.describe() for s in confirmed]
    email = subscriber.email
    subscriber.delete()
    erase_address(email)
    return Unsubscribed(followed=followed, restore_token=restore)


def target_id(subscription: Subscription) -> int | None:
    target = subscription.target
    return target.pk if target is not None else None


TARGET_QUERYSETS = {
    SubscriptionKind.MEASURE: Measure.objects.public,
    SubscriptionKind.AREA: Area.objects.all,
    SubscriptionKind.PLACE: Place.objects.all,
}


@transaction.atomic
def follow_again(*, token: str) -> Subscriber | None:
    """Put back what an unsubscribe removed, confirmed, from its signed token (valid RESTORE_SECONDS).
    Targets that are gone or no longer public are left out. None for a bad or expired token."""
    try:
        data = signing.loads(token, salt=RESTORE_SALT, max_age=RESTORE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    subscriber = subscriber_for(data["email"])
    now = timezone.now()
    for kind, pk in data["follow"]:
        if kind == SubscriptionKind.EVERYTHING:
            target = None
        elif kind in TARGET_QUERYSETS:
            target = TARGET_QUERYSETS[kind]().filter(pk=pk).first()
            if target is None:
                continue
        else:
            continue
        subscription, _created = Subscription.objects.get_or_create(
            subscriber=subscriber, **target_fields(kind, target)
        )
        if subscription.confirmed_at is None:
            subscription.confirmed_at = now
            subscription.save(update_fields=["confirmed_at"])
    return subscriber


def remove_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete subscriptions not confirmed within CONFIRM_DAYS, and the addresses left following
    nothing (with their confirmation mail). The number of subscriptions deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=CONFIRM_DAYS)
    deleted, _by_model = Subscription.objects.unconfirmed().filter(created_at__lt=cutoff).delete()
    with transaction.atomic():
        empty = Subscriber.objects.filter(subscriptions__isnull=True, created_at__lt=cutoff)
        for email in list(empty.values_list("email", flat=True)):
            erase_address(email)
        empty.delete()
    return deleted


# --- What happened: the events a digest can name ------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """Something residents could see happen. `measures` are the public measures it is about; a report
    is about the measures it follows up."""

    key: str
    at: datetime.datetime
    text: str
    link: str
    measures: frozenset[int] = field(default_factory=frozenset)


@dataclass
class Scopes:
    """The public measures, and which of them each area and place has: what a subscription covers."""

    public: set[int]
    by_area: dict[int, set[int]]
    by_place: dict[int, set[int]]

    @classmethod
    def load(cls) -> "Scopes":
        public = set(Measure.objects.public().values_list("pk", flat=True))
        by_area, by_place = defaultdict(set), defaultdict(set)
        for area_id, measure_id in Measure.areas.through.objects.filter(measure_id__in=public).values_list(
            "area_id", "measure_id"
        ):
            by_area[area_id].add(measure_id)
        for place_id, measure_id in Measure.places.through.objects.filter(measure_id__in=public).values_list(
            "place_id", "measure_id"
        ):
            by_place[place_id].add(measure_id)
        return cls(public=public, by_area=by_area, by_place=by_place)

    def of(self, subscription: Subscription) -> set[int] | None:
        """The measure ids a subscription covers; None for everything."""
        if subscription.kind == SubscriptionKind.EVERYTHING:
            return None
        if subscription.kind == SubscriptionKind.MEASURE:
            return {subscription.measure_id} & self.public
        if subscription.kind == SubscriptionKind.AREA:
            return self.by_area.get(subscription.area_id, set())
        return self.by_place.get(subscription.place_id, set())


def update_events(start, end) -> list[Event]:
    """Lägesrapporter approved in (start, end], of measures public now (MeasureUpdate.public)."""
    updates = (
        MeasureUpdate.objects.public()
        .filter(approved_at__gt=start, approved_at__lte=end)
        .select_related("measure")
        .order_by("approved_at", "pk")
    )
    events = []
    for update in updates:
        text = _("Lägesrapport om ”%(t)s”, %(d)s: %(s)s, %(p)s %% klart. %(text)s") % {
            "t": update.measure.title,
            "d": update.date.isoformat(),
            "s": update.get_status_display().lower(),
            "p": update.progress,
            "text": Truncator(" ".join(update.text.split())).words(40),
        }
        link = absolute_url(f"{update.measure.get_absolute_url()}#rapport-{update.pk}")
        events.append(
            Event(f"update:{update.pk}", update.approved_at, text, link, frozenset({update.measure_id}))
        )
    return events


def status_events(start, end, public: set[int], updates: list[Event]) -> list[Event]:
    """Status changes in (start, end] of measures public now, from the measure history, counted only
    when the measure was public at the time. A change that an approved lägesrapport made is already
    in that report's line and is not repeated."""
    history = Measure.history.model
    touched = history.objects.filter(
        id__in=public, history_type="~", history_date__gt=start, history_date__lte=end
    ).values("id")
    rows = (
        history.objects.filter(id__in=touched, history_date__lte=end)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_id", "history_date", "status", "visibility", "title", "slug")
    )
    reported = defaultdict(list)
    for event in updates:
        reported[next(iter(event.measures))].append(event.at)
    labels = dict(MeasureStatus.choices)
    events, before = [], {}
    for row in rows:
        previous, before[row["id"]] = before.get(row["id"]), row["status"]
        if previous is None or previous == row["status"] or row["history_date"] <= start:
            continue
        if row["visibility"] != Visibility.PUBLIC:
            continue
        by_update = any(
            abs(at - row["history_date"]) < datetime.timedelta(minutes=5) for at in reported[row["id"]]
        )
        if by_update:
            continue
        text = _("”%(t)s” har bytt status från %(a)s till %(b)s, %(d)s.") % {
            "t": row["title"],
            "a": str(labels.get(previous, previous)).lower(),
            "b": str(labels.get(row["status"], row["status"])).lower(),
            "d": timezone.localdate(row["history_date"]).isoformat(),
        }
        link = absolute_url(reverse("cycles:measure-detail", args=[row["slug"]]))
        events.append(
            Event(f"status:{row['history_id']}", row["history_date"], text, link, frozenset({row["id"]}))
        )
    return events


def report_events(start, end, public: set[int]) -> list[Event]:
    """Follow-up reports published in (start, end] (FollowUpReport.public), each about the public
    measures followed up in its period."""
    reports = list(
        FollowUpReport.objects.public().filter(published_at__gt=start, published_at__lte=end).order_by("pk")
    )
    covered = defaultdict(set)
    for period_id, measure_id in FollowUp.objects.filter(
        period__in=[r.period_id for r in reports], measure_id__in=public
    ).values_list("period_id", "measure_id"):
        covered[period_id].add(measure_id)
    events = []
    for report in reports:
        text = _("Ny uppföljningsrapport: ”%(t)s”, publicerad %(d)s.") % {
            "t": str(report),
            "d": timezone.localdate(report.published_at).isoformat(),
        }
        link = absolute_url(reverse("cycles:followup-report", args=[report.pk]))
        events.append(
            Event(
                f"report:{report.pk}", report.published_at, text, link, frozenset(covered[report.period_id])
            )
        )
    return events


def collect_events(start, end, scopes: Scopes) -> list[Event]:
    updates = update_events(start, end)
    return sorted(
        [
            *updates,
            *status_events(start, end, scopes.public, updates),
            *report_events(start, end, scopes.public),
        ],
        key=lambda e: (e.at, e.key),
    )


def since(subscription: Subscription) -> datetime.datetime:
    """Where a subscription's next digest starts: its subscriber's last digest, or its confirmation."""
    last = subscription.subscriber.last_digest_at
    return max(subscription.confirmed_at, last) if last else subscription.confirmed_at


@dataclass(frozen=True)
class Digest:
    subscriber: Subscriber
    items: tuple[Event, ...]
    followed: tuple[str, ...]
    outcome: str = ""


def digest_for(
    subscriber: Subscriber, subscriptions: list[Subscription], events: list[Event], scopes
) -> Digest:
    """The events each confirmed subscription covers since it last got a digest, once each, by time."""
    chosen = {}
    for subscription in subscriptions:
        start, covered = since(subscription), scopes.of(subscription)
        for event in events:
            if event.at <= start or event.key in chosen:
                continue
            if covered is None or event.measures & covered:
                chosen[event.key] = event
    items = tuple(sorted(chosen.values(), key=lambda e: (e.at, e.key)))
    return Digest(subscriber, items, tuple(s.describe() for s in subscriptions))


def digest_message(digest: Digest, today: datetime.date) -> tuple[str, str]:
    ctx = mail_context(
        digest.subscriber,
        today=today.isoformat(),
        items=digest.items[:MAX_ITEMS],
        more=max(len(digest.items) - MAX_ITEMS, 0),
        count=len(digest.items),
        followed=digest.followed,
        measures_link=absolute_url(reverse("cycles:measure-list")),
    )
    subject = render_to_string("cycles/subscription/email/digest_subject.txt", ctx)
    return " ".join(subject.split()), render_to_string("cycles/subscription/email/digest.txt", ctx)


def send_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """Today's digests: at most one per address and day, none when nothing happened. Each digest with
    its outcome (SENT, NOTHING_NEW, ALREADY_SENT)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    remove_unconfirmed(now=now)
    confirmed = defaultdict(list)
    for subscription in (
        Subscription.objects.confirmed()
        .select_related("subscriber", "measure", "area", "place")
        .order_by("subscriber_id", "pk")
    ):
        confirmed[subscription.subscriber_id].append(subscription)
    due = {pk: subs for pk, subs in confirmed.items() if subs[0].subscriber.last_digest_on != today}
    if not due:
        return []
    scopes = Scopes.load()
    start = min(since(s) for subs in due.values() for s in subs)
    events = collect_events(start, now, scopes)
    done = []
    for subscriptions in due.values():
        digest = digest_for(subscriptions[0].subscriber, subscriptions, events, scopes)
        if not digest.items:
            done.append(Digest(digest.subscriber, (), digest.followed, NOTHING_NEW))
            continue
        subject, body = digest_message(digest, today)
        with transaction.atomic():
            # The day is claimed in the same transaction as the mail: a run racing this one waits on the
            # row, then finds the day taken and sends nothing.
            claimed = (
                Subscriber.objects.filter(pk=digest.subscriber.pk)
                .exclude(last_digest_on=today)
                .update(last_digest_on=today, last_digest_at=now)
            )
            if claimed:
                queue_mail(
                    subject,
                    body,
                    [digest.subscriber.email],
                    purpose=PURPOSE_DIGEST,
                    headers=list_headers(digest.subscriber),
                )
        done.append(
            Digest(digest.subscriber, digest.items, digest.followed, SENT if claimed else ALREADY_SENT)
        )
    return done
