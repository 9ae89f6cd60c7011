"""python manage.py send_followup_reminders [--today YYYY-MM-DD] [--dry-run]

Safe to run every day from a scheduler: each measure gets at most one reminder per period.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cycles.services import followup

LINES = {
    followup.SENT: "Skickad: ”{measure}” ({period}) till {to}",
    followup.WOULD_SEND: "Skulle skickas: ”{measure}” ({period}) till {to}",
    followup.NO_EMAIL: "Saknar e-post: ”{measure}” ({period}), ansvarig aktör {actor}",
    followup.ALREADY_SENT: "Redan skickad: ”{measure}” ({period})",
}


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ange datumet som ÅÅÅÅ-MM-DD, inte {value!r}.") from exc


class Command(BaseCommand):
    help = "Påminner med e-post de ansvariga för åtgärder vars uppföljning saknas när sista dagen närmar sig."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna som om det vore det här datumet (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle skickas, utan att skicka."
        )

    def handle(self, *args, **options):
        today = _date(options["today"]) if options["today"] else None
        dry_run = options["dry_run"]
        done = followup.send_due_reminders(today=today, dry_run=dry_run)
        for r in done:
            self.stdout.write(
                LINES[r.outcome].format(
                    measure=r.measure.title, period=r.period.name, to=r.to, actor=r.measure.lead_actor.name
                )
            )
        count = {outcome: sum(1 for r in done if r.outcome == outcome) for outcome in LINES}
        no_email = ngettext(
            "%(n)d åtgärd saknar e-post", "%(n)d åtgärder saknar e-post", count[followup.NO_EMAIL]
        )
        if dry_run:
            n = count[followup.WOULD_SEND]
            summary = ngettext(
                "Provkörning: %(n)d påminnelse skulle skickas",
                "Provkörning: %(n)d påminnelser skulle skickas",
                n,
            ) % {"n": n}
            summary += ", " + no_email % {"n": count[followup.NO_EMAIL]} + ". Inget skickades eller sparades."
        else:
            n = count[followup.SENT]
            summary = ngettext("Klart: %(n)d påminnelse skickad", "Klart: %(n)d påminnelser skickade", n) % {
                "n": n
            }
            summary += ", " + no_email % {"n": count[followup.NO_EMAIL]} + "."
        self.stdout.write(summary)
