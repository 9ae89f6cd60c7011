"""Factories for indicators, their values and import runs."""

from decimal import Decimal

import factory

from lagesbild.models import (
    AreaLevel,
    BetterDirection,
    ImportRun,
    ImportStatus,
    Indicator,
    IndicatorSource,
    IndicatorValue,
)


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
