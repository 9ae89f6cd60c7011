"""Reference data production needs: Sweden's municipalities and the role groups of DOMAIN.md §3."""

import csv
from pathlib import Path

from django.db import migrations

ROLES = ["Samordnare", "Partnerredaktör", "Styrelseläsare", "Administratör"]


def load(apps, schema_editor):
    Municipality = apps.get_model("trygg", "Municipality")
    Group = apps.get_model("auth", "Group")
    path = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            Municipality.objects.update_or_create(
                code=row["kommunkod"],
                defaults={"name": row["kommun"], "county_code": row["lanskod"], "county_name": row["lan"]},
            )
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("trygg", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trygg", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
