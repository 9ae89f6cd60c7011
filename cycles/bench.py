"""Data for `make bench`: the demo plan padded to 500 public measures (bench database only)."""

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
