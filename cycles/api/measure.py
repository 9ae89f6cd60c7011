"""Measures in the public API and the open data: /api/atgarder/ (with the filters of /atgarder/), their
approved lägesrapporter and the public indicators that show whether they work (milestones: milestone.py).

Each row shows what the measure's public page shows, no more: a lead actor or a contributor only while
it takes part (`Actor.objects.public()`), the places and areas by name, an update only once approved.
"""

import datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from actors.models import Actor
from lagesbild.models import Area, Indicator, Place
from trygg import opendata
from trygg.api import (
    Invalid,
    NotFound,
    attribute,
    display,
    get_or_404,
    history_of,
    id_filter,
    last_modified,
    latest,
    listing,
    page_path,
    paginated,
    valid,
)
from trygg.uploads import file_url

from ..forms.measure import MeasureFilterForm
from ..models import (
    ActionPlan,
    Measure,
    MeasureIndicator,
    MeasureKind,
    MeasureLevel,
    MeasureStatus,
    MeasureUpdate,
)

router = Router(tags=["Åtgärder"])


# --- Åtgärder -------------------------------------------------------------------------------------


class MeasureRow(Schema):
    """One public measure, as on /atgarder/<slug>/."""

    id: int = Field(..., description="Åtgärdens id. Ändras aldrig.")
    slug: str = Field(..., description="Kortnamnet i åtgärdens adress, /atgarder/<slug>/.")
    titel: str = Field(..., description="Åtgärdens rubrik.")
    beskrivning: str = Field(..., description="Beskrivningen för invånare.")
    mal: str = Field(..., description="Vad åtgärden ska uppnå.")
    annan_uppfoljning: str = Field(..., description="Hur åtgärden följs upp utöver indikatorerna.")
    status: MeasureStatus = Field(..., description="Status som kod.")
    status_text: str = Field(..., description="Status i klartext.")
    procent_klart: int = Field(..., description="Hur långt åtgärden har kommit, i procent (0–100).")
    typ: MeasureKind = Field(..., description="Typ av åtgärd som kod: situationell eller social.")
    typ_text: str = Field(..., description="Typ av åtgärd i klartext.")
    niva: MeasureLevel = Field(..., description="Nivå som kod: universell, selektiv eller indikerad.")
    niva_text: str = Field(..., description="Nivå i klartext.")
    plan_id: int = Field(..., description="Id för åtgärdsplanen som åtgärden hör till.")
    plan_titel: str = Field(..., description="Åtgärdsplanens rubrik.")
    ansvarig_aktor_id: int | None = Field(
        ..., description="Id för den ansvariga aktören; tomt om aktören inte längre deltar."
    )
    ansvarig_aktor: str | None = Field(
        ..., description="Den ansvariga aktörens namn; tomt om aktören inte längre deltar."
    )
    medverkande: list[str] = Field(..., description="De medverkande aktörerna som deltar, med namn.")
    omraden: list[str] = Field(..., description="Områdena där åtgärden görs, med namn.")
    omraden_slug: list[str] = Field(..., description="Områdenas kortnamn, /omraden/<slug>/.")
    platser: list[str] = Field(..., description="Platserna där åtgärden görs, med namn.")
    platser_slug: list[str] = Field(..., description="Platsernas kortnamn, /platser/<slug>/.")
    start: datetime.date | None = Field(..., description="Startdatum (ÅÅÅÅ-MM-DD).")
    klart_senast: datetime.date | None = Field(..., description="När åtgärden ska vara klar (ÅÅÅÅ-MM-DD).")
    budget_kr: int | None = Field(..., description="Budget i kronor.")
    finansiering: str = Field(..., description="Hur åtgärden finansieras.")
    adress: str = Field(..., description="Sökvägen till åtgärdens sida på webbplatsen.")
    uppdaterad: datetime.datetime = Field(..., description="När åtgärden senast ändrades.")

    resolve_titel = attribute("title")
    resolve_beskrivning = attribute("public_text")
    resolve_mal = attribute("goal")
    resolve_annan_uppfoljning = attribute("indicator")
    resolve_status_text = display("status")
    resolve_procent_klart = attribute("progress")
    resolve_typ = attribute("kind")
    resolve_typ_text = display("kind")
    resolve_niva = attribute("level")
    resolve_niva_text = display("level")
    resolve_plan_titel = attribute("plan.title")

    @staticmethod
    def resolve_ansvarig_aktor_id(obj):
        return obj.public_lead_actor.pk if obj.public_lead_actor else None

    @staticmethod
    def resolve_ansvarig_aktor(obj):
        return obj.public_lead_actor.name if obj.public_lead_actor else None

    @staticmethod
    def resolve_medverkande(obj):
        return [actor.name for actor in obj.contributors.all()]

    @staticmethod
    def resolve_omraden(obj):
        return [area.name for area in obj.areas.all()]

    @staticmethod
    def resolve_omraden_slug(obj):
        return [area.slug for area in obj.areas.all()]

    @staticmethod
    def resolve_platser(obj):
        return [place.name for place in obj.places.all()]

    @staticmethod
    def resolve_platser_slug(obj):
        return [place.slug for place in obj.places.all()]

    resolve_start = attribute("start_date")
    resolve_klart_senast = attribute("end_date")

    @staticmethod
    def resolve_budget_kr(obj):
        return int(obj.budget) if obj.budget is not None else None

    resolve_finansiering = attribute("funding")

    resolve_adress = page_path()

    resolve_uppdaterad = attribute("updated_at")


