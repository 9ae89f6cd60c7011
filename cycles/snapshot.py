"""The content of a follow-up report as plain JSON data: built live for a draft, frozen when the report is
finalised. The HTML, PDF and CSV outputs read only this data, so a finalised report shows exactly what
it showed the day it went to the styrgrupp, whatever is edited later.

A report dated in the past (one entered afterwards, like the demo's first report) reads as of its own
date: each measure's status and progress come from its approved lägesrapporter up to that date, and
a medborgarlöfte's follow-up dated later is left out.

`build_snapshot(report)` runs a fixed number of queries whatever the number of measures.
`for_audience(data, "public")` removes everything that is not public (internal measures, internal
assessments, indicators not shown to residents) and recounts the summary from what is left.

Dates are ISO strings (YYYY-MM-DD), numbers are floats or None. Schema (version 2):

    municipality: {name, programme, responsible_unit}
    report: {title, version, diary_number, date, status, status_label, introduction, conclusions,
             period: {name, starts_on, ends_on}}
    cycle: {name, period_label, current_step: {number, name},
            steps: [{number, name, state, state_label, done, total}]}
    situation_report: {title, adopted_on, due_on, days_left, level, public} | None   (§ 6 watch)
    measures: [{id, slug, title, public, lead_actor, lead_actor_public, contributors: [str],
                public_contributors: [str], status, status_label,
                progress, start_date, end_date, stale, last_update_on,
                follow_up: {status, status_label, public, assessment, assessment_label,
                            assessment_reason, done, effect, lessons, public_summary,
                            commitments: [{actor, kept, kept_label, comment}]} | None,
                indicators: [{id, name, unit, public, better, baseline, baseline_year, target,
                              target_year, latest, latest_year, trend, trend_label}]}]
    indicators: [{id, name, unit, source, attribution, better, public,
                  values: [{year, value, suppressed}]}]          (the municipality's own, total)
    promises: [{id, year, title, status, status_label, public,
                lines: [{party, public_party, text, follow_up, follow_up_on}]}]
    summary: {measures, by_status: [{status, label, count}], by_assessment: [{assessment, label, count}],
              followed_up (approved), awaiting_approval (handed in), missing_follow_up}
    completeness: {not_handed_in: [title], not_approved: [title], without_assessment: [title]}
                  (internal only: what was missing when the report was sent to the styrgrupp)

Residents see an actor's name only while it takes part (`lead_actor_public`, `public_contributors`,
`public_party`; added in version 2, so older data keeps the names it was frozen with).

A follow-up's assessment (its traffic light) is in the data only once the follow-up is approved: the
summary counts only approved follow-ups, and the table and details must agree with it. Version 1 kept
the assessment of a draft or handed-in follow-up too; `readable(data)` (called by `for_audience`)
drops it when a report frozen then is read.
"""

import copy
from collections import Counter
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import IndicatorValue
from lagesbild.services import statutory_report_watch
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

from .models import (
    PROMISE_PUBLIC_STATUSES,
    Assessment,
    CitizenPromise,
    FollowUp,
    FollowUpStatus,
    MeasureIndicator,
    MeasureStatus,
    MeasureUpdate,
    PromiseParty,
    PromiseStatus,
    Step,
    step_overview,
)

SCHEMA = 2


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _trend(link: MeasureIndicator, latest: float | None) -> tuple[str, str]:
    """Where the latest figure stands against baseline and target, in the indicator's better direction."""
    baseline, target = _num(link.baseline), _num(link.target)
    if latest is None or baseline is None:
        return "unknown", _("Går inte att bedöma")
    sign = -1 if link.indicator.better == "lagre" else 1
    if target is not None and sign * (latest - target) >= 0:
        return "target_reached", _("Målet är nått")
    if latest == baseline:
        return "same", _("Oförändrat")
    if sign * (latest - baseline) > 0:
        return "better", _("Bättre än utgångsvärdet")
    return "worse", _("Sämre än utgångsvärdet")


