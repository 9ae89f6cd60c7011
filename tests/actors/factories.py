"""Factories for the actors app: plain objects, internal by default, no demo data."""

import datetime

import factory
from django.utils import timezone

from actors.models import (
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
from trygg.visibility import Visibility


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Aktör {n}")
    kind = ActorKind.ASSOCIATION
    contribution = factory.LazyAttribute(lambda a: f"{a.name} bidrar med kvällsvandringar.")
    active = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Kontakt Nummer{n}")
    title = "Handläggare"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = factory.Sequence(lambda n: f"0477-{100 + n} 00")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"Forum {n}")
    kind = ForumKind.STEERING_GROUP
    description = "Leder arbetet."
    visibility = Visibility.INTERNAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    forum = factory.SubFactory(ForumFactory)
    contact = factory.SubFactory(ContactFactory)
    role = MembershipRole.MEMBER
    start_date = datetime.date(2024, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    forum = factory.SubFactory(ForumFactory)
    starts_at = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(days=30 + n))
    place = "Kommunhuset"
    agenda = "1. Lägesbild"
    minutes = factory.Sequence(lambda n: f"Protokoll nummer {n}")
    visibility = Visibility.INTERNAL


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    forum = factory.SubFactory(ForumFactory)
    decided_on = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    paragraph = factory.Sequence(lambda n: f"KS § {n + 1}")
    diary_number = factory.Sequence(lambda n: f"KS 2025/{n + 1}")
    title = factory.Sequence(lambda n: f"Beslut nummer {n}")
    summary = "Kommunstyrelsen beslutade enligt förslaget."
    visibility = Visibility.INTERNAL


class ResourceInventoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceInventory

    actor = factory.SubFactory(ActorFactory)
    kind = ResourceKind.PEOPLE
    year_label = "2025"
    description = "En samordnare på halvtid."
