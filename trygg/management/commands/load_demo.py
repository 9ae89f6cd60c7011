"""Load the demo municipality (Tingsryd) idempotently: `python manage.py load_demo`.

Each app may have a `demo` module (or package) with `load(*, stdout)`; they run in INSTALLED_APPS
order, so an app builds on the demo data of the apps it imports from. Demo pieces call the apps'
services, so demo data passes the same rules as real data.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Läser in demodata för Tingsryds kommun (kan köras flera gånger)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kör även när DEBUG är av (t.ex. för prestandatest). Aldrig i produktion.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demodata läses bara in när DEBUG är på, eftersom demoanvändarna har ett känt lösenord. "
                "Använd --force om du verkligen vill (aldrig i produktion)."
            )
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if util.find_spec(module_name) is None:
                    continue
                import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata är inläst."))
