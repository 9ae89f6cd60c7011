"""python manage.py import_bra --file x.csv --year 2024 --indicator bra-anmalda-brott"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.models import Indicator, IndicatorSource
from lagesbild.services.statistics import import_bra_file

from .import_kolada import report


class Command(BaseCommand):
    help = "Importerar Brås årliga CSV-fil med anmälda brott per kommun för ett år."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--indicator", required=True, help="Indikatorns id hos Brå (eller nummer i portalen)."
        )

    def handle(self, *args, **options):
        key = options["indicator"]
        indicator = Indicator.objects.filter(source=IndicatorSource.BRA, external_id=key).first()
        if indicator is None and key.isdigit():
            indicator = Indicator.objects.filter(source=IndicatorSource.BRA, pk=int(key)).first()
        if indicator is None:
            raise CommandError(f"Ingen Brå-indikator med id {key!r}. Lägg upp den i administrationen först.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        run = import_bra_file(indicator=indicator, data=data, year=options["year"], file_name=path.name)
        report(self, run)
