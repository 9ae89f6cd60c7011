"""python manage.py import_bra --file x.csv|x.xlsx [--year 2024] --indicator bra-anmalda-brott [--dry-run]

--year may be left out when the file's title states the year (Brå's Excel files do)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.importers import preview
from lagesbild.models import Indicator, IndicatorSource
from lagesbild.services.statistics import Kind, import_bra_file, parse_upload

from .import_kolada import add_preview_arguments, report, show_preview


class Command(BaseCommand):
    help = "Importerar Brås fil (CSV eller Excel) med anmälda brott per kommun för ett år."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True)
        parser.add_argument("--year", type=int, help="Året, om filen inte själv säger det.")
        parser.add_argument(
            "--indicator", required=True, help="Indikatorns id hos Brå (eller nummer i portalen)."
        )
        add_preview_arguments(parser)

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
        if options["dry_run"]:
            parsed = parse_upload(Kind.BRA, data, indicator=indicator, year=options["year"])
            show_preview(self, preview(indicator, parsed))
            return
        run = import_bra_file(
            indicator=indicator,
            data=data,
            year=options["year"],
            file_name=path.name,
            remove_missing=options["remove_missing"],
        )
        report(self, run)
