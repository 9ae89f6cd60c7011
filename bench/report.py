"""Data for `make bench`: the demo plan padded to 500 public measures, and a follow-up report over them
(bench database only). Run inside Django (`manage.py shell`) by bench/run.py."""

import copy
import datetime
import re
import shutil
import subprocess
import time
from decimal import Decimal

from django.db import transaction
from django.template.loader import render_to_string

from cycles import report_output
from cycles.models import (
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReport,
    FollowUpStatus,
    Measure,
    MeasureIndicator,
    ReportStatus,
)
from cycles.snapshot import build_snapshot
from lagesbild.models import AreaLevel, BetterDirection, Indicator, IndicatorSource, IndicatorValue
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility


@transaction.atomic
def seed_measures(total: int = 500) -> int:
    """Copy the demo plan's first public measure until the plan has `total` measures; idempotent."""
    template = Measure.objects.public().select_related("plan").order_by("pk").first()
    if template is None:
        raise RuntimeError("No public measure to copy: run load_demo first.")
    existing = Measure.objects.filter(plan=template.plan).count()
    areas, places = list(template.areas.all()), list(template.places.all())
    causes, problems = list(template.cause_analyses.all()), list(template.problems.all())
    copies = []
    for n in range(existing, total):
        copy = Measure.objects.get(pk=template.pk)
        copy.pk = None
        copy._state.adding = True
        copy.slug = f"bench-{n}"
        copy.title = f"{template.title} ({n})"
        copies.append(copy)
    created = Measure.objects.bulk_create(copies)
    for measure in created:
        measure.areas.set(areas)
        measure.places.set(places)
        measure.cause_analyses.set(causes)
        measure.problems.set(problems)
    return Measure.objects.filter(plan=template.plan).count()


BENCH_PERIOD = "Uppföljning 2025 (bench)"
ASSESSMENTS = ("green", "green", "yellow", "red", "")
DONE = "Belysningen är utbytt längs gång- och cykelvägen. Vi har haft två trygghetsvandringar."
EFFECT = "Färre anmälningar om skadegörelse än utgångsvärdet; fler säger att de känner sig trygga."
INTRODUCTION = "Rapporten följer upp åtgärdsplanen för 2025.\n\nDen bygger på de ansvarigas uppföljningar."


