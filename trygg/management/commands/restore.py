"""python manage.py restore FOLDER: a backup into an empty, migrated database and an empty MEDIA_ROOT."""

from django.core.management.base import BaseCommand, CommandError

from trygg.backup import BackupError, restore


class Command(BaseCommand):
    help = "Läser in en säkerhetskopia i en tom, migrerad databas och en tom MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Mappen som manage.py backup skrev.")

    def handle(self, *args, **options):
        try:
            manifest = restore(options["folder"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows, files = sum(manifest["counts"].values()), len(manifest["files"])
        self.stdout.write(
            f"Säkerhetskopian från {manifest['created']} är inläst: {rows} rader, {files} filer."
        )
