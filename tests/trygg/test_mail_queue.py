"""E-mail through the queue (trygg.mail): stored first, sent by a task, tried again while the relay is
down, sent once; the task queue itself (trygg.tasks) and /readyz's view of it."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from trygg import mail
from trygg.models import OutgoingMail

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def relay_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(mail, "send_mail", refuse)
    return monkeypatch


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    return settings


def queue(to="sara@example.org"):
    return mail.queue_mail("Ämne", "Hej!\n\nLänk: https://trygg.example/x", [to], purpose="test")


def test_a_queued_mail_goes_out_when_the_transaction_commits_and_its_body_is_erased(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue()
        assert mailoutbox == []  # not before the commit

    assert [(m.subject, m.to, m.body) for m in mailoutbox] == [
        ("Ämne", ["sara@example.org"], "Hej!\n\nLänk: https://trygg.example/x")
    ]
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert (queued.attempts, queued.body, str(queued.status)) == (1, "", "Skickat")


def test_a_rolled_back_transaction_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert mailoutbox == []
    assert not OutgoingMail.objects.exists()


def test_relay_down_keeps_the_mail_and_says_when_it_tries_again(relay_down, mailoutbox, settings):
    settings.TRYGG_MAIL_RETRY_SECONDS = 60
    queued = queue()

    assert mail.deliver.call(queued.pk) == mail.RETRY

    queued.refresh_from_db()
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert "Connection refused" in queued.last_error
    assert queued.body  # kept until it is sent
    wait = queued.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < wait <= datetime.timedelta(seconds=60)
    assert str(queued.status) == "Väntar på att skickas"


def test_the_wait_doubles_up_to_an_hour(settings):
    settings.TRYGG_MAIL_RETRY_SECONDS = 60
    waits = [mail.retry_delay(n).total_seconds() for n in (1, 2, 3, 6, 7, 12)]
    assert waits == [60, 120, 240, 1920, 3600, 3600]


def test_the_worker_queue_gets_the_next_attempt_for_later(relay_down, database_queue):
    queued = queue()
    first = DBTaskResult.objects.get()
    assert first.task_path == "trygg.mail.deliver"
    assert first.args_kwargs == {"args": [queued.pk], "kwargs": {}}

    assert mail.deliver.call(queued.pk) == mail.RETRY

    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    queued.refresh_from_db()
    assert retry.task_path == "trygg.mail.deliver"
    assert abs(retry.run_after - queued.next_attempt_at) < datetime.timedelta(seconds=1)


def test_the_mail_arrives_once_the_relay_is_back(relay_down, mailoutbox, database_queue):
    queued = queue()
    mail.deliver.call(queued.pk)
    relay_down.undo()

    retry = DBTaskResult.objects.filter(run_after__lt=get_date_max()).get()  # the one for later
    assert mail.deliver.call(*retry.args_kwargs["args"]) == mail.SENT  # what the worker runs when it is due

    assert len(mailoutbox) == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 2
    assert mail.deliver.call(queued.pk) == mail.ALREADY_SENT  # a late duplicate task sends nothing
    assert len(mailoutbox) == 1


def test_it_gives_up_after_the_last_attempt_and_says_so_in_the_log(relay_down, settings, caplog):
    settings.TRYGG_MAIL_MAX_ATTEMPTS = 2
    queued = queue()
    assert [mail.deliver.call(queued.pk), mail.deliver.call(queued.pk)] == [mail.RETRY, mail.GAVE_UP]
    queued.refresh_from_db()
    assert queued.gave_up_at is not None and queued.next_attempt_at is None
    assert str(queued.status) == "Gick inte att skicka"
    assert any(r.levelname == "ERROR" and "Gave up sending" in r.message for r in caplog.records)
    assert mail.deliver.call(queued.pk) == mail.ALREADY_SENT


def test_send_queued_mail_sends_what_is_due_and_fails_loudly_while_the_relay_is_down(relay_down, mailoutbox):
    waiting = queue()
    later = queue("per@example.org")
    OutgoingMail.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1)
    )

    with pytest.raises(CommandError, match="tog inte emot allt"):
        call_command("send_queued_mail", stdout=io.StringIO())
    waiting.refresh_from_db()
    assert waiting.attempts == 1 and waiting.next_attempt_at > timezone.now()
    relay_down.undo()
    OutgoingMail.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)

    assert [m.to for m in mailoutbox] == [["sara@example.org"]]  # the other one's time has not come
    assert out.getvalue().startswith("Skickade: 1. Prövas igen senare: 0.")


def test_readyz_reports_a_task_that_waits_for_a_worker(client, database_queue):
    queue()
    assert client.get("/readyz").json()["tasks"] == "ok"  # just queued

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    answer = client.get("/readyz")

    assert answer.status_code == 503
    assert answer.json()["tasks"] == "unavailable"


def test_readyz_does_not_count_tasks_waiting_for_their_time(client, database_queue):
    queue()
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=10),
        run_after=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert client.get("/readyz").status_code == 200


def test_the_admin_lists_mail_without_its_body(admin_client):
    queue()
    page = admin_client.get("/admin/trygg/outgoingmail/")
    assert page.status_code == 200
    assert "Ämne" in page.content.decode()
    detail = admin_client.get(f"/admin/trygg/outgoingmail/{OutgoingMail.objects.get().pk}/change/")
    assert "trygg.example/x" not in detail.content.decode()


def test_the_dashboard_tells_coordinators_and_the_system_owner_about_mail_that_did_not_go_out(
    relay_down, coordinator, administrator, police_partner, settings
):
    def dashboard(user) -> str:
        client = Client()
        client.force_login(user)
        return client.get("/arbete/").content.decode()

    settings.TRYGG_MAIL_MAX_ATTEMPTS = 1
    assert "E-post som inte har gått fram" not in dashboard(coordinator)
    waiting, given_up = queue(), queue("per@example.org")
    OutgoingMail.objects.filter(pk=waiting.pk).update(attempts=1, last_error="ConnectionRefusedError")
    mail.deliver.call(given_up.pk)

    coordinator, owner, partner = (dashboard(u) for u in (coordinator, administrator, police_partner))

    assert "Ett e-postmeddelande väntar på att e-postservern ska ta emot det." in coordinator
    assert "Ett e-postmeddelande kunde inte skickas de senaste 30 dagarna." in coordinator
    assert "Se all utgående e-post" not in coordinator and "Se all utgående e-post" in owner
    assert "E-post som inte har gått fram" not in partner
