"""Milestones (delmål) of some of the plan's measures, and two links between measures.

Fixed dates in the story of the measures' lägesrapporter (August 2025 to November 2026): most
milestones are done, "Nya stolpar och armaturer monterade" on the gångväg to Folkets park was due on
2026-10-31 and is not done (the measure is delayed), so that measure shows "Delmål försenat"; one
milestone is internal. Idempotent: a milestone is found by its measure and title, a link by its pair.
"""

import datetime

from actors.models import Actor
from trygg.visibility import Visibility

from ..models import LinkKind, Measure, MeasureLink, Milestone
from ..services import milestone as services
from .measure import MUNI, POLICE

D = datetime.date
PUB, INT = Visibility.PUBLIC, Visibility.INTERNAL

# measure slug: [(title, responsible actor (None: the measure's lead), due, done, visibility)]
MILESTONES = {
    "polisen-synlig-i-centrum": [
        ("Schema för kvällspatrullering fredag och lördag klart", None, D(2025, 8, 22), D(2025, 8, 20), PUB),
        ("Gemensam genomgång med nattvandrarna i centrum", MUNI, D(2026, 9, 30), D(2026, 9, 18), PUB),
        ("Bemanning för julhelgerna bekräftad av LPO Nybro", None, D(2026, 12, 10), None, INT),
        ("Utvärdering av kvällspatrulleringen till styrgruppen", None, D(2027, 3, 31), None, PUB),
    ],
    "belysning-gangvag-folkets-park": [
        ("Vegetationen längs gångvägen röjd", None, D(2026, 1, 31), D(2026, 1, 30), PUB),
        ("Entreprenör för belysningen upphandlad", None, D(2025, 12, 31), D(2026, 3, 16), PUB),
        ("Nya stolpar och armaturer monterade", None, D(2026, 10, 31), None, PUB),
        ("Trygghetsvandring på gångvägen efter bytet", POLICE, D(2027, 4, 30), None, PUB),
    ],
    "trygghetsvandringar-centrum": [
        ("Trygghetsvandring i september", None, D(2025, 9, 30), D(2025, 9, 24), PUB),
        ("Trygghetsvandring i maj", None, D(2026, 5, 31), D(2026, 5, 29), PUB),
        ("Trygghetsvandring i oktober", None, D(2026, 10, 31), D(2026, 10, 23), PUB),
    ],
}

# (from slug, kind, to slug): read from the other side as "behövs för" / "omfattar" / "hör ihop med".
LINKS = [
    ("belysning-gangvag-folkets-park", LinkKind.RELATED, "belysning-resecentrum"),
    ("fastighetsvandringar-bostader", LinkKind.PART_OF, "trygghetsvandringar-centrum"),
]


def load_milestones(*, coordinator) -> str:
    """The demo's milestones and links through the services; returns a line for the command's output."""
    slugs = {*MILESTONES, *(slug for slug, _kind, _other in LINKS), *(other for _slug, _kind, other in LINKS)}
    measures = {m.slug: m for m in Measure.objects.filter(slug__in=slugs)}
    actors = {a.name: a for a in Actor.objects.all()}
    for slug, rows in MILESTONES.items():
        measure = measures.get(slug)
        if measure is None:
            continue  # the plan demo did not run
        existing = set(Milestone.objects.filter(measure=measure).values_list("title", flat=True))
        for title, responsible, due_on, done_on, visibility in rows:
            if title in existing:
                continue
            services.add_milestone(
                measure=measure,
                by=coordinator,
                title=title,
                responsible=actors.get(responsible) if responsible else None,
                due_on=due_on,
                done_on=done_on,
                visibility=visibility,
            )
    for from_slug, kind, to_slug in LINKS:
        first, second = measures.get(from_slug), measures.get(to_slug)
        if first is None or second is None:
            continue
        if services.link_problem(first, second) is None:  # not linked yet, in either direction
            services.add_link(from_measure=first, to_measure=second, kind=kind, by=coordinator)
    milestones = Milestone.objects.filter(measure__in=measures.values())
    return (
        f"Delmål: {milestones.count()}, varav {milestones.overdue().count()} försenade; "
        f"{MeasureLink.objects.filter(from_measure__in=measures.values()).count()} samband mellan åtgärder"
    )
