"""python manage.py backup [--output FOLDER]: the database and the uploaded files, consistently."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trygg.backup import backup


class Command(BaseCommand):
    help = "Säkerhetskopierar databasen och de uppladdade filerna till en ny mapp."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Mappen att skriva till (får inte finnas). Standard: backups/<tid>."
        )

    def handle(self, *args, **options):
        stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")
        folder = Path(options["output"] or Path("backups") / f"trygg-{stamp}")
        try:
            manifest = backup(folder)
        except FileExistsError as exc:
            raise CommandError(f"Mappen {folder} finns redan; välj en ny.") from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Säkerhetskopian finns i {folder}: {rows} rader, {len(manifest['files'])} filer.")
