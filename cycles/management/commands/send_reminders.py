"""python manage.py send_reminders [--today YYYY-MM-DD] [--dry-run] [--queue]

The daily reminder e-mails: one per person with everything that needs them (cycles.services.reminders).
Safe to run again the same day, or twice at once: nobody gets a second e-mail that day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cycles.services import reminders
from cycles.tasks import send_reminder_digests

LINES = {
    reminders.SENT: "Skickad till {to}: {n}",
    reminders.WOULD_SEND: "Skulle skickas till {to}: {n}",
    reminders.NO_EMAIL: "Saknar e-post: {user} ({n})",
    reminders.ALREADY_SENT: "Redan skickad i dag: {user}",
}


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ange datumet som ÅÅÅÅ-MM-DD, inte {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Skickar dagens påminnelser med e-post: ett meddelande per person med allt som väntar på "
        "personen (inaktuella åtgärder, passerade delmål och slutdatum, granskning, uppföljningar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna som om det vore det här datumet (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle skickas, utan att skicka."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Lägg utskicket i uppgiftskön så att en bakgrundsprocess (db_worker) gör det.",
        )

    def handle(self, *args, **options):
        today = parse_day(options["today"]) if options["today"] else None
        if options["queue"]:
            result = send_reminder_digests.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Påminnelserna ligger i uppgiftskön (id {result.id}).")
            return
        dry_run = options["dry_run"]
        done = reminders.send_digests(today=today, dry_run=dry_run)
        for digest in done:
            n = len(digest.items)
            count = ngettext("%(n)d påminnelse", "%(n)d påminnelser", n) % {"n": n}
            self.stdout.write(
                LINES[digest.outcome].format(to=digest.to, user=digest.user.get_username(), n=count)
            )
        sent = sum(1 for d in done if d.outcome in (reminders.SENT, reminders.WOULD_SEND))
        no_email = sum(1 for d in done if d.outcome == reminders.NO_EMAIL)
        if dry_run:
            summary = ngettext(
                "Provkörning: %(n)d e-postmeddelande skulle skickas",
                "Provkörning: %(n)d e-postmeddelanden skulle skickas",
                sent,
            ) % {"n": sent}
        else:
            summary = ngettext(
                "Klart: %(n)d e-postmeddelande skickat", "Klart: %(n)d e-postmeddelanden skickade", sent
            ) % {"n": sent}
        summary += ", " + ngettext("%(n)d person saknar e-post", "%(n)d personer saknar e-post", no_email) % {
            "n": no_email
        }
        self.stdout.write(summary + (". Inget skickades eller sparades." if dry_run else "."))
