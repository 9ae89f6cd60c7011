"""python manage.py import_kolada --kpi N07403 --years 2015-2025 [--areas 0763,0007,0000] [--file x.json]
[--dry-run] [--remove-missing]

With --dry-run the command shows what the import would change (new, changed, emptied, unchanged and
skipped values) and writes nothing. A value Kolada now leaves empty (null) never erases a stored
figure unless --remove-missing is given.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.importers import kolada, preview
from lagesbild.models import ImportStatus
from lagesbild.services.statistics import (
    Kind,
    default_areas,
    import_kolada_document,
    kolada_indicator,
    parse_upload,
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
        add_preview_arguments(parser)

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
        if options["dry_run"]:
            payload = data if isinstance(data, bytes) else json.dumps(data).encode()
            show_preview(self, preview(indicator, parse_upload(Kind.KOLADA, payload, indicator=indicator)))
            return
        run = import_kolada_document(
            indicator=indicator, data=data, file_name=file_name, remove_missing=options["remove_missing"]
        )
        report(self, run)


def add_preview_arguments(parser):
    parser.add_argument(
        "--dry-run", action="store_true", help="Visa vad importen skulle ändra, utan att spara något."
    )
    parser.add_argument(
        "--remove-missing",
        action="store_true",
        help="Töm sparade värden som filen lämnar tomma (annars behålls de).",
    )


def show_preview(command, result):
    """What an import would do, line by line for everything but unchanged values; nothing is written."""
    for error in result.errors:
        where = f"rad {error['line']}: " if error.get("line") else ""
        command.stderr.write(f"{where}{error['reason']}")
    if result.errors:
        raise CommandError(f"Filen kan inte importeras: {len(result.errors)} fel. Inget har ändrats.")
    for note in result.parsed.notes:
        command.stdout.write(f"Obs: {note}")
    labels = {
        "new": "ny",
        "changed": "ändras",
        "removed": "saknas i filen (behålls om inte --remove-missing)",
    }
    for change in result.changes:
        if change.kind in labels:
            row = change.row
            before = "" if change.stored is None else f"{change.old_value} → "
            where = f"rad {row.line}: {row.area_name} {row.year} {row.gender}"
            command.stdout.write(f"{where}: {before}{row.value} ({labels[change.kind]})")
    for skipped in result.parsed.skipped:
        where = f"rad {skipped['line']}: " if skipped.get("line") else ""
        command.stdout.write(f"{where}hoppas över: {skipped['reason']}")
    command.stdout.write(
        f"Förhandsvisning, inget sparat: {result.parsed.read} lästa rader, {len(result.new)} nya, "
        f"{len(result.changed)} ändrade, {len(result.removed)} saknas i filen, "
        f"{len(result.unchanged)} oförändrade, {len(result.parsed.skipped)} överhoppade."
    )


def report(command, run):
    for error in run.errors:
        where = f"rad {error['line']}: " if error.get("line") else ""
        command.stderr.write(f"{where}{error['reason']}")
    summary = (
        f"{run.get_status_display()}: {run.rows_read} lästa, {run.rows_created} nya, "
        f"{run.rows_updated} ändrade, {run.rows_removed} borttagna, {run.rows_rejected} felaktiga."
    )
    if run.status != ImportStatus.OK:
        raise CommandError(summary)
    command.stdout.write(summary)
