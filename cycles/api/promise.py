"""Medborgarlöften in the public API and the open data: the published promises (/medborgarloften/), and
each promise in them with who promises it, the public measures that carry it out and how it went."""

import datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from actors.models import Actor
from lagesbild.models import Area
from trygg import opendata
from trygg.api import (
    attribute,
    display,
    history_of,
    id_filter,
    last_modified,
    latest,
    listing,
    paginated,
    year_filter,
)

from ..models import ActionPlan, CitizenPromise, Measure, PromiseLine, PromiseParty, PromiseStatus

router = Router(tags=["Medborgarlöften"])


class PromiseRow(Schema):
    """One published medborgarlöfte."""

    id: int = Field(..., description="Medborgarlöftets id. Ändras aldrig.")
    ar: int = Field(..., description="Året som medborgarlöftet gäller.")
    titel: str = Field(..., description="Medborgarlöftets rubrik.")
    status: PromiseStatus = Field(..., description="Status som kod: published eller followed_up.")
    status_text: str = Field(..., description="Status i klartext.")
    omraden: list[str] = Field(..., description="Områdena som löftet gäller, med namn.")
    omraden_slug: list[str] = Field(..., description="Områdenas kortnamn, /omraden/<slug>/.")
    omraden_fritext: str = Field(..., description="Orter eller kommundelar, som de skrevs i löftet.")
    bakgrund: str = Field(..., description="Varför löftet ges.")
    undertecknat: datetime.date | None = Field(..., description="När löftet undertecknades (ÅÅÅÅ-MM-DD).")
    undertecknare: list[str] = Field(..., description="Vilka som undertecknade: namn och roll.")
    adress: str = Field(..., description="Sökvägen till löftet på sidan Medborgarlöften.")
    uppdaterad: datetime.datetime = Field(..., description="När medborgarlöftet senast ändrades.")

    resolve_ar = attribute("year")
    resolve_titel = attribute("title")
    resolve_status_text = display("status")

    @staticmethod
    def resolve_omraden(obj):
        return [area.name for area in obj.area_links.all()]

    @staticmethod
    def resolve_omraden_slug(obj):
        return [area.slug for area in obj.area_links.all()]

    resolve_omraden_fritext = attribute("areas")
    resolve_bakgrund = attribute("background")
    resolve_undertecknat = attribute("signed_on")

    @staticmethod
    def resolve_undertecknare(obj):
        return [line.strip() for line in obj.signatories.splitlines() if line.strip()]

    @staticmethod
    def resolve_adress(obj):
        return promise_url(obj.pk)

    resolve_uppdaterad = attribute("updated_at")


def promise_url(pk: int) -> str:
    return f"/medborgarloften/#lofte-{pk}"


def promises():
    """As /medborgarloften/ lists them: public and published, newest year first."""
    return CitizenPromise.objects.public().prefetch_related("area_links").order_by("-year", "title", "pk")


def promises_changed() -> datetime.datetime | None:
    return latest(*history_of(CitizenPromise, Area))


class PromiseFilters(Schema):
    ar: int | None = year_filter("Bara medborgarlöften för det här året.")
    omrade: str | None = Field(None, description="Bara medborgarlöften för området med det här kortnamnet.")


@router.get(
    "/medborgarloften/",
    response=listing(PromiseRow),
    summary="Medborgarlöften",
    operation_id="medborgarloften",
)
@last_modified(promises_changed)
@paginated
def promise_list(request, filters: Query[PromiseFilters]):
    """Publicerade medborgarlöften, nyaste året först."""
    queryset = promises()
    if filters.ar is not None:
        queryset = queryset.filter(year=filters.ar)
    if filters.omrade is not None:
        queryset = queryset.filter(area_links__slug=filters.omrade)
    return queryset


# --- Löftena i medborgarlöftena och hur det har gått ---------------------------------------------


