"""python manage.py import_kolada --kpi N07403 --years 2015-2025 [--areas 0763,0007,0000] [--file x.json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.importers import kolada
from lagesbild.models import ImportStatus
from lagesbild.services.statistics import (
    default_areas,
    import_kolada_document,
    kolada_indicator,
    record_failed_fetch,
)


class Command(BaseCommand):
    help = "Importerar ett nyckeltal från Kolada (API v3 eller sparat JSON-svar) för kommun, län och riket."

    def add_arguments(self, parser):
        parser.add_argument("--kpi", required=True, help="Koladas id, t.ex. N07403.")
        parser.add_argument("--years", default="", help="År, t.ex. 2015-2025 eller 2023,2024.")
        parser.add_argument(
            "--areas",
            default="",
            help="Kolada-id:n, t.ex. 0763,0007,0000 (standard: kommunen, länet, riket).",
        )
        parser.add_argument("--file", help="Ett sparat JSON-svar från Kolada i stället för att hämta.")
        parser.add_argument("--name", default="", help="Indikatorns namn om den inte finns ännu.")

    def handle(self, *args, **options):
        kpi = options["kpi"].strip().upper()
        indicator = kolada_indicator(kpi, name=options["name"])
        if options["file"]:
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(str(exc)) from exc
            file_name = path.name
        else:
            try:
                years = kolada.parse_years(options["years"])
            except ValueError as exc:
                raise CommandError(f"Ogiltiga år: {options['years']!r} (skriv t.ex. 2015-2025).") from exc
            areas = [a for a in options["areas"].split(",") if a] or default_areas()
            file_name = kolada.data_url(kpi, areas, years)
            try:
                data = kolada.fetch(kpi, areas, years)
            except kolada.KoladaError as exc:
                report(self, record_failed_fetch(indicator=indicator, reason=str(exc), file_name=file_name))
                raise CommandError(str(exc)) from exc  # not reached: report() raises for a failed run
        run = import_kolada_document(indicator=indicator, data=data, file_name=file_name)
        report(self, run)


def report(command, run):
    for error in run.errors:
        where = f"rad {error['line']}: " if error.get("line") else ""
        command.stderr.write(f"{where}{error['reason']}")
    summary = (
        f"{run.get_status_display()}: {run.rows_read} lästa, {run.rows_created} nya, "
        f"{run.rows_updated} ändrade, {run.rows_rejected} felaktiga."
    )
    if run.status != ImportStatus.OK:
        raise CommandError(summary)
    command.stdout.write(summary)
