"""Factories for action plans, measures and lägesrapporter: internal drafts by default, no demo data.

`running_plan()` and `public_measure()` give what the public pages show: a public plan being carried
out, and a public measure in it with a cause analysis.
"""

import datetime

import factory
from django.utils import timezone

from cycles.models import (
    ActionPlan,
    Measure,
    MeasureKind,
    MeasureLevel,
    MeasureStatus,
    MeasureUpdate,
    PlanStatus,
)
from tests.actors.factories import ActorFactory, ContactFactory
from tests.cycles.factories import CycleFactory
from tests.lagesbild.factories import CauseAnalysisFactory
from trygg.visibility import Visibility


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    cycle = factory.SubFactory(CycleFactory, is_current=False)
    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2027, 6, 30)
    goals = "Fler ska känna sig trygga."
    status = PlanStatus.DRAFT
    visibility = Visibility.INTERNAL


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    slug = factory.Sequence(lambda n: f"atgard-{n}")
    title = factory.Sequence(lambda n: f"Åtgärd nummer {n}")
    public_text = "Text för invånare."
    internal_notes = ""
    kind = MeasureKind.SITUATIONAL
    level = MeasureLevel.UNIVERSAL
    lead_actor = factory.SubFactory(ActorFactory)
    status = MeasureStatus.PLANNED
    visibility = Visibility.INTERNAL

    @factory.post_generation
    def causes(self, create, extracted, **kwargs):
        if create and extracted:
            self.cause_analyses.set(extracted)
            self.problems.set({c.problem for c in extracted})

    @factory.post_generation
    def contributors(self, create, extracted, **kwargs):
        if create and extracted:
            self.contributors.set(extracted)


class MeasureUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureUpdate

    measure = factory.SubFactory(MeasureFactory)
    date = factory.LazyFunction(timezone.localdate)
    status = MeasureStatus.ONGOING
    progress = 50
    text = factory.Sequence(lambda n: f"Lägesrapport nummer {n}.")
    needs_approval = False
    approved_at = factory.LazyFunction(timezone.now)


def running_plan(**kwargs) -> ActionPlan:
    kwargs.setdefault("status", PlanStatus.IN_PROGRESS)
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    return ActionPlanFactory(**kwargs)


def public_measure(**kwargs) -> Measure:
    kwargs.setdefault("plan", running_plan())
    kwargs.setdefault("causes", [CauseAnalysisFactory()])
    kwargs.setdefault("status", MeasureStatus.ONGOING)
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    return MeasureFactory(**kwargs)


def link_user_to_actor(user, actor=None):
    """Make the user a contact of the actor (a partner editor's scope); returns the actor."""
    actor = actor or ActorFactory()
    ContactFactory(actor=actor, user=user)
    return actor
