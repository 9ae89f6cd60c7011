"""The lägesbild app's part of the public API (trygg.api) and of the open data (trygg.opendata): places
(/platser/, with the coordinates their pages show), areas (/omraden/), the public indicators and their
values. LagesbildConfig.ready() adds the router and registers the datasets.

Indicator values follow the public charts' rule (lagesbild.charts): a small count for an area smaller
than the municipality is never given, only that it is hidden, and where one gender's figure is hidden
the other's is too, since it could otherwise be worked out from the total."""

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, When
from ninja import Field, Query, Router, Schema

from trygg import opendata
from trygg.api import (
    attribute,
    display,
    history_of,
    id_filter,
    last_modified,
    latest,
    listing,
    page_path,
    paginated,
    year_filter,
)

from .models import (
    SMALL_AREA_LEVELS,
    Area,
    AreaKind,
    AreaLevel,
    Gender,
    ImportRun,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Place,
    PlaceKind,
    small_count_threshold,
)

router = Router(tags=["Lägesbild"])


def as_float(value) -> float | None:
    return float(value) if value is not None else None


def decimal_degrees(field: str):
    """A row schema's resolver for a coordinate (a Decimal in the database) as a JSON number, or None."""
    return staticmethod(lambda obj: as_float(getattr(obj, field)))


# --- Platser --------------------------------------------------------------------------------------


class PlaceRow(Schema):
    """A named place, as on /platser/<slug>/."""

    id: int = Field(..., description="Platsens id. Ändras aldrig.")
    slug: str = Field(..., description="Kortnamnet i platsens adress, /platser/<slug>/.")
    namn: str = Field(..., description="Platsens namn.")
    typ: PlaceKind = Field(..., description="Typ av plats som kod.")
    typ_text: str = Field(..., description="Typ av plats i klartext.")
    beskrivning: str = Field(..., description="Beskrivningen av platsen.")
    omrade_id: int = Field(..., description="Id för området där platsen ligger.")
    omrade: str = Field(..., description="Namnet på området där platsen ligger.")
    omrade_slug: str = Field(..., description="Områdets kortnamn, /omraden/<slug>/.")
    latitud: float | None = Field(..., description="Latitud i decimalgrader (WGS 84), om den är känd.")
    longitud: float | None = Field(..., description="Longitud i decimalgrader (WGS 84), om den är känd.")
    adress: str = Field(..., description="Sökvägen till platsens sida.")
    uppdaterad: datetime.datetime = Field(..., description="När platsen senast ändrades.")

    resolve_namn = attribute("name")
    resolve_typ = attribute("kind")
    resolve_typ_text = display("kind")
    resolve_beskrivning = attribute("description")
    resolve_omrade_id = attribute("area_id")
    resolve_omrade = attribute("area.name")
    resolve_omrade_slug = attribute("area.slug")

    resolve_latitud = decimal_degrees("latitude")
    resolve_longitud = decimal_degrees("longitude")
    resolve_adress = page_path()

    resolve_uppdaterad = attribute("updated_at")


def places():
    """As /platser/ lists them: by area, then by name."""
    return Place.objects.public().select_related("area").order_by("area__name", "name", "pk")


def places_changed() -> datetime.datetime | None:
    return latest(*history_of(Place, Area))


class PlaceFilters(Schema):
    omrade: str | None = Field(None, description="Bara platser i området med det här kortnamnet.")
    typ: PlaceKind | None = Field(None, description="Bara platser av den här typen.")


@router.get("/platser/", response=listing(PlaceRow), summary="Platser", operation_id="platser")
@last_modified(places_changed)
@paginated
def place_list(request, filters: Query[PlaceFilters]):
    """Namngivna platser i kommunen, per område."""
    queryset = places()
    if filters.omrade is not None:
        queryset = queryset.filter(area__slug=filters.omrade)
    if filters.typ is not None:
        queryset = queryset.filter(kind=filters.typ)
    return queryset


# --- Områden --------------------------------------------------------------------------------------


