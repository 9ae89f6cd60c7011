"""Lägesrapporter approved before reviews had a state are marked approved (the rest wait, as before)."""

from django.db import migrations


def mark_approved(apps, schema_editor):
    MeasureUpdate = apps.get_model("cycles", "MeasureUpdate")
    MeasureUpdate.objects.filter(approved_at__isnull=False).update(review="approved")


def unmark(apps, schema_editor):
    MeasureUpdate = apps.get_model("cycles", "MeasureUpdate")
    MeasureUpdate.objects.update(review="waiting")


class Migration(migrations.Migration):
    dependencies = [("cycles", "0014_measure_review")]

    operations = [migrations.RunPython(mark_approved, unmark)]
