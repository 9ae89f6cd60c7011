"""python manage.py send_queued_mail

Sends every queued e-mail whose next attempt is due, in this process. The task worker does this on its
own (each failed mail queues its next attempt); this command is for the immediate task backend of
development and as a safety net from cron after a long outage. Exit code 1 if a mail still failed.
"""

from django.core.management.base import BaseCommand, CommandError

from trygg import mail


class Command(BaseCommand):
    help = "Skickar köad e-post som står på tur (e-post som inte gick att skicka förut prövas igen)."

    def handle(self, *args, **options):
        counts = mail.send_due_mail()
        sent, retry, gave_up = (counts.get(k, 0) for k in (mail.SENT, mail.RETRY, mail.GAVE_UP))
        self.stdout.write(
            f"Skickade: {sent}. Prövas igen senare: {retry}. Gav upp: {gave_up}. "
            f"Skickades redan av någon annan: {counts.get(mail.ALREADY_SENT, 0) + counts.get(mail.BUSY, 0)}."
        )
        if retry or gave_up:
            raise CommandError("E-postservern tog inte emot allt; se loggen.")