def measures():
    """Public measures in the order of /atgarder/, with what a row shows in a fixed number of queries."""
    return (
        Measure.objects.public()
        .with_list_data()
        .prefetch_related(
            Prefetch("lead_actor", queryset=Actor.objects.public(), to_attr="public_lead_actor"),
            Prefetch("places", queryset=Place.objects.public().order_by("name", "pk")),
        )
        .order_by("title", "pk")
    )


# What a measure row shows, or whether it is shown at all: the measure, its plan, actors, places, areas.
MEASURE_TABLES = history_of(Measure, ActionPlan, Actor, Place, Area)


def measures_changed() -> datetime.datetime | None:
    return latest(*MEASURE_TABLES)


class MeasureFilters(Schema):
    """The filters of /atgarder/, by the same names; values that page would not offer answer 422."""

    status: MeasureStatus | None = Field(None, description="Bara åtgärder med den här statusen.")
    typ: MeasureKind | None = Field(None, description="Bara åtgärder av den här typen.")
    omrade: str | None = Field(None, description="Bara åtgärder i området med det här kortnamnet.")
    fokus: int | None = id_filter("Bara åtgärder mot fokusområdet (problem) med id:t.")
    aktor: int | None = id_filter("Bara åtgärder som aktören med det här id:t ansvarar för.")


def filtered_measures(filters: MeasureFilters):
    """The rows /atgarder/ lists for the same filters: its own form does the filtering."""
    public = Measure.objects.public()
    data = {name: str(value) for name, value in filters.model_dump(mode="json", exclude_none=True).items()}
    form = valid(MeasureFilterForm(data, measures=public))
    return form.filter(measures())


@router.get("/atgarder/", response=listing(MeasureRow), summary="Åtgärder", operation_id="atgarder")
@last_modified(measures_changed)
@paginated
def measure_list(request, filters: Query[MeasureFilters]):
    """De offentliga åtgärderna i åtgärdsplanerna, i bokstavsordning, med samma filter som /atgarder/."""
    return filtered_measures(filters)


@router.get(
    "/atgarder/{id}/",
    response={200: MeasureRow, 404: NotFound, 422: Invalid},
    summary="En åtgärd",
    operation_id="atgard",
)
@last_modified(measures_changed)
def measure_detail(request, id: int):
    """En offentlig åtgärd; 404 om den inte finns eller inte är offentlig."""
    return get_or_404(measures(), "Det finns ingen offentlig åtgärd med det id:t.", pk=id)


# --- Lägesrapporter -------------------------------------------------------------------------------


class UpdateRow(Schema):
    """One approved lägesrapport of a public measure."""

    id: int = Field(..., description="Lägesrapportens id. Ändras aldrig.")
    atgard_id: int = Field(..., description="Id för åtgärden som rapporten gäller.")
    atgard_slug: str = Field(..., description="Åtgärdens kortnamn, /atgarder/<slug>/.")
    atgard_titel: str = Field(..., description="Åtgärdens rubrik.")
    datum: datetime.date = Field(..., description="Dagen rapporten gäller (ÅÅÅÅ-MM-DD).")
    status: MeasureStatus = Field(..., description="Åtgärdens status enligt rapporten, som kod.")
    status_text: str = Field(..., description="Åtgärdens status enligt rapporten, i klartext.")
    procent_klart: int = Field(..., description="Hur långt åtgärden hade kommit, i procent (0–100).")
    text: str = Field(..., description="Vad som har hänt.")
    underlag: str = Field(..., description="Länk till underlag, om det finns.")
    dokument: str = Field(..., description="Sökvägen till ett bifogat dokument, om det finns.")
    adress: str = Field(..., description="Sökvägen till rapporten på åtgärdens sida.")
    godkand: datetime.datetime = Field(..., description="När rapporten godkändes för publicering.")

    resolve_atgard_slug = attribute("measure.slug")
    resolve_atgard_titel = attribute("measure.title")
    resolve_atgard_id = attribute("measure_id")
    resolve_datum = attribute("date")
    resolve_status_text = display("status")
    resolve_procent_klart = attribute("progress")
    resolve_underlag = attribute("evidence_url")

    @staticmethod
    def resolve_dokument(obj):
        return file_url(obj.evidence_document)

    @staticmethod
    def resolve_adress(obj):
        return f"{obj.measure.get_absolute_url()}#rapport-{obj.pk}"

    resolve_godkand = attribute("approved_at")


