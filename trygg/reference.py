"""Reference data that production needs, loaded by data migrations and kept present after every
`migrate` and `flush` (post_migrate), so that a flushed test database has it too.

Each app may have a `reference.py` with `ensure(apps)`, taking an app registry (the historical one
in a migration, the real one after migrate); it must be idempotent and cheap when nothing is missing.
"""

import csv
from importlib import import_module, util
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "kommuner.csv"


def ensure(apps) -> None:
    """Sweden's 290 municipalities (SCB's codes, from trygg/data/kommuner.csv)."""
    Municipality = apps.get_model("trygg", "Municipality")
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    present = Municipality.objects.count()
    if present == len(rows):
        return
    if present == 0:  # a new or flushed database: one insert for all of them
        Municipality.objects.bulk_create(
            Municipality(
                code=row["kommunkod"], name=row["kommun"], county_code=row["lanskod"], county_name=row["lan"]
            )
            for row in rows
        )
        return
    for row in rows:
        Municipality.objects.update_or_create(
            code=row["kommunkod"],
            defaults={"name": row["kommun"], "county_code": row["lanskod"], "county_name": row["lan"]},
        )


def ensure_all(sender=None, **kwargs) -> None:
    """post_migrate: every app's reference data, once per migrate/flush (at the last app)."""
    from django.apps import apps

    if sender is not None and sender is not list(apps.get_app_configs())[-1]:
        return
    for config in apps.get_app_configs():
        module_name = f"{config.name}.reference"
        if util.find_spec(module_name) is not None:
            import_module(module_name).ensure(apps)
