"""Factories for the lagesbild app: plain objects, internal drafts by default, no demo data."""

import datetime

import factory

from lagesbild.models import (
    Area,
    AreaKind,
    CauseAnalysis,
    Dialogue,
    DialogueKind,
    Observation,
    ObservationCategory,
    Perspective,
    Place,
    PlaceKind,
    Problem,
    ReportKind,
    ReportStatus,
    SituationReport,
)
from tests.actors.factories import ActorFactory, DecisionFactory
from trygg.visibility import Visibility


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"omrade-{n}")
    kind = AreaKind.TOWN


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Plats {n}")
    slug = factory.Sequence(lambda n: f"plats-{n}")
    area = factory.SubFactory(AreaFactory)
    kind = PlaceKind.SQUARE
    description = "Ett torg med bänkar."


class SituationReportFactory(factory.django.DjangoModelFactory):
    """A draft by default; `adopted=True` gives an adopted report with a decision."""

    class Meta:
        model = SituationReport

    class Params:
        adopted = factory.Trait(
            status=ReportStatus.ADOPTED,
            decision=factory.SubFactory(DecisionFactory, visibility=Visibility.PUBLIC),
        )
        public = factory.Trait(
            status=ReportStatus.ADOPTED,
            decision=factory.SubFactory(DecisionFactory, visibility=Visibility.PUBLIC),
            visibility=Visibility.PUBLIC,
        )

    kind = ReportKind.MUNICIPAL
    author = factory.SubFactory(ActorFactory)
    title = factory.Sequence(lambda n: f"Lägesbild nummer {n}")
    period_start = datetime.date(2023, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    survey = "<p>Kartläggning av brotten.</p>"
    other_information = "<p>Trygghetsmätning.</p>"
    analysis = "<p>Analys av orsakerna.</p>"
    sources_used = "Brå, Kolada"
    public_summary = factory.Sequence(lambda n: f"Sammanfattning för invånare nummer {n}.")
    status = ReportStatus.DRAFT
    visibility = Visibility.INTERNAL


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    title = factory.Sequence(lambda n: f"Problem nummer {n}")
    description = "Otrygghet kvällstid."
    crime_types = "skadegörelse"
    visibility = Visibility.INTERNAL


class CauseAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseAnalysis

    problem = factory.SubFactory(ProblemFactory)
    perspective = Perspective.SITUATIONAL
    offender_motivation = "Unga som saknar sysselsättning."
    target_victim = "Butiker."
    place_guardians = "Tomt torg utan vuxna."


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    kind = DialogueKind.SAFETY_WALK
    held_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    area = factory.SubFactory(AreaFactory)
    residents = 10
    staff = 2
    summary = factory.Sequence(lambda n: f"Sammanfattning av dialog {n}.")
    visibility = Visibility.INTERNAL


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    dialogue = factory.SubFactory(DialogueFactory)
    place = factory.SubFactory(PlaceFactory)
    category = ObservationCategory.LIGHTING
    note = factory.Sequence(lambda n: f"Iakttagelse nummer {n}.")
    proposal = "Bättre belysning."
