"""Milestones (delmål och aktiviteter) in the public API and the open data: the public milestones of
public measures, as on a measure's timeline; the responsible actor only while it takes part.

The timeline's "Försenat" is left out: it changes with the date alone, which Last-Modified cannot tell
a client, and it follows from the two dates in the row."""

import datetime

from django.db.models import F, Prefetch
from ninja import Field, Query, Router, Schema

from actors.models import Actor
from trygg import opendata
from trygg.api import attribute, history_of, last_modified, latest, listing, paginated

from ..models import ActionPlan, Measure, Milestone
from .measure import ByMeasure, by_measure

router = Router(tags=["Åtgärder"])


class MilestoneRow(Schema):
    """One public milestone of a public measure."""

    id: int = Field(..., description="Delmålets id. Ändras aldrig.")
    atgard_id: int = Field(..., description="Id för åtgärden som delmålet hör till.")
    atgard_slug: str = Field(..., description="Åtgärdens kortnamn, /atgarder/<slug>/.")
    atgard_titel: str = Field(..., description="Åtgärdens rubrik.")
    titel: str = Field(..., description="Delmålet eller aktiviteten.")
    klart_senast: datetime.date | None = Field(
        ..., description="När det ska vara klart (ÅÅÅÅ-MM-DD); inte klart efter det är det försenat."
    )
    klart: datetime.date | None = Field(..., description="När det blev klart (ÅÅÅÅ-MM-DD), annars tomt.")
    ansvarig_aktor_id: int | None = Field(
        ...,
        description="Id för aktören som ansvarar, om det är en annan än åtgärdens ansvariga och den deltar.",
    )
    ansvarig_aktor: str | None = Field(
        ..., description="Namnet på aktören som ansvarar, om det är en annan än åtgärdens ansvariga."
    )
    adress: str = Field(..., description="Sökvägen till delmålet på åtgärdens sida.")
    uppdaterad: datetime.datetime = Field(..., description="När delmålet senast ändrades.")

    resolve_atgard_id = attribute("measure_id")
    resolve_atgard_slug = attribute("measure.slug")
    resolve_atgard_titel = attribute("measure.title")
    resolve_titel = attribute("title")
    resolve_klart_senast = attribute("due_on")
    resolve_klart = attribute("done_on")

    @staticmethod
    def resolve_ansvarig_aktor_id(obj):
        actor = responsible(obj)
        return actor.pk if actor else None

    @staticmethod
    def resolve_ansvarig_aktor(obj):
        actor = responsible(obj)
        return actor.name if actor else None

    @staticmethod
    def resolve_adress(obj):
        return f"{obj.measure.get_absolute_url()}#delmal-{obj.pk}"

    resolve_uppdaterad = attribute("updated_at")


def responsible(milestone) -> Actor | None:
    """As the timeline names it: an actor other than the measure's lead, while it takes part."""
    actor = milestone.public_responsible
    return actor if actor is not None and actor.pk != milestone.measure.lead_actor_id else None


def milestones():
    """Public milestones of public measures, by measure and then by date (undated last)."""
    return (
        Milestone.objects.public()
        .select_related("measure")
        .prefetch_related(
            Prefetch("responsible", queryset=Actor.objects.public(), to_attr="public_responsible")
        )
        .order_by("measure__title", "measure_id", F("due_on").asc(nulls_last=True), "pk")
    )


def milestones_changed() -> datetime.datetime | None:
    return latest(*history_of(Milestone, Measure, ActionPlan, Actor))


@router.get("/delmal/", response=listing(MilestoneRow), summary="Delmål", operation_id="delmal")
@last_modified(milestones_changed)
@paginated
def milestone_list(request, filters: Query[ByMeasure]):
    """Offentliga delmål och aktiviteter i de offentliga åtgärderna."""
    return by_measure(milestones(), filters)


DATASETS = [
    opendata.Dataset(
        slug="delmal",
        order=30,
        title="Delmål i åtgärderna",
        description="Delmålen och aktiviteterna i åtgärderna: vad som ska vara klart när, och vad som "
        "är klart.",
        schema=MilestoneRow,
        queryset=milestones,
        last_modified=milestones_changed,
        keywords=("brottsförebyggande", "delmål", "åtgärder"),
        api_path="/api/delmal/",
    ),
]
