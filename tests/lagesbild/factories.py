"""Factories for the lagesbild app: plain objects, internal drafts by default, no demo data. By concept:
places, reports, problems, dialogues, and the statistics (indicators, values and import runs)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from lagesbild.models import (
    Area,
    AreaKind,
    AreaLevel,
    BetterDirection,
    CauseAnalysis,
    Dialogue,
    DialogueKind,
    ImportRun,
    ImportStatus,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Observation,
    ObservationCategory,
    Perspective,
    Place,
    PlaceKind,
    Problem,
    ReportKind,
    ReportStatus,
    SituationReport,
    UnsafePlaceCategory,
    UnsafePlaceReport,
    UnsafePlaceStatus,
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


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A Kolada indicator, not public unless `public=True`."""

    class Meta:
        model = Indicator

    source = IndicatorSource.KOLADA
    external_id = factory.Sequence(lambda n: f"N{70000 + n}")
    name = factory.Sequence(lambda n: f"Anmälda brott typ {n} per 100 000 invånare")
    unit = "per 100 000 invånare"
    better = BetterDirection.LOWER
    attribution = "Källa: Kolada"
    public = False


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    area_level = AreaLevel.MUNICIPALITY
    area_code = "0763"
    area_name = "Tingsryd"
    year = 2024
    gender = "T"
    value = Decimal("1234.50")


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    source = IndicatorSource.KOLADA
    indicator = factory.SubFactory(IndicatorFactory)
    status = ImportStatus.OK
    file_name = "kolada.json"


def trend(indicator, *, years=range(2015, 2025), areas=(("0763", "Tingsryd", AreaLevel.MUNICIPALITY),)):
    """Values for every year and area, rising by 10 a year."""
    return [
        IndicatorValueFactory(
            indicator=indicator,
            area_code=code,
            area_name=name,
            area_level=level,
            year=year,
            value=Decimal(1000 + 10 * (year - 2015) + 100 * i),
        )
        for i, (code, name, level) in enumerate(areas)
        for year in years
    ]


class UnsafePlaceReportFactory(factory.django.DjangoModelFactory):
    """A new resident's report at a place, waiting for a moderator; `published=True` gives a published one
    with its own public text."""

    class Meta:
        model = UnsafePlaceReport

    class Params:
        published = factory.Trait(
            status=UnsafePlaceStatus.PUBLISHED,
            public_text=factory.Sequence(lambda n: f"Granskad text nummer {n}."),
            moderated_at=factory.LazyFunction(timezone.now),
        )

    category = UnsafePlaceCategory.LIGHTING
    place = factory.SubFactory(PlaceFactory)
    description = factory.Sequence(lambda n: f"Invånarens egen text nummer {n}.")
    email = ""
