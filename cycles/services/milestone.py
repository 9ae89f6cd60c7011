"""Milestones (delmål och aktiviteter) of a measure and links between measures: adding, marking done
and deleting milestones, adding and removing links, and the reads every page about them shares (the
overdue flag as an annotation, the links of a measure as they read from its side)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from trygg.concurrency import EditConflict, delete_unless_changed
from trygg.validators import validate_plausible_date
from trygg.visibility import Visibility

from ..models import LINK_INVERSE_LABELS, LinkKind, Measure, MeasureLink, Milestone

# --- Reads -------------------------------------------------------------------------------------------


def with_overdue_milestones(measures: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate each measure with `has_overdue_milestone` (an EXISTS in the same query, so a list's
    query count does not grow with its rows). Internal milestones count: this is for staff pages."""
    overdue = Milestone.objects.overdue(today).filter(measure=OuterRef("pk"))
    return measures.annotate(has_overdue_milestone=Exists(overdue))


@dataclass(frozen=True)
class LinkView:
    """A link as it reads from one measure's side: "är beroende av X" or, from X, "behövs för …"."""

    link: MeasureLink
    label: str
    other: Measure
    outgoing: bool


def links_of(measure: Measure, others: QuerySet) -> list[LinkView]:
    """The links of `measure` in both directions whose other measure is in `others` (e.g.
    Measure.objects.public() or .visible_to(user)), each labelled from this measure's side; one query."""
    links = (
        MeasureLink.objects.filter(
            Q(from_measure=measure, to_measure__in=others) | Q(to_measure=measure, from_measure__in=others)
        )
        .select_related("from_measure__plan", "to_measure__plan")
        .order_by("kind", "pk")
    )
    shown = []
    for link in links:
        outgoing = link.from_measure_id == measure.pk
        shown.append(
            LinkView(
                link=link,
                label=str(
                    LinkKind(link.kind).label if outgoing else LINK_INVERSE_LABELS[LinkKind(link.kind)]
                ),
                other=link.to_measure if outgoing else link.from_measure,
                outgoing=outgoing,
            )
        )
    # In the order of LinkKind, what this measure does before what others do with it ("är beroende
    # av" before "behövs för"); "hör ihop med" reads the same from both sides and stays one group.
    kinds = list(LinkKind)
    return sorted(
        shown,
        key=lambda v: (
            kinds.index(LinkKind(v.link.kind)),
            not v.outgoing and v.link.kind != LinkKind.RELATED,
            v.other.title.casefold(),
            v.other.pk,
        ),
    )


def grouped_links(links: list[LinkView]) -> list[tuple[str, list[LinkView]]]:
    """[(label, [links…])…] in the order of `links` (links_of sorts them by how they read), for a <dl>."""
    groups: dict[str, list[LinkView]] = {}
    for view in links:
        groups.setdefault(view.label, []).append(view)
    return list(groups.items())


# --- Milestones --------------------------------------------------------------------------------------


@transaction.atomic
def add_milestone(
    *,
    measure: Measure,
    by,
    title: str,
    responsible: Actor | None = None,
    due_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    visibility: str = Visibility.INTERNAL,
) -> Milestone:
    """A new milestone of the measure (internal unless said otherwise)."""
    milestone = Milestone(
        measure=measure,
        title=title,
        responsible=responsible,
        due_on=due_on,
        done_on=done_on,
        visibility=visibility,
    )
    milestone.full_clean()
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def mark_done(*, milestone: Milestone, by, done_on: datetime.date, version: int | None = None) -> Milestone:
    """Mark a milestone as done on `done_on` (a plausible date, not after today). Raises EditConflict
    when someone else changed it since `version` was read, ValidationError when it is already done or
    the date is refused."""
    stored = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if version is not None and stored.version != version:
        raise EditConflict(f"Milestone {milestone.pk} changed since it was loaded")
    if stored.done_on is not None:
        raise ValidationError(
            _("Delmålet är redan markerat som klart %(date)s.") % {"date": stored.done_on.isoformat()}
        )
    validate_plausible_date(done_on)
    if done_on > timezone.localdate():
        raise ValidationError(_("Datumet kan inte vara senare än i dag."))
    stored.done_on = done_on
    stored._history_user = by
    stored.save(update_fields=["done_on", "updated_at"])
    return stored


def delete_milestone(*, milestone: Milestone, by, version: int | None = None) -> None:
    """Delete a milestone (its history stays in the admin). Raises EditConflict when someone else
    changed it since `version` was read."""
    delete_unless_changed(milestone, by=by, version=version)


# --- Links between measures --------------------------------------------------------------------------


def link_problem(from_measure: Measure, to_measure: Measure) -> str | None:
    """Why the link may not be added, in Swedish, or None: a link to itself, or a second link between
    the same two measures (in either direction)."""
    if from_measure.pk == to_measure.pk:
        return str(_("En åtgärd kan inte ha ett samband med sig själv. Välj en annan åtgärd."))
    existing = (
        MeasureLink.objects.filter(
            Q(from_measure=from_measure, to_measure=to_measure)
            | Q(from_measure=to_measure, to_measure=from_measure)
        )
        .select_related("from_measure", "to_measure")
        .first()
    )
    if existing is not None:
        return str(
            _(
                "Det finns redan ett samband mellan åtgärderna: ”%(a)s” %(kind)s ”%(b)s”. Ta bort det "
                "först om du vill ändra det."
            )
            % {
                "a": existing.from_measure.title,
                "kind": existing.get_kind_display(),
                "b": existing.to_measure.title,
            }
        )
    return None


@transaction.atomic
def add_link(*, from_measure: Measure, to_measure: Measure, kind: str, by) -> MeasureLink:
    """Link two measures ("from är beroende av / är en del av / hör ihop med to")."""
    problem = link_problem(from_measure, to_measure)
    if problem:
        raise ValidationError(problem)
    link = MeasureLink(from_measure=from_measure, to_measure=to_measure, kind=kind)
    link._history_user = by
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:  # someone added the same link a moment ago
        raise ValidationError(link_problem(from_measure, to_measure) or str(exc)) from exc
    return link


@transaction.atomic
def remove_link(*, link: MeasureLink, by) -> None:
    """Remove a link between two measures (its history stays in the admin)."""
    link._history_user = by
    link.delete()