def updates():
    """Approved lägesrapporter of public measures, newest first (as the Atom feed)."""
    return MeasureUpdate.objects.public().select_related("measure").newest_first()


def updates_changed() -> datetime.datetime | None:
    """An update shows once approved; its measure decides whether it shows at all."""
    return latest(*history_of(MeasureUpdate, Measure, ActionPlan))


class ByMeasure(Schema):
    atgard: int | None = id_filter("Bara det som gäller åtgärden med det här id:t.")


@router.get(
    "/lagesrapporter/", response=listing(UpdateRow), summary="Lägesrapporter", operation_id="lagesrapporter"
)
@last_modified(updates_changed)
@paginated
def update_list(request, filters: Query[ByMeasure]):
    """Godkända lägesrapporter om offentliga åtgärder, nyaste först."""
    return by_measure(updates(), filters)


def by_measure(queryset, filters: ByMeasure):
    return queryset.filter(measure=filters.atgard) if filters.atgard is not None else queryset


# --- Indikatorer för åtgärderna --------------------------------------------------------------------


class MeasureIndicatorRow(Schema):
    """A public indicator that shows whether a public measure works, with its baseline and target."""

    id: int = Field(..., description="Kopplingens id. Ändras aldrig.")
    atgard_id: int = Field(..., description="Id för åtgärden.")
    atgard_slug: str = Field(..., description="Åtgärdens kortnamn, /atgarder/<slug>/.")
    indikator_id: int = Field(..., description="Id för indikatorn (se /api/indikatorer/).")
    indikator: str = Field(..., description="Indikatorns namn.")
    enhet: str = Field(..., description="Indikatorns enhet.")
    utgangsvarde: float | None = Field(..., description="Utgångsvärdet.")
    utgangsvarde_ar: int | None = Field(..., description="Året som utgångsvärdet gäller.")
    malvarde: float | None = Field(..., description="Målvärdet.")
    malar: int | None = Field(..., description="Året då målvärdet ska vara nått.")

    resolve_atgard_id = attribute("measure_id")
    resolve_atgard_slug = attribute("measure.slug")
    resolve_indikator_id = attribute("indicator_id")
    resolve_indikator = attribute("indicator.name")
    resolve_enhet = attribute("indicator.unit")
    resolve_utgangsvarde = attribute("baseline")
    resolve_utgangsvarde_ar = attribute("baseline_year")
    resolve_malvarde = attribute("target")
    resolve_malar = attribute("target_year")


def measure_indicators():
    """As in the indicator table of a measure's page: public indicators of public measures."""
    return (
        MeasureIndicator.objects.filter(
            measure__in=Measure.objects.public(), indicator__in=Indicator.objects.public()
        )
        .select_related("measure", "indicator")
        .order_by("measure__title", "measure_id", "indicator__order", "indicator__name", "pk")
    )


def measure_indicators_changed() -> datetime.datetime | None:
    return latest(*history_of(MeasureIndicator, Indicator, Measure, ActionPlan))


@router.get(
    "/atgardsindikatorer/",
    response=listing(MeasureIndicatorRow),
    summary="Indikatorer för åtgärderna",
    operation_id="atgardsindikatorer",
)
@last_modified(measure_indicators_changed)
@paginated
def measure_indicator_list(request, filters: Query[ByMeasure]):
    """Vilka indikatorer som visar om en åtgärd fungerar, med utgångsvärde och mål."""
    return by_measure(measure_indicators(), filters)


DATASETS = [
    opendata.Dataset(
        slug="atgarder",
        order=10,
        title="Åtgärder",
        description="Åtgärderna i kommunens åtgärdsplaner för brottsförebyggande arbete: vad som görs, "
        "vem som ansvarar, var, när och hur långt det har kommit.",
        schema=MeasureRow,
        queryset=measures,
        last_modified=measures_changed,
        keywords=("brottsförebyggande", "trygghet", "åtgärder"),
        api_path="/api/atgarder/",
    ),
    opendata.Dataset(
        slug="lagesrapporter",
        order=20,
        title="Lägesrapporter om åtgärderna",
        description="Godkända lägesrapporter om åtgärderna: status, hur långt de har kommit och vad "
        "som har hänt.",
        schema=UpdateRow,
        queryset=updates,
        last_modified=updates_changed,
        keywords=("brottsförebyggande", "lägesrapporter", "åtgärder"),
        api_path="/api/lagesrapporter/",
    ),
    opendata.Dataset(
        slug="atgardsindikatorer",
        order=35,
        title="Indikatorer för åtgärderna",
        description="Vilka indikatorer som ska visa om en åtgärd fungerar, med utgångsvärde och mål.",
        schema=MeasureIndicatorRow,
        queryset=measure_indicators,
        last_modified=measure_indicators_changed,
        frequency="IRREGULAR",
        keywords=("brottsförebyggande", "indikatorer", "åtgärder"),
        api_path="/api/atgardsindikatorer/",
    ),
]