def _follow_up(follow_up: FollowUp | None, measure_public: bool) -> dict | None:
    if follow_up is None:
        return None
    approved = follow_up.status == FollowUpStatus.APPROVED
    public = (
        measure_public
        and approved
        and follow_up.visibility == Visibility.PUBLIC
        and bool(follow_up.public_summary.strip())
    )
    # Only an approved follow-up has a traffic light in the report (see the module docstring).
    assessment = follow_up.assessment if approved else ""
    return {
        "status": follow_up.status,
        "status_label": follow_up.get_status_display(),
        "public": public,
        "assessment": assessment,
        "assessment_label": follow_up.get_assessment_display() if assessment else "",
        "assessment_reason": follow_up.assessment_reason,
        "done": follow_up.done_text,
        "effect": follow_up.effect_text,
        "lessons": follow_up.lessons,
        "public_summary": follow_up.public_summary,
        "commitments": [
            {"actor": c.actor.name, "kept": c.kept, "kept_label": c.get_kept_display(), "comment": c.comment}
            for c in follow_up.commitments.all()
        ],
    }


def _summary(measures: list[dict]) -> dict:
    """Counts for the summary. A measure counts as followed up only when its follow-up is approved, and
    only approved follow-ups' assessments are counted, so the words and the traffic lights agree."""
    statuses = Counter(m["status"] for m in measures)
    follow_ups = [m["follow_up"] for m in measures if m["follow_up"]]
    approved = [f for f in follow_ups if f["status"] == FollowUpStatus.APPROVED]
    assessments = Counter(f["assessment"] for f in approved if f["assessment"])
    awaiting = sum(1 for f in follow_ups if f["status"] == FollowUpStatus.SUBMITTED)
    return {
        "measures": len(measures),
        "by_status": [
            {"status": s.value, "label": str(s.label), "count": statuses[s.value]}
            for s in MeasureStatus
            if statuses[s.value]
        ],
        "by_assessment": [
            {"assessment": a.value, "label": str(a.label), "count": assessments[a.value]} for a in Assessment
        ],
        "followed_up": len(approved),
        "awaiting_approval": awaiting,
        "missing_follow_up": len(measures) - len(approved) - awaiting,
    }


def completeness(measures: list[dict]) -> dict:
    """What is missing for the report to be complete, by measure title: follow-ups not handed in, handed
    in but not approved, and approved without an assessment. Frozen with the report when it is sent."""
    missing: dict[str, list[str]] = {"not_handed_in": [], "not_approved": [], "without_assessment": []}
    for m in measures:
        follow_up = m["follow_up"]
        if follow_up is None or follow_up["status"] == FollowUpStatus.DRAFT:
            missing["not_handed_in"].append(m["title"])
        elif follow_up["status"] == FollowUpStatus.SUBMITTED:
            missing["not_approved"].append(m["title"])
        elif not follow_up["assessment"]:
            missing["without_assessment"].append(m["title"])
    return missing


