"""Reference data production needs: Sweden's municipalities and the role groups of trygg/roles.py."""

from django.db import migrations

from trygg.reference import ensure as ensure_municipalities

ROLES = ["Samordnare", "Partnerredaktör", "Styrelseläsare", "Administratör"]


def load(apps, schema_editor):
    ensure_municipalities(apps)
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("trygg", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trygg", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
