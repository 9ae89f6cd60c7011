"""Data for `make bench`: the demo plan padded to 500 public measures, and a follow-up report over them
(bench database only)."""

import datetime
import re
from decimal import Decimal

from django.db import transaction

from .models import Measure


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
    from lagesbild.models import AreaLevel, BetterDirection, Indicator, IndicatorSource, IndicatorValue
    from trygg.models import MunicipalitySettings
    from trygg.visibility import Visibility

    from .models import (
        FollowUp,
        FollowUpCommitment,
        FollowUpPeriod,
        FollowUpReport,
        FollowUpStatus,
        MeasureIndicator,
    )

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


def time_report(repeat: int = 3) -> dict:
    """Best of `repeat` runs in milliseconds: building the snapshot, rendering the HTML body and writing
    the internal PDF of the bench report (made by `seed_report`), with the sizes of what was made."""
    import time

    from django.template.loader import render_to_string

    from . import report_output
    from .models import FollowUpReport
    from .snapshot import build_snapshot

    report = FollowUpReport.objects.select_related("period__cycle").get(
        period__name=BENCH_PERIOD, report_version=1
    )
    best: dict[str, float] = {}
    sizes: dict[str, int] = {}

    def timed(name, function):
        start = time.perf_counter()
        result = function()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
        return result

    for _ in range(repeat):
        data = timed("snapshot", lambda: build_snapshot(report))
        html = timed(
            "html_body",
            lambda: render_to_string(
                "cycles/reports/_report_body.html", report_output.report_context(report, "internal")
            ),
        )
        pdf = timed("pdf", lambda: report_output.pdf_bytes(report, "internal"))
    sizes = {"measures": len(data["measures"]), "html_kb": len(html) // 1024, "pdf_kb": len(pdf) // 1024}
    sizes["pdf_pages"] = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    return {**{name: round(seconds * 1000) for name, seconds in best.items()}, **sizes}