def build_snapshot(report) -> dict:
    """Everything the report shows, read from the database now."""
    period = report.period
    cycle = period.cycle
    identity = MunicipalitySettings.load()
    as_of = report.report_date
    in_the_past = as_of < timezone.localdate()
    history = (
        [
            Prefetch(
                "updates",
                queryset=MeasureUpdate.objects.approved().filter(date__lte=as_of).order_by("-date", "-pk"),
                to_attr="updates_by_then",
            )
        ]
        if in_the_past
        else []
    )
    measures = list(
        period.measures()
        .select_related("lead_actor", "plan")
        .prefetch_related(
            "contributors",
            Prefetch("indicator_links", queryset=MeasureIndicator.objects.select_related("indicator")),
            Prefetch(
                "followups",
                queryset=FollowUp.objects.filter(period=period).prefetch_related("commitments__actor"),
                to_attr="period_followups",
            ),
            *history,
        )
        .order_by("title", "pk")
    )
    indicators = {link.indicator_id: link.indicator for m in measures for link in m.indicator_links.all()}
    series: dict[int, list[dict]] = {pk: [] for pk in indicators}
    latest: dict[int, tuple[int, float]] = {}
    values = IndicatorValue.objects.filter(
        indicator__in=list(indicators), area_code=identity.municipality_id, gender="T"
    ).order_by("indicator_id", "year")
    for value in values:
        number = None if value.is_suppressed else _num(value.value)
        series[value.indicator_id].append(
            {"year": value.year, "value": number, "suppressed": value.is_suppressed}
        )
        if number is not None:
            latest[value.indicator_id] = (value.year, number)

    measure_rows = []
    for m in measures:
        public = m.is_public_now
        follow_up = m.period_followups[0] if m.period_followups else None
        if in_the_past:
            status, progress, last_update_on, stale = m.state_on(as_of)
        else:
            status, progress, last_update_on, stale = m.status, m.progress, m.last_update_on, m.is_stale
        links = []
        for link in m.indicator_links.all():
            year, figure = latest.get(link.indicator_id, (None, None))
            trend, trend_label = _trend(link, figure)
            links.append(
                {
                    "id": link.indicator_id,
                    "name": link.indicator.name,
                    "unit": link.indicator.unit,
                    "public": link.indicator.public,
                    "better": link.indicator.better,
                    "baseline": _num(link.baseline),
                    "baseline_year": link.baseline_year,
                    "target": _num(link.target),
                    "target_year": link.target_year,
                    "latest": figure,
                    "latest_year": year,
                    "trend": trend,
                    "trend_label": trend_label,
                }
            )
        measure_rows.append(
            {
                "id": m.pk,
                "slug": m.slug,
                "title": m.title,
                "public": public,
                "lead_actor": m.lead_actor.name,
                "lead_actor_public": m.lead_actor.active,
                "contributors": sorted(a.name for a in m.contributors.all()),
                "public_contributors": sorted(a.name for a in m.contributors.all() if a.active),
                "status": status,
                "status_label": str(MeasureStatus(status).label),
                "progress": progress,
                "start_date": _iso(m.start_date),
                "end_date": _iso(m.end_date),
                "stale": stale,
                "last_update_on": _iso(last_update_on),
                "follow_up": _follow_up(follow_up, public),
                "indicators": links,
            }
        )

    steps = step_overview(cycle, Step.objects.all(), cycle.checklist.all())
    promises = (
        CitizenPromise.objects.filter(year__gte=period.starts_on.year, year__lte=period.ends_on.year)
        .prefetch_related("lines__actor")
        .order_by("year", "title")
    )
    watch = statutory_report_watch(today=report.report_date)
    situation = None
    if watch.report is not None:
        situation = {
            "title": watch.report.title,
            "adopted_on": _iso(watch.report.adopted_on),
            "due_on": _iso(watch.due_on),
            "days_left": watch.days_left,
            "level": watch.level,
            "public": watch.report.is_public and watch.report.is_decided,
        }

    return {
        "schema": SCHEMA,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "municipality": {
            "name": identity.name,
            "programme": identity.programme_name,
            "responsible_unit": identity.responsible_unit,
        },
        "report": {
            "title": report.title,
            "version": report.report_version,
            "diary_number": report.diary_number,
            "date": _iso(report.report_date),
            "status": report.status,
            "status_label": report.get_status_display(),
            "introduction": report.introduction,
            "conclusions": report.conclusions,
            "period": {
                "name": period.name,
                "starts_on": _iso(period.starts_on),
                "ends_on": _iso(period.ends_on),
            },
        },
        "cycle": {
            "name": cycle.name,
            "period_label": cycle.period_label,
            "current_step": {"number": cycle.current_step.number, "name": cycle.current_step.name},
            "steps": [
                {
                    "number": s["step"].number,
                    "name": s["step"].name,
                    "state": str(s["state"]),
                    "state_label": str(s["state_label"]),
                    "done": s["done"],
                    "total": s["total"],
                }
                for s in steps
            ],
        },
        "situation_report": situation,
        "measures": measure_rows,
        "indicators": [
            {
                "id": ind.pk,
                "name": ind.name,
                "unit": ind.unit,
                "source": ind.get_source_display(),
                "attribution": ind.attribution,
                "better": ind.better,
                "public": ind.public,
                "values": series[ind.pk],
            }
            for ind in sorted(indicators.values(), key=lambda i: (i.order, i.name))
        ],
        "promises": [
            {
                "id": p.pk,
                "year": p.year,
                "title": p.title,
                "status": status,
                "status_label": str(PromiseStatus(status).label),
                "public": p.visibility == Visibility.PUBLIC and status in PROMISE_PUBLIC_STATUSES,
                "lines": [
                    {
                        "party": line.party_label,
                        "public_party": _public_party(line),
                        "text": line.text,
                        "follow_up": line.follow_up if known else "",
                        "follow_up_on": _iso(line.follow_up_on) if known else None,
                    }
                    for line, known in lines
                ],
            }
            for p, status, lines in _promises_on(promises, as_of)
        ],
        "summary": _summary(measure_rows),
        "completeness": completeness(measure_rows),
    }


