"""Where the work stands, for residents (/oversikt/): the measures counted by status, area, focus area and
lead actor, and the assessments of the latest follow-up, each as a chart, a table and a sentence.

Everything is counted in the database (Count with GROUP BY), never row by row, so the page runs the same
number of queries for 5 measures as for 500. It reads only what is published:

- the measures are `Measure.objects.public()` of the plans that are being carried out now (decided or in
  progress; when none is, every public plan), without a measure carried over to a later public one (the
  later one carries the work, as in `MeasureQuerySet.current()`; a carry-over into a plan that is still a
  draft does not hide the measure that residents can see);
- focus areas are `Problem.objects.public().focus_areas()`, actors are named only when
  `Actor.objects.public()` (the others are counted under one unnamed row);
- the follow-up is the period of the newest published report (else the newest period with published
  follow-ups), and only `FollowUp.objects.public()` is counted in it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor
from lagesbild.models import Problem
from trygg.barchart import DEFAULT_COLOUR, Bar, bar_chart, value_text

from ..models import ActionPlan, Assessment, FollowUp, FollowUpPeriod, FollowUpReport, Measure, MeasureStatus

# Traffic lights: each colour at least 3:1 against white, and always written out beside it.
ASSESSMENT_COLOURS = {
    Assessment.GREEN: "#1d6b3f",
    Assessment.YELLOW: "#9c7400",
    Assessment.RED: "#b00020",
    "": "#6c757d",
}


@dataclass
class Row:
    label: str
    count: int
    url: str = ""  # the /atgarder/ list filtered to these measures, where such a filter exists
    colour: str = DEFAULT_COLOUR
    light: str = ""  # a traffic light (green, yellow, red, none) drawn beside the text in the table
    share: str = ""  # "33,3 %" of the section's total


@dataclass
class Section:
    key: str  # the section's id on the page
    title: str
    summary: str
    rows: list[Row]
    total: int
    column: str = ""  # the heading of the table's first column
    note: str = ""
    chart: SafeString = field(default_factory=SafeString)
    period: FollowUpPeriod | None = None
    report: FollowUpReport | None = None

    def __post_init__(self):
        for row in self.rows:
            share = Decimal(row.count * 100) / self.total if self.total else Decimal(0)
            row.share = value_text(share, decimals=1, unit="%")
        self.chart = bar_chart(
            [Bar(row.label, row.count, row.colour) for row in self.rows],
            title=_("%(title)s, antal") % {"title": self.title},
        )


@dataclass
class Overview:
    plans: list[ActionPlan]  # the plans whose measures are counted
    other_plans: bool  # other public plans exist, so /atgarder/ may list more measures than counted here
    total: int
    sections: list[Section]  # empty when there is no measure to count
    followup: Section | None
    last_updated: datetime.datetime | None


def counted_plans(plans: list[ActionPlan]) -> list[ActionPlan]:
    """The public plans being carried out now; when none is, every public plan (e.g. one followed up)."""
    return [plan for plan in plans if plan.is_running] or plans


def counted_measures(plans: list[ActionPlan]):
    """The public measures of the plans, without those carried over to a later public measure."""
    public = Measure.objects.public()
    return public.filter(plan__in=plans).exclude(continued_as__in=public).order_by()


def measures_url(**params) -> str:
    return f"{reverse('cycles:measure-list')}?{urlencode(params)}"


def names(labels: list[str]) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s och %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def leaders(rows: list[Row]) -> tuple[str, int]:
    """The labels of the rows with the highest count (all of them when tied) and that count."""
    top = max(row.count for row in rows)
    return names([row.label for row in rows if row.count == top]), top


def status_section(counts: dict[str, int], total: int) -> Section:
    rows = [
        Row(
            str(status.label),
            counts.get(status, 0),
            measures_url(status=status.value) if counts.get(status) else "",
        )
        for status in MeasureStatus
    ]
    ongoing, done = counts.get(MeasureStatus.ONGOING, 0), counts.get(MeasureStatus.DONE, 0)
    summary = ngettext("%(n)s av %(total)s åtgärd pågår", "%(n)s av %(total)s åtgärder pågår", total) % {
        "n": ongoing,
        "total": total,
    }
    summary += ngettext(", %(n)s är genomförd.", ", %(n)s är genomförda.", done) % {"n": done}
    if delayed := counts.get(MeasureStatus.DELAYED, 0):
        summary += " " + ngettext("%(n)s är försenad.", "%(n)s är försenade.", delayed) % {"n": delayed}
    return Section("status", _("Åtgärder efter status"), summary, rows, total, column=_("Status"))


def area_section(measures, total: int) -> Section:
    counts = measures.values("areas__slug", "areas__name").annotate(n=Count("pk", distinct=True))
    rows = sorted(
        (
            Row(row["areas__name"], row["n"], measures_url(omrade=row["areas__slug"]))
            for row in counts
            if row["areas__slug"] is not None
        ),
        key=lambda row: (-row.count, row.label),
    )
    without = next((row["n"] for row in counts if row["areas__slug"] is None), 0)
    if without:
        rows.append(Row(_("Hela kommunen / inget område"), without))
    who, top = leaders(rows)
    if rows[-1].count == top and without:
        who = names([row.label for row in rows[:-1] if row.count == top] + [_("hela kommunen")])
    summary = _("Flest åtgärder gäller %(who)s: %(n)s av %(total)s.") % {"who": who, "n": top, "total": total}
    return Section(
        "omrade",
        _("Åtgärder efter område"),
        summary,
        rows,
        total,
        column=_("Område"),
        note=_("En åtgärd kan gälla flera områden. Därför kan summan bli större än antalet åtgärder."),
    )


def focus_section(measures, total: int) -> Section:
    focus = Problem.objects.public().focus_areas()
    rows = [
        Row(problem.title, problem.n, measures_url(fokus=problem.pk))
        for problem in focus.annotate(n=Count("measures", filter=Q(measures__in=measures), distinct=True))
        if problem.n
    ]
    if without := measures.exclude(problems__in=focus).count():
        rows.append(Row(_("Inget fokusområde"), without))
    focused = len(rows) - (1 if without else 0)
    if focused:
        who, top = leaders(rows[:focused])
        summary = ngettext(
            "%(k)s fokusområde har åtgärder. Flest åtgärder hör till %(who)s: %(n)s av %(total)s.",
            "%(k)s fokusområden har åtgärder. Flest åtgärder hör till %(who)s: %(n)s av %(total)s.",
            focused,
        ) % {"k": focused, "who": who, "n": top, "total": total}
    else:
        summary = _("Ingen åtgärd hör till ett fokusområde.")
    return Section(
        "fokus",
        _("Åtgärder efter fokusområde"),
        summary,
        rows,
        total,
        column=_("Fokusområde"),
        note=_(
            "Fokusområdena är de problem i lägesbilden som kommunen och parterna har prioriterat, i "
            "prioritetsordning. En åtgärd kan höra till flera fokusområden."
        ),
    )


def actor_section(measures, total: int) -> Section:
    counts = (
        measures.filter(lead_actor__in=Actor.objects.public())
        .values("lead_actor_id", "lead_actor__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_actor__name")
    )
    rows = [
        Row(row["lead_actor__name"], row["n"], measures_url(aktor=row["lead_actor_id"])) for row in counts
    ]
    # Actors that no longer take part are not public: their measures are counted, their names not shown.
    if hidden := total - sum(row.count for row in rows):
        rows.append(Row(_("Aktörer som inte längre deltar"), hidden))
    named = len(rows) - (1 if hidden else 0)
    summary = _("Ingen av de ansvariga aktörerna deltar längre.")
    if named:
        who, top = leaders(rows[:named])
        summary = ngettext(
            "%(k)s aktör leder åtgärder. Flest leder %(who)s: %(n)s av %(total)s.",
            "%(k)s aktörer leder åtgärder. Flest leder %(who)s: %(n)s av %(total)s.",
            named,
        ) % {"k": named, "who": who, "n": top, "total": total}
    return Section(
        "aktor", _("Åtgärder efter ansvarig aktör"), summary, rows, total, column=_("Ansvarig aktör")
    )


def latest_followup() -> tuple[Section | None, datetime.datetime | None]:
    """The assessments of the newest followed-up period residents may read, and when they last changed."""
    report = (
        FollowUpReport.objects.public()
        .select_related("period")
        .order_by("-period__ends_on", "-published_at", "-pk")
        .first()
    )
    if report is not None:
        period = report.period
    else:
        newest = (
            FollowUp.objects.public().select_related("period").order_by("-period__ends_on", "-pk").first()
        )
        period = newest.period if newest else None
    if period is None:
        return None, None
    counts = {
        row["assessment"]: row
        for row in FollowUp.objects.public()
        .filter(period=period)
        .values("assessment")
        .annotate(n=Count("pk"), latest=Max("approved_at"))
        .order_by()
    }
    total = sum(row["n"] for row in counts.values())
    rows = [
        Row(
            str(value.label), counts.get(value, {}).get("n", 0), colour=ASSESSMENT_COLOURS[value], light=value
        )
        for value in Assessment
    ]
    if unassessed := counts.get("", {}).get("n", 0):
        rows.append(Row(_("Inte bedömd"), unassessed, colour=ASSESSMENT_COLOURS[""], light="none"))
    green, yellow, red = (counts.get(value, {}).get("n", 0) for value in Assessment)
    summary = ngettext(
        "%(g)s av %(total)s uppföljd åtgärd bedömdes som grön (enligt plan), %(y)s som gul "
        "(delvis enligt plan) och %(r)s som röd (inte enligt plan).",
        "%(g)s av %(total)s uppföljda åtgärder bedömdes som gröna (enligt plan), %(y)s som gula "
        "(delvis enligt plan) och %(r)s som röda (inte enligt plan).",
        total,
    ) % {"g": green, "y": yellow, "r": red, "total": total}
    if unassessed:
        summary += " " + ngettext("%(n)s är inte bedömd.", "%(n)s är inte bedömda.", unassessed) % {
            "n": unassessed
        }
    section = Section(
        "uppfoljning",
        _("Bedömningar i den senaste uppföljningen"),
        summary,
        rows,
        total,
        column=_("Bedömning"),
        period=period,
        report=report,
    )
    changed = [row["latest"] for row in counts.values() if row["latest"]]
    if report is not None and report.published_at:
        changed.append(report.published_at)
    return section, max(changed, default=None)


def overview() -> Overview:
    """Everything /oversikt/ shows, in a fixed number of queries: eight (nine without a published report,
    fewer without measures), however many measures, areas, focus areas and actors there are."""
    public_plans = list(ActionPlan.objects.public().order_by("period_start", "title"))
    plans = counted_plans(public_plans)
    measures = counted_measures(plans)
    by_status = {
        row["status"]: row
        for row in measures.values("status").annotate(n=Count("pk"), latest=Max("updated_at"))
    }
    total = sum(row["n"] for row in by_status.values())
    sections = []
    if total:
        sections = [
            status_section({status: row["n"] for status, row in by_status.items()}, total),
            area_section(measures, total),
            focus_section(measures, total),
            actor_section(measures, total),
        ]
    followup, followup_changed = latest_followup()
    changed = [row["latest"] for row in by_status.values()] + [followup_changed]
    return Overview(
        plans=plans,
        other_plans=len(plans) < len(public_plans),
        total=total,
        sections=sections,
        followup=followup,
        last_updated=max((c for c in changed if c), default=None),
    )
