"""python manage.py refresh_kolada

Fetches new figures from Kolada for every indicator marked "uppdateras automatiskt". Run it nightly from
cron or a systemd timer, e.g. `15 3 * * * cd /srv/trygg && .venv/bin/python manage.py refresh_kolada`.
Each indicator's refresh is logged as an ImportRun (scheduled), also when it fails, and a failed one
is shown on the coordinators' dashboard. Prints one line per indicator; the exit code is 1 if any
refresh failed, so that cron or systemd reports it. With --queue it only puts the refresh in the task
queue, for a worker to run (lagesbild.tasks.refresh_kolada_indicators).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagesbild.models import ImportStatus
from lagesbild.services.refresh import refresh_kolada, refresh_years
from lagesbild.tasks import refresh_kolada_indicators


class Command(BaseCommand):
    help = (
        "Hämtar nya värden från Kolada för alla indikatorer som uppdateras automatiskt. Körs varje natt "
        "från cron eller en systemd-timer; varje körning loggas som en import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Lägg hämtningen i uppgiftskön så att en bakgrundsprocess (db_worker) gör den.",
        )

    def handle(self, *args, **options):
        if options["queue"]:
            result = refresh_kolada_indicators.enqueue()
            self.stdout.write(
                f"Hämtningen ligger i uppgiftskön (id {result.id}); resultatet loggas som importer."
            )
            return
        now = timezone.now()
        years = refresh_years(now=now)
        runs = refresh_kolada(now=now)
        if not runs:
            self.stdout.write("Ingen indikator uppdateras automatiskt. Inget hämtades.")
            return
        failed = [run for run in runs if run.status != ImportStatus.OK]
        for run in runs:
            indicator = run.indicator
            line = (
                f"{indicator.external_id} {indicator.name}: {run.get_status_display()}. "
                f"{run.rows_created} nya, {run.rows_updated} ändrade, {run.rows_unchanged} oförändrade "
                f"värden för {years[0]}–{years[-1]}."
            )
            if run.status == ImportStatus.OK:
                self.stdout.write(line)
                continue
            self.stderr.write(line)
            for error in run.errors:
                where = f"post {error['line']}: " if error.get("line") else ""
                self.stderr.write(f"  {where}{error['reason']}")
        if failed:
            raise CommandError(f"{len(failed)} av {len(runs)} uppdateringar misslyckades.")
        self.stdout.write(f"Klart. Indikatorer som hämtades från Kolada: {len(runs)}.")
