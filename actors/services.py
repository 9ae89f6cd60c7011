"""Writes in the actors app that span several models or must hold together (all or nothing)."""

import datetime
from collections.abc import Iterable

from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.utils.text import capfirst

from trygg.visibility import Visibility

from .models import Actor, Contact, Decision, Forum, Meeting, Membership, MembershipRole


@transaction.atomic
def record_decision(
    *,
    forum: Forum,
    decided_on: datetime.date,
    paragraph: str,
    title: str,
    diary_number: str = "",
    summary: str = "",
    meeting: Meeting | None = None,
    visibility: str = Visibility.INTERNAL,
) -> Decision:
    """Store a decision after the same checks a form makes (paragraph, dnr, no future date)."""
    decision = Decision(
        forum=forum,
        decided_on=decided_on,
        paragraph=paragraph.strip(),
        diary_number=diary_number.strip(),
        title=title,
        summary=summary,
        meeting=meeting,
        visibility=visibility,
    )
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def record_meeting(
    *,
    forum: Forum,
    starts_at: datetime.datetime,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[Contact] = (),
    visibility: str = Visibility.INTERNAL,
    decisions: Iterable[dict] = (),
) -> Meeting:
    """Store a meeting with its attendees and the decisions taken there; one bad decision saves nothing."""
    meeting = Meeting(
        forum=forum, starts_at=starts_at, place=place, agenda=agenda, minutes=minutes, visibility=visibility
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(list(attendees))
    for decision in decisions:
        record_decision(forum=forum, meeting=meeting, **decision)
    return meeting


@transaction.atomic
def add_membership(
    *,
    forum: Forum,
    contact: Contact,
    start_date: datetime.date,
    role: str = MembershipRole.MEMBER,
    end_date: datetime.date | None = None,
) -> Membership:
    """Seat a person in a forum; the end may not come before the start."""
    membership = Membership(forum=forum, contact=contact, role=role, start_date=start_date, end_date=end_date)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def save_own_contact(*, form, actor: Actor) -> Contact:
    """Save a contact that a partner editor edits for their own actor (the actor is never from the form)."""
    contact = form.save(commit=False)
    contact.actor = actor
    contact.full_clean()
    contact.save()
    return contact


def actor_delete_blockers(actor: Actor) -> list[str]:
    """What still refers to the actor and stops its deletion, as 'Kontaktpersoner: 3' lines."""
    collector = NestedObjects(using=router.db_for_write(Actor))
    collector.collect([actor])
    counts: dict[str, int] = {}
    for obj in collector.protected:
        label = str(capfirst(obj._meta.verbose_name_plural))
        counts[label] = counts.get(label, 0) + 1
    return [f"{label}: {n}" for label, n in sorted(counts.items())]
