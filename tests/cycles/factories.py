"""Factories for the cycles app: plain objects, drafts and internal by default, no demo data.

Steps are reference data from a migration; `step(n)` finds or creates one, so that the factories also
work in browser tests, where live_server empties the database between tests.
"""

import datetime

import factory

from cycles.models import (
    Agreement,
    AgreementStatus,
    ChecklistItem,
    CitizenPromise,
    Cycle,
    PromiseLine,
    PromiseParty,
    PromiseStatus,
    Step,
)
from trygg.visibility import Visibility

STEP_NAMES = {
    1: "Initiera och ingå samverkan",
    2: "Egna förberedelser",
    3: "Gemensamma förberedelser",
    4: "Genomförande",
    5: "Uppföljning och återkoppling",
}


def step(number: int) -> Step:
    found, _created = Step.objects.get_or_create(
        number=number, defaults={"name": STEP_NAMES[number], "description": f"Om steg {number}."}
    )
    return found


def all_steps() -> list[Step]:
    return [step(n) for n in range(1, 6)]


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    name = factory.Sequence(lambda n: f"Samverkansperiod {2023 + n}")
    start_date = datetime.date(2023, 7, 1)
    end_date = datetime.date(2027, 6, 30)
    current_step = factory.LazyFunction(lambda: step(1))
    is_current = True


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    cycle = factory.SubFactory(CycleFactory)
    step = factory.LazyAttribute(lambda i: i.cycle.current_step)
    text = factory.Sequence(lambda n: f"Punkt nummer {n} är klar")
    order = factory.Sequence(int)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Överenskommelse {n}")
    purposes = "Minska brottsligheten och öka tryggheten."
    areas = "Trygghet i centrum kvällstid."
    valid_from = datetime.date(2025, 5, 1)
    valid_to = datetime.date(2027, 6, 30)
    status = AgreementStatus.DRAFT
    visibility = Visibility.INTERNAL

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenPromise

    year = 2025
    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    areas = "Tingsryd"
    signatories = "Stina Styrelse\nLena Lokalpolis"
    signed_on = datetime.date(2025, 2, 20)
    status = PromiseStatus.DRAFT
    visibility = Visibility.INTERNAL


class PromiseLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseLine

    promise = factory.SubFactory(CitizenPromiseFactory)
    party = PromiseParty.POLICE
    text = factory.Sequence(lambda n: f"Polisen lovar sak nummer {n}.")
    order = factory.Sequence(int)
    follow_up = ""
