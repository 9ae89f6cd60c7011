"""An åtgärdsplan's status moves (a plan is decided only when every measure has a cause, § 5), and the
coordinator's work with whole plans: a copy as a new draft, the next plan with the unfinished measures
carried over, and deleting an empty draft."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lagesbild.models import SituationReport
from trygg.concurrency import EditConflict
from trygg.workflow import check_move

from ..models import (
    ACTIVE_MEASURE_STATUSES,
    PLAN_MOVES,
    ActionPlan,
    Cycle,
    Measure,
    MeasureLink,
    MeasureQuerySet,
    Milestone,
    PlanStatus,
)
from .measure import check_plan_open_for_measures, duplicate_measure, unique_slug

# The next plan starts from a plan that has been decided: its unfinished measures continue there.
PLAN_STATUSES_TO_CARRY_FROM = (
    PlanStatus.DECIDED,
    PlanStatus.IN_PROGRESS,
    PlanStatus.FOLLOWED_UP,
    PlanStatus.SUPERSEDED,
)


@transaction.atomic
def change_plan_status(*, plan: ActionPlan, to: str, by=None, version: int | None = None) -> ActionPlan:
    """Move a plan along utkast → remiss → beslutad → genomförs → uppföljd → ersatt (see PLAN_MOVES).

    A plan is decided only with a decision, the lägesbild it rests on, and a cause for every measure.
    """
    to = check_move(
        plan, to=to, choices=PlanStatus, moves=PLAN_MOVES, what=_("en åtgärdsplan"), by=by, version=version
    )
    if to == PlanStatus.DECIDED:
        if plan.decision_id is None or plan.situation_report_id is None:
            raise ValidationError(
                _("Ange beslutet och lägesbilden som planen bygger på innan den markeras som beslutad (5 §).")
            )
        if not plan.measures.exists():
            raise ValidationError(_("En åtgärdsplan måste ha minst en åtgärd innan den beslutas."))
        missing = list(plan.measures.without_cause().order_by("title").values_list("title", flat=True))
        if missing:
            raise ValidationError(
                _(
                    "Planen kan inte beslutas förrän varje åtgärd är kopplad till minst en orsaksanalys. "
                    "Åtgärder utan orsak: %(titles)s."
                )
                % {"titles": ", ".join(f"”{t}”" for t in missing)}
            )
    plan.status = to
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def delete_plan(*, plan: ActionPlan, by, version: int | None = None) -> None:
    """Delete a draft without measures. A plan that has gone further is retired by its status moves
    (Ersatt), never deleted, so what was decided stays on record."""
    current = ActionPlan.objects.select_for_update().filter(pk=plan.pk).values_list("version", flat=True)
    if version is not None and current.first() != version:
        raise EditConflict(f"ActionPlan {plan.pk} changed since it was loaded")
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            _(
                "Bara ett utkast kan tas bort. En plan som har gått vidare avslutas i stället genom att "
                "markeras som ersatt."
            )
        )
    if plan.measures.exists():
        raise ValidationError(
            _("Planen har åtgärder och kan inte tas bort. Bara ett tomt utkast kan tas bort.")
        )
    plan._history_user = by
    plan.delete()


def carryable_measures(plan: ActionPlan) -> MeasureQuerySet:
    """The plan's unfinished measures (planned, ongoing, delayed, paused) that have not been carried over
    to another plan yet."""
    return plan.measures.filter(status__in=ACTIVE_MEASURE_STATUSES, continued_as__isnull=True)


def new_draft(
    *,
    by,
    cycle: Cycle,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    situation_report: SituationReport | None,
    goals: str,
    visibility: str,
) -> ActionPlan:
    """A new plan as a draft (the start of a copy or of the next plan)."""
    plan = ActionPlan(
        cycle=cycle,
        title=title,
        period_start=period_start,
        period_end=period_end,
        situation_report=situation_report,
        goals=goals,
        visibility=visibility,
        status=PlanStatus.DRAFT,
    )
    plan._history_user = by
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def copy_links(*, mapping: dict[int, Measure], by, keep_outside: bool) -> list[MeasureLink]:
    """Give the new measures in `mapping` (old measure's pk → new measure) the links of the old ones.

    An end that was copied too is replaced by its copy. A link to a measure that was not copied is kept
    pointing to that measure when `keep_outside` (a measure carried over still depends on it), else left
    out. The old links are not changed."""
    old_ids = list(mapping)
    new_ids = [m.pk for m in mapping.values()]
    existing = set(
        MeasureLink.objects.filter(Q(from_measure__in=new_ids) | Q(to_measure__in=new_ids)).values_list(
            "from_measure_id", "to_measure_id"
        )
    )
    created = []
    links = MeasureLink.objects.filter(Q(from_measure__in=old_ids) | Q(to_measure__in=old_ids)).order_by("pk")
    for link in links:
        source, target = mapping.get(link.from_measure_id), mapping.get(link.to_measure_id)
        if not keep_outside and (source is None or target is None):
            continue
        source_id = source.pk if source else link.from_measure_id
        target_id = target.pk if target else link.to_measure_id
        if source_id == target_id or {(source_id, target_id), (target_id, source_id)} & existing:
            continue
        new_link = MeasureLink(from_measure_id=source_id, kind=link.kind, to_measure_id=target_id)
        new_link._history_user = by
        new_link.save()
        existing.add((source_id, target_id))
        created.append(new_link)
    return created


def check_measures_of(plan: ActionPlan, measures) -> list[Measure]:
    """The chosen measures, each of which must belong to `plan`."""
    measures = list(measures)
    strangers = [m.title for m in measures if m.plan_id != plan.pk]
    if strangers:
        raise ValidationError(
            _("Åtgärderna hör inte till planen ”%(plan)s”: %(titles)s.")
            % {"plan": plan.title, "titles": ", ".join(f"”{t}”" for t in strangers)}
        )
    return measures


@transaction.atomic
def copy_plan(
    *,
    plan: ActionPlan,
    by,
    cycle: Cycle,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    measures,
) -> ActionPlan:
    """A new draft plan from `plan`: its lägesbild, goals and visibility, and a fresh copy (planned, 0 %)
    of each chosen measure, with the links between the copies. Nothing of `plan` changes."""
    measures = check_measures_of(plan, measures)
    copy = new_draft(
        by=by,
        cycle=cycle,
        title=title,
        period_start=period_start,
        period_end=period_end,
        situation_report=plan.situation_report,
        goals=plan.goals,
        visibility=plan.visibility,
    )
    mapping = {
        m.pk: duplicate_measure(
            measure=m,
            plan=copy,
            by=by,
            title=m.title,
            slug=unique_slug(f"{m.slug}-{period_start.year}"),
            continues=False,
        )
        for m in measures
    }
    copy_links(mapping=mapping, by=by, keep_outside=False)
    return copy


@transaction.atomic
def carry_over(*, measures, into: ActionPlan, by) -> list[Measure]:
    """Continue unfinished measures in the plan `into`.

    Each becomes a new measure there that points back to it (`continued_from`) and keeps its status,
    progress, lead and contributors, areas and places, problems and causes, promise lines, indicators,
    open milestones and links (to the continued measure when the other end is carried over too, else
    to the other end as it is). The old measures, their updates and their plan stay exactly as they
    were: the history of what was done under the old plan is not rewritten."""
    check_plan_open_for_measures(into)
    measures = list(measures)
    problems = [
        m.title
        for m in measures
        if m.status not in ACTIVE_MEASURE_STATUSES or m.plan_id == into.pk or m.continued_as.exists()
    ]
    if problems:
        raise ValidationError(
            _(
                "Bara pågående, planerade, försenade eller pausade åtgärder som inte redan har förts över "
                "kan föras över. Det gäller inte: %(titles)s."
            )
            % {"titles": ", ".join(f"”{t}”" for t in problems)}
        )
    carried = {}
    for measure in measures:
        new = duplicate_measure(
            measure=measure,
            plan=into,
            by=by,
            title=measure.title,
            slug=unique_slug(f"{measure.slug}-{into.period_start.year}"),
            continues=True,
        )
        for milestone in measure.milestones.open():
            copy = Milestone(
                measure=new,
                title=milestone.title,
                responsible_id=milestone.responsible_id,
                due_on=milestone.due_on,
                visibility=milestone.visibility,
            )
            copy._history_user = by
            copy.save()
        carried[measure.pk] = new
    # Measures carried into the same plan before are the other end's continuation too.
    new_ids = [m.pk for m in carried.values()]
    earlier = into.measures.filter(continued_from__isnull=False).exclude(pk__in=new_ids)
    mapping = {**{m.continued_from_id: m for m in earlier}, **carried}
    copy_links(mapping=mapping, by=by, keep_outside=True)
    return list(carried.values())


@transaction.atomic
def start_next_plan(
    *,
    plan: ActionPlan,
    by,
    cycle: Cycle,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    situation_report: SituationReport | None,
    goals: str,
    measures,
) -> ActionPlan:
    """Ny plan och överföring: a new draft plan after `plan`, with the chosen unfinished measures of
    `plan` carried over (see `carry_over`). `plan` itself and its measures are not changed; retire it
    with its own status move (Uppföljd, Ersatt)."""
    if plan.status not in PLAN_STATUSES_TO_CARRY_FROM:
        raise ValidationError(
            _(
                "Åtgärder förs över från en plan som är beslutad, genomförs, är uppföljd eller ersatt. "
                "Planen ”%(plan)s” har status ”%(status)s”."
            )
            % {"plan": plan.title, "status": plan.get_status_display()}
        )
    measures = check_measures_of(plan, measures)
    new = new_draft(
        by=by,
        cycle=cycle,
        title=title,
        period_start=period_start,
        period_end=period_end,
        situation_report=situation_report,
        goals=goals,
        visibility=plan.visibility,
    )
    carry_over(measures=measures, into=new, by=by)
    return new