@transaction.atomic
def seed_report(indicators: int = 10):
    """A draft follow-up report over the padded demo plan (run `seed_measures` first): a follow-up with
    the partners' commitments for every measure, and `indicators` indicators with ten years of values
    that each measure follows one or two of. Idempotent; returns the report."""
    template = Measure.objects.public().select_related("plan__cycle").order_by("pk").first()
    if template is None:
        raise RuntimeError("No public measure: run load_demo and seed_measures first.")
    period, _created = FollowUpPeriod.objects.get_or_create(
        name=BENCH_PERIOD,
        defaults={
            "cycle": template.plan.cycle,
            "starts_on": datetime.date(2025, 1, 1),
            "ends_on": datetime.date(2025, 12, 31),
            "closes_on": datetime.date(2026, 1, 31),
        },
    )
    identity = MunicipalitySettings.load()
    bench_indicators = []
    for n in range(indicators):
        indicator, created = Indicator.objects.get_or_create(
            source=IndicatorSource.OWN,
            external_id=f"bench-{n}",
            defaults={
                "name": f"Anmälda brott i kategori {n + 1} per 100 000 invånare",
                "unit": "per 100 000 invånare",
                "better": BetterDirection.LOWER,
                "attribution": "Källa: kommunens egen statistik",
                "public": n % 3 != 2,
                "order": 100 + n,
            },
        )
        if created:
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    indicator=indicator,
                    area_level=AreaLevel.MUNICIPALITY,
                    area_code=identity.municipality_id,
                    area_name=identity.name,
                    year=year,
                    value=Decimal(1000 + 37 * n) - Decimal("12.5") * (year - 2015) + (year % 3) * 20,
                )
                for year in range(2015, 2025)
            )
        bench_indicators.append(indicator)

    measures = list(period.measures().prefetch_related("contributors").order_by("pk"))
    done = set(FollowUp.objects.filter(period=period).values_list("measure_id", flat=True))
    new = [m for m in measures if m.pk not in done]
    links = []
    for i, measure in enumerate(new):
        for indicator in {bench_indicators[i % indicators], bench_indicators[(i * 7) % indicators]}:
            links.append(
                MeasureIndicator(
                    measure=measure,
                    indicator=indicator,
                    baseline=Decimal("1040.0"),
                    baseline_year=2022,
                    target=Decimal("900"),
                    target_year=2027,
                )
            )
    MeasureIndicator.objects.bulk_create(links, ignore_conflicts=True)
    follow_ups = FollowUp.objects.bulk_create(
        FollowUp(
            period=period,
            measure=measure,
            done_text=DONE,
            effect_text=EFFECT,
            lessons="Börja upphandlingen tidigare och bjud in skolan från början.",
            assessment=ASSESSMENTS[i % len(ASSESSMENTS)],
            assessment_reason="Det mesta är gjort enligt planen."
            if ASSESSMENTS[i % len(ASSESSMENTS)]
            else "",
            public_summary="Belysningen är utbytt och två trygghetsvandringar är gjorda." if i % 2 else "",
            visibility=Visibility.PUBLIC if i % 2 else Visibility.INTERNAL,
            status=FollowUpStatus.APPROVED if i % 4 else FollowUpStatus.SUBMITTED,
        )
        for i, measure in enumerate(new)
    )
    FollowUpCommitment.objects.bulk_create(
        FollowUpCommitment(follow_up=follow_up, actor=actor, kept="yes" if n == 0 else "partly")
        for follow_up, measure in zip(follow_ups, new, strict=True)
        for n, actor in enumerate(dict.fromkeys([measure.lead_actor, *measure.contributors.all()]))
    )
    report, _created = FollowUpReport.objects.get_or_create(
        period=period,
        report_version=1,
        defaults={
            "title": "Uppföljning av det brottsförebyggande arbetet 2025",
            "diary_number": "KS 2025/123",
            "introduction": INTRODUCTION,
            "conclusions": "Arbetet går i stort sett enligt planen. Vi fortsätter med det som fungerar.",
        },
    )
    return report


def _pdf_pages(content: bytes) -> int | None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    info = subprocess.run([pdfinfo, "-"], input=content, capture_output=True, check=True).stdout
    return int(re.search(rb"^Pages:\s+(\d+)", info, re.M).group(1))


def time_report(repeat: int = 3) -> list[tuple[str, float, str]]:
    """Timings of the bench report (made by `seed_report`): building its snapshot, its HTML body as a
    draft (built live) and as a finalised report (from the frozen data), best of `repeat`; and writing
    its PDFs, once each (they take seconds). Returns (what, milliseconds, size) rows."""
    report = FollowUpReport.objects.select_related("period__cycle").get(
        period__name=BENCH_PERIOD, report_version=1
    )
    frozen = copy.copy(report)  # in memory only: what a finalised report's readers get
    frozen.status, frozen.snapshot = ReportStatus.STEERING, build_snapshot(report)
    body = "cycles/report/_body.html"
    measures = len(frozen.snapshot["measures"])

    def best_of(times: int, function) -> tuple[float, object]:
        best, result = float("inf"), None
        for _ in range(times):
            start = time.perf_counter()
            result = function()
            best = min(best, time.perf_counter() - start)
        return best * 1000, result

    rows = []
    ms, _data = best_of(repeat, lambda: build_snapshot(report))
    rows.append((f"snapshot ({measures} measures)", ms, ""))
    for label, target in (("draft", report), ("finalised", frozen)):
        ms, html = best_of(
            repeat,
            lambda target=target: render_to_string(body, report_output.report_context(target, "internal")),
        )
        rows.append((f"HTML body, {label}", ms, f"{len(html) // 1024} KB"))
    for audience in ("internal", "public"):
        ms, pdf = best_of(1, lambda audience=audience: report_output.pdf_bytes(frozen, audience))
        rows.append((f"PDF, {audience}", ms, f"{_pdf_pages(pdf)} pages, {len(pdf) // 1024} KB"))
    return rows


def print_report_timings() -> None:
    """For bench/run.py: the timings as lines of text."""
    for what, ms, size in time_report():
        print(f"{what:34} {ms:9.0f} ms  {size}")
