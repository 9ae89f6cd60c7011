"""Demo dialogues: two trygghetsvandringar (Tingsryd and Ryd) with their observations, and an internal
medarbetardialog."""

import datetime

from actors.models import Actor
from trygg.demo import upsert
from trygg.visibility import Visibility

from ..models import Area, Dialogue, DialogueKind, Observation, ObservationCategory, Place

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

WALKS = [
    # area, date, counts (residents, staff, police, politicians, other), summary, observations
    (
        "Tingsryd",
        datetime.date(2024, 10, 15),
        (14, 4, 2, 3, 1),
        "Vandringen gick från busstationen över torget till Folkets park. Deltagarna tog upp mörka "
        "passager, nedskräpning och att unga samlas vid busskuren.",
        [
            (
                "busstationen-tingsryd",
                ObservationCategory.LIGHTING,
                "Trasig belysning vid busskuren och gångtunneln.",
                "Laga och förstärk belysningen.",
            ),
            (
                "torget-tingsryd",
                ObservationCategory.GATHERINGS,
                "Unga samlas vid bänkarna på kvällen; många vuxna undviker torget.",
                "Fältassistenter och nattvandrare på fredagskvällar.",
            ),
            (
                "torget-tingsryd",
                ObservationCategory.LITTERING,
                "Mycket skräp och klotter efter helgerna.",
                "Extra städning på måndagsmorgnar och snabb klottersanering.",
            ),
            (
                "folkets-park-tingsryd",
                ObservationCategory.VEGETATION,
                "Tätt buskage längs gångvägen skymmer sikten.",
                "Röj buskagen och gallra träd längs gångvägen.",
            ),
        ],
    ),
    (
        "Ryd",
        datetime.date(2024, 11, 5),
        (9, 3, 1, 2, 0),
        "Vandringen gick genom Ryds centrum och förbi skolan. Trafiken genom centrum och en mörk skolgård "
        "togs upp.",
        [
            (
                "ryds-centrum",
                ObservationCategory.TRAFFIC,
                "Höga hastigheter genom centrum på kvällen.",
                "Farthinder eller hastighetskameror.",
            ),
            (
                "skolgarden-ryd",
                ObservationCategory.LIGHTING,
                "Skolgården är helt mörk efter klockan 17.",
                "Belysning med rörelsevakt.",
            ),
            (
                "ryds-centrum",
                ObservationCategory.OTHER,
                "Tomma skyltfönster ger ett övergivet intryck.",
                "Tillfälliga utställningar i tomma lokaler.",
            ),
        ],
    ),
]


def load(areas: dict[str, Area], places: dict[str, Place]) -> None:
    municipality = Actor.objects.get(name="Tingsryds kommun")
    for area, held_on, counts, summary, observations in WALKS:
        residents, staff, police, politicians, other = counts
        dialogue = upsert(
            Dialogue,
            {"kind": DialogueKind.SAFETY_WALK, "area": areas[area], "held_on": held_on},
            organiser=municipality,
            residents=residents,
            staff=staff,
            police=police,
            politicians=politicians,
            other=other,
            summary=summary,
            visibility=PUBLIC,
        )
        for slug, category, note, proposal in observations:
            upsert(
                Observation,
                {"dialogue": dialogue, "place": places[slug], "category": category},
                note=note,
                proposal=proposal,
            )
    upsert(
        Dialogue,
        {"kind": DialogueKind.STAFF, "area": areas["Tingsryd"], "held_on": datetime.date(2024, 9, 24)},
        organiser=municipality,
        staff=18,
        summary=(
            "Medarbetare i skola, socialtjänst och fritid berättade om vad de ser bland unga. "
            "Anteckningarna är interna."
        ),
        visibility=INTERNAL,
    )
