"""python manage.py send_subscription_digests [--queue]

The residents' daily e-mail about what they follow (cycles.services.subscription): one per address
and day at most, none when nothing happened. Safe to run again the same day: nobody gets a second one.
Also deletes subscriptions that were not confirmed within a week.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from cycles.services import subscription
from cycles.tasks import send_subscription_digests


class Command(BaseCommand):
    help = (
        "Skickar dagens e-brev till invånare som följer arbetet: högst ett per adress och dag, och bara "
        "när något har hänt. Tar också bort prenumerationer som inte har bekräftats inom en vecka."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Lägg utskicket i uppgiftskön så att en bakgrundsprocess (db_worker) gör det.",
        )

    def handle(self, *args, **options):
        if options["queue"]:
            result = send_subscription_digests.enqueue()
            self.stdout.write(f"Utskicket ligger i uppgiftskön (id {result.id}).")
            return
        done = subscription.send_digests()
        sent = sum(1 for d in done if d.outcome == subscription.SENT)
        quiet = sum(1 for d in done if d.outcome == subscription.NOTHING_NEW)
        summary = ngettext("Klart: %(n)d e-brev skickat", "Klart: %(n)d e-brev skickade", sent) % {"n": sent}
        summary += ", " + ngettext("%(n)d adress utan nyheter", "%(n)d adresser utan nyheter", quiet) % {
            "n": quiet
        }
        self.stdout.write(summary + ".")
