"""A small open dataset for the open-data tests (trygg.opendata), built on public measures: text, a
decimal, a whole number, true/false, a date, a time and a list, so that every kind of column is
written. `registered()` registers it for one test and forgets it afterwards."""

import contextlib
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Max
from ninja import Field, Schema

from cycles.models import Measure
from trygg import opendata

SLUG = "testatgarder"


class MeasureRow(Schema):
    slug: str = Field(description="Åtgärdens namn i adressen.")
    title: str = Field(description="Åtgärdens rubrik.")
    quarter: Decimal = Field(description="En fjärdedel av hur långt åtgärden har kommit.")
    progress: int = Field(description="Hur långt åtgärden har kommit, i procent.")
    needs_approval: bool = Field(description="Om lägesrapporter ska godkännas.")
    start_date: date | None = Field(description="När åtgärden började.")
    updated_at: datetime = Field(description="När åtgärden senast ändrades.")
    areas: list[str] = Field(description="Områdena där åtgärden görs.")

    @staticmethod
    def resolve_quarter(obj) -> Decimal:
        return Decimal(obj.progress) / 4

    @staticmethod
    def resolve_needs_approval(obj) -> bool:
        return obj.updates_need_approval

    @staticmethod
    def resolve_areas(obj) -> list[str]:
        return [area.name for area in obj.areas.all()]


def measures():
    return Measure.objects.public().prefetch_related("areas").order_by("slug")


def last_change():
    return Measure.objects.public().aggregate(newest=Max("updated_at"))["newest"]


DATASET = opendata.Dataset(
    slug=SLUG,
    title="Teståtgärder",
    description="Åtgärder för att testa öppna data.",
    schema=MeasureRow,
    queryset=measures,
    last_modified=last_change,
    frequency="DAILY",
    keywords=("trygghet", "åtgärder"),
    api_path="/api/atgarder/",
)


@contextlib.contextmanager
def registered(dataset: opendata.Dataset = DATASET):
    opendata.register(dataset)
    try:
        yield dataset
    finally:
        opendata.unregister(dataset.slug)
