"""The handbook's "klart när" lists, one template item per clause (reference data, cycles/reference.py)."""

from django.db import migrations

from cycles.reference import ensure_checklists


def load(apps, schema_editor):
    ensure_checklists(apps)


def unload(apps, schema_editor):
    apps.get_model("cycles", "ChecklistTemplateItem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_cycles_checklists_agreements_promises")]
    operations = [migrations.RunPython(load, unload)]