class AreaRow(Schema):
    """A kommundel or tätort, as on /omraden/<slug>/."""

    id: int = Field(..., description="Områdets id. Ändras aldrig.")
    slug: str = Field(..., description="Kortnamnet i områdets adress, /omraden/<slug>/.")
    namn: str = Field(..., description="Områdets namn.")
    typ: AreaKind = Field(..., description="Typ av område som kod: kommundel eller tätort.")
    typ_text: str = Field(..., description="Typ av område i klartext.")
    latitud: float | None = Field(..., description="Mittpunktens latitud i decimalgrader (WGS 84).")
    longitud: float | None = Field(..., description="Mittpunktens longitud i decimalgrader (WGS 84).")
    adress: str = Field(..., description="Sökvägen till områdets sida.")
    uppdaterad: datetime.datetime = Field(..., description="När området senast ändrades.")

    resolve_namn = attribute("name")
    resolve_typ = attribute("kind")
    resolve_typ_text = display("kind")

    resolve_latitud = decimal_degrees("latitude")
    resolve_longitud = decimal_degrees("longitude")
    resolve_adress = page_path()

    resolve_uppdaterad = attribute("updated_at")


def areas():
    """Every area has a public page (/omraden/<slug>/): areas have no visibility of their own."""
    return Area.objects.order_by("name", "pk")


def areas_changed() -> datetime.datetime | None:
    return latest(*history_of(Area))


@router.get("/omraden/", response=listing(AreaRow), summary="Områden", operation_id="omraden")
@last_modified(areas_changed)
@paginated
def area_list(request):
    """Kommundelar och tätorter, i bokstavsordning."""
    return areas()


# --- Indikatorer och deras värden -----------------------------------------------------------------


class IndicatorRow(Schema):
    """A public indicator, as in the charts on /lagesbild/ and the areas' pages."""

    id: int = Field(..., description="Indikatorns id. Ändras aldrig.")
    namn: str = Field(..., description="Indikatorns namn.")
    enhet: str = Field(..., description="Enheten, t.ex. per 100 000 invånare.")
    beskrivning: str = Field(..., description="Vad indikatorn mäter.")
    kalla: IndicatorSource = Field(..., description="Källan som kod.")
    kalla_text: str = Field(..., description="Källan i klartext.")
    kalla_id: str = Field(..., description="Indikatorns id hos källan, t.ex. N07403 i Kolada.")
    kallhanvisning: str = Field(..., description="Källhänvisningen som står under diagrammen.")
    uppdaterad: datetime.datetime = Field(..., description="När indikatorn senast ändrades.")

    resolve_namn = attribute("name")
    resolve_enhet = attribute("unit")
    resolve_beskrivning = attribute("description")
    resolve_kalla = attribute("source")
    resolve_kalla_text = display("source")
    resolve_kalla_id = attribute("external_id")
    resolve_kallhanvisning = attribute("attribution")
    resolve_uppdaterad = attribute("updated_at")


def indicators():
    """Public indicators in the order of the charts."""
    return Indicator.objects.public().order_by("order", "name", "pk")


def indicators_changed() -> datetime.datetime | None:
    return latest(*history_of(Indicator))


@router.get(
    "/indikatorer/", response=listing(IndicatorRow), summary="Indikatorer", operation_id="indikatorer"
)
@last_modified(indicators_changed)
@paginated
def indicator_list(request):
    """Indikatorerna som visas för invånare, i samma ordning som diagrammen."""
    return indicators()


class ValueRow(Schema):
    """One figure of a public indicator: an area, a year and a gender."""

    id: int = Field(..., description="Värdets id.")
    indikator_id: int = Field(..., description="Id för indikatorn (se /api/indikatorer/).")
    indikator: str = Field(..., description="Indikatorns namn.")
    niva: AreaLevel = Field(..., description="Nivån som kod: riket, lan, kommun, lpo eller omrade.")
    niva_text: str = Field(..., description="Nivån i klartext.")
    omradeskod: str = Field(
        ..., description="Kommunkod, länets Kolada-kod, 0000 för riket, eller områdets kod."
    )
    omrade: str = Field(..., description="Områdets namn.")
    omrade_slug: str | None = Field(..., description="Kortnamn för område i kommunen, /omraden/<slug>/.")
    ar: int = Field(..., description="Året som värdet gäller.")
    kon: Gender = Field(..., description="T för totalt, K för kvinnor, M för män.")
    kon_text: str = Field(..., description="Kön i klartext.")
    varde: float | None = Field(..., description="Värdet; tomt om det saknas eller inte visas.")
    dolt: bool = Field(
        ...,
        description="Sant när värdet inte visas: för få fall i ett litet område, eller för att det "
        "annars går att räkna ut ett sådant värde.",
    )
    uppdaterad: datetime.datetime = Field(..., description="När värdet senast ändrades.")

    resolve_indikator_id = attribute("indicator_id")
    resolve_indikator = attribute("indicator.name")
    resolve_niva = attribute("area_level")
    resolve_niva_text = display("area_level")
    resolve_omradeskod = attribute("area_code")
    resolve_omrade = attribute("area_name")

    @staticmethod
    def resolve_omrade_slug(obj):
        return obj.area.slug if obj.area else None

    resolve_ar = attribute("year")
    resolve_kon = attribute("gender")
    resolve_kon_text = display("gender")

    @staticmethod
    def resolve_varde(obj):
        return None if obj.hidden else as_float(obj.value)

    resolve_dolt = attribute("hidden")
    resolve_uppdaterad = attribute("updated_at")