def _public_party(line) -> str:
    """Who makes the promise, for residents: another actor's name only while it takes part
    (Actor.objects.public(), as on the public pages and in the API), else the kind of party."""
    if line.party == PromiseParty.OTHER and line.actor is not None and not line.actor.active:
        return line.get_party_display()
    return line.party_label


def _promises_on(promises, as_of) -> list[tuple]:
    """(promise, status, [(line, follow-up known by then)]) as of the report's date: a follow-up dated
    after it is left out, and a promise followed up only later still reads as published."""
    out = []
    for p in promises:
        lines = [(line, line.follow_up_on is None or line.follow_up_on <= as_of) for line in p.lines.all()]
        dated = [line.follow_up_on for line, _known in lines if line.follow_up_on]
        status = p.status
        if status == PromiseStatus.FOLLOWED_UP and dated and min(dated) > as_of:
            status = PromiseStatus.PUBLISHED
        out.append((p, status, lines))
    return out


INTERNAL_FOLLOW_UP_FIELDS = ("assessment_reason", "done", "effect", "lessons", "commitments")


def readable(data: dict) -> dict:
    """Report data as this version reads it, whichever schema it was frozen with. Version 1 kept the
    assessment of a follow-up that was not approved; it is dropped here (on a copy: the frozen data
    itself is never changed), so no traffic light shows for it."""
    if data.get("schema", 1) >= SCHEMA:
        return data
    out = copy.deepcopy(data)
    for m in out["measures"]:
        follow_up = m.get("follow_up")
        if follow_up and follow_up.get("status") != FollowUpStatus.APPROVED:
            follow_up["assessment"] = ""
            follow_up["assessment_label"] = ""
    out["schema"] = SCHEMA
    return out


def for_audience(data: dict, audience: str) -> dict:
    """The report data for "internal" readers (all of it) or for "public" residents (public parts only)."""
    data = readable(data)
    if audience == "internal":
        return data
    if audience != "public":
        raise ValueError(audience)
    out = copy.deepcopy(data)
    measures = []
    for m in out["measures"]:
        if not m["public"]:
            continue
        # Actors' names only while they take part (missing in data frozen before that: names kept).
        if not m.pop("lead_actor_public", True):
            m["lead_actor"] = _("En aktör som inte längre deltar")
        m["contributors"] = m.pop("public_contributors", m["contributors"])
        m["indicators"] = [i for i in m["indicators"] if i["public"]]
        follow_up = m["follow_up"]
        if follow_up is not None and not follow_up["public"]:
            m["follow_up"] = None
        elif follow_up is not None:
            for name in INTERNAL_FOLLOW_UP_FIELDS:
                follow_up.pop(name)
        measures.append(m)
    out["measures"] = measures
    out["indicators"] = [i for i in out["indicators"] if i["public"]]
    out["promises"] = [p for p in out["promises"] if p["public"]]
    for promise in out["promises"]:
        for line in promise["lines"]:
            line["party"] = line.pop("public_party", line["party"])
    if out["situation_report"] is not None and not out["situation_report"]["public"]:
        out["situation_report"] = None
    out["summary"] = _summary(measures)
    out.pop("completeness", None)  # names internal measures; the workspace shows it
    return out