class PromiseLineRow(Schema):
    """One promise in a published medborgarlöfte, with its follow-up."""

    id: int = Field(..., description="Löftets id. Ändras aldrig.")
    medborgarlofte_id: int = Field(..., description="Id för medborgarlöftet som löftet står i.")
    medborgarlofte: str = Field(..., description="Medborgarlöftets rubrik.")
    ar: int = Field(..., description="Året som medborgarlöftet gäller.")
    ordning: int = Field(..., description="Löftets plats i medborgarlöftet.")
    vem_lovar: PromiseParty = Field(..., description="Vem som lovar, som kod.")
    vem_lovar_text: str = Field(..., description="Vem som lovar, i klartext (en annan aktörs namn).")
    lofte: str = Field(..., description="Vad som lovas.")
    atgarder_id: list[int] = Field(..., description="Id för de offentliga åtgärderna som genomför löftet.")
    atgarder: list[str] = Field(..., description="Rubrikerna på åtgärderna som genomför löftet.")
    uppfoljning: str = Field(..., description="Hur det har gått; tomt om löftet inte är uppföljt ännu.")
    uppfoljt: datetime.date | None = Field(..., description="När löftet följdes upp (ÅÅÅÅ-MM-DD).")
    adress: str = Field(..., description="Sökvägen till medborgarlöftet på sidan Medborgarlöften.")

    resolve_medborgarlofte_id = attribute("promise_id")
    resolve_medborgarlofte = attribute("promise.title")
    resolve_ar = attribute("promise.year")
    resolve_ordning = attribute("order")
    resolve_vem_lovar = attribute("party")

    @staticmethod
    def resolve_vem_lovar_text(obj):
        # An actor's name only while it takes part (Actor.objects.public()), else the kind of party.
        if obj.party == PromiseParty.OTHER and obj.public_actor is not None:
            return obj.public_actor.name
        return obj.get_party_display()

    resolve_lofte = attribute("text")

    @staticmethod
    def resolve_atgarder_id(obj):
        return [measure.pk for measure in obj.public_measures]

    @staticmethod
    def resolve_atgarder(obj):
        return [measure.title for measure in obj.public_measures]

    resolve_uppfoljning = attribute("follow_up")
    resolve_uppfoljt = attribute("follow_up_on")

    @staticmethod
    def resolve_adress(obj):
        return promise_url(obj.promise_id)


def promise_lines():
    """The lines of the published medborgarlöften in the order of /medborgarloften/."""
    return (
        PromiseLine.objects.filter(promise__in=CitizenPromise.objects.public())
        .select_related("promise")
        .prefetch_related(
            Prefetch("actor", queryset=Actor.objects.public(), to_attr="public_actor"),
            Prefetch(
                "measures",
                queryset=Measure.objects.public().order_by("title", "pk"),
                to_attr="public_measures",
            ),
        )
        .order_by("-promise__year", "promise__title", "promise_id", "order", "pk")
    )


def promise_lines_changed() -> datetime.datetime | None:
    return latest(*history_of(PromiseLine, CitizenPromise, Measure, ActionPlan, Actor))


class LineFilters(Schema):
    medborgarlofte: int | None = id_filter("Bara löftena i medborgarlöftet med det här id:t.")
    ar: int | None = year_filter("Bara löften i medborgarlöften för det här året.")


@router.get(
    "/medborgarloften-uppfoljning/",
    response=listing(PromiseLineRow),
    summary="Löftena och hur det har gått",
    operation_id="medborgarloften_uppfoljning",
)
@last_modified(promise_lines_changed)
@paginated
def promise_line_list(request, filters: Query[LineFilters]):
    """Varje löfte i de publicerade medborgarlöftena: vem som lovar, vad, och hur det har gått."""
    queryset = promise_lines()
    if filters.medborgarlofte is not None:
        queryset = queryset.filter(promise=filters.medborgarlofte)
    if filters.ar is not None:
        queryset = queryset.filter(promise__year=filters.ar)
    return queryset


DATASETS = [
    opendata.Dataset(
        slug="medborgarloften",
        order=40,
        title="Medborgarlöften",
        description="Polisens och kommunens medborgarlöften till invånarna: vad de lovar att göra under "
        "året för att öka tryggheten.",
        schema=PromiseRow,
        queryset=promises,
        last_modified=promises_changed,
        frequency="ANNUAL",
        keywords=("medborgarlöften", "polisen", "trygghet"),
        api_path="/api/medborgarloften/",
    ),
    opendata.Dataset(
        slug="medborgarloften-uppfoljning",
        order=45,
        title="Medborgarlöftenas löften och uppföljning",
        description="Varje löfte i medborgarlöftena: vem som lovar, vad, vilka åtgärder som genomför det "
        "och hur det har gått.",
        schema=PromiseLineRow,
        queryset=promise_lines,
        last_modified=promise_lines_changed,
        frequency="IRREGULAR",
        keywords=("medborgarlöften", "uppföljning", "trygghet"),
        api_path="/api/medborgarloften-uppfoljning/",
    ),
]
