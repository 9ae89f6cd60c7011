"""The handbook's five steps (reference data, cycles/reference.py)."""

from django.db import migrations

from cycles.reference import ensure_steps


def load(apps, schema_editor):
    ensure_steps(apps)


def unload(apps, schema_editor):
    apps.get_model("cycles", "Step").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