def values():
    """Values of public indicators, each with `hidden` by the charts' rule (see the module docstring)."""
    small = Q(area_level__in=SMALL_AREA_LEVELS, count__lt=small_count_threshold())
    women_and_men = [Gender.WOMEN, Gender.MEN]
    other_gender_small = IndicatorValue.objects.filter(
        small,
        indicator=OuterRef("indicator"),
        area_code=OuterRef("area_code"),
        year=OuterRef("year"),
        gender__in=women_and_men,
    ).exclude(gender=OuterRef("gender"))
    return (
        IndicatorValue.objects.public()
        .select_related("indicator", "area")
        .annotate(
            hidden=Case(
                When(small, then=True),
                When(Q(gender__in=women_and_men) & Exists(other_gender_small), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by("indicator__order", "indicator__name", "indicator_id", "area_code", "year", "gender", "pk")
    )


def values_changed() -> datetime.datetime | None:
    """Values have no change log of their own; every change comes from a logged import."""
    return latest((IndicatorValue, "updated_at"), (ImportRun, "started_at"), *history_of(Indicator))


class ValueFilters(Schema):
    indikator: int | None = id_filter("Bara värden för indikatorn med det här id:t.")
    ar: int | None = year_filter("Bara värden för det här året.")
    omradeskod: str | None = Field(None, description="Bara värden för den här områdeskoden.")
    kon: Gender | None = Field(None, description="Bara värden för det här könet (T, K eller M).")


@router.get(
    "/indikatorvarden/", response=listing(ValueRow), summary="Indikatorvärden", operation_id="indikatorvarden"
)
@last_modified(values_changed)
@paginated
def value_list(request, filters: Query[ValueFilters]):
    """Värdena för de offentliga indikatorerna per område, år och kön."""
    queryset = values()
    if filters.indikator is not None:
        queryset = queryset.filter(indicator=filters.indikator)
    if filters.ar is not None:
        queryset = queryset.filter(year=filters.ar)
    if filters.omradeskod is not None:
        queryset = queryset.filter(area_code=filters.omradeskod)
    if filters.kon is not None:
        queryset = queryset.filter(gender=filters.kon)
    return queryset


DATASETS = [
    opendata.Dataset(
        slug="platser",
        order=60,
        title="Platser",
        description="Namngivna platser i kommunen, som torg, parker och hållplatser, med område och "
        "koordinater.",
        schema=PlaceRow,
        queryset=places,
        last_modified=places_changed,
        frequency="IRREGULAR",
        keywords=("platser", "trygghet", "geodata"),
        api_path="/api/platser/",
    ),
    opendata.Dataset(
        slug="omraden",
        order=65,
        title="Områden",
        description="Kommundelarna och tätorterna som det brottsförebyggande arbetet delar in kommunen i.",
        schema=AreaRow,
        queryset=areas,
        last_modified=areas_changed,
        frequency="IRREGULAR",
        keywords=("områden", "geodata"),
        api_path="/api/omraden/",
    ),
    opendata.Dataset(
        slug="indikatorer",
        order=70,
        title="Indikatorer",
        description="Indikatorerna i kartläggningen av brott och trygghet: vad de mäter och varifrån "
        "siffrorna kommer.",
        schema=IndicatorRow,
        queryset=indicators,
        last_modified=indicators_changed,
        frequency="IRREGULAR",
        keywords=("statistik", "brott", "trygghet"),
        api_path="/api/indikatorer/",
    ),
    opendata.Dataset(
        slug="indikatorvarden",
        order=75,
        title="Indikatorvärden",
        description="Värdena för indikatorerna per område, år och kön. Små antal i områden mindre än "
        "kommunen visas inte.",
        schema=ValueRow,
        queryset=values,
        last_modified=values_changed,
        frequency="ANNUAL",
        keywords=("statistik", "brott", "trygghet"),
        api_path="/api/indikatorvarden/",
    ),
]
