"""Follow-up services: starting, handing in, approving and reopening a measure's follow-up; and the
reminder e-mails (sent once per measure and period, never twice, the command's output)."""

import datetime
import io
import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cycles.models import (
    CommitmentKept,
    FollowUpReminder,
    FollowUpStatus,
    MeasureStatus,
)
from cycles.services import followup as followup_services
from tests.actors.factories import ActorFactory, ContactFactory
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpPeriodFactory,
    period_with_measures,
    public_measure,
    running_plan,
)
from trygg import mail
from trygg.models import OutgoingMail
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


CLOSES = datetime.date(2026, 1, 31)


IN_WINDOW = datetime.date(2026, 1, 20)  # 11 days before, the window opens 14 days before


@pytest.fixture
def period():
    plan = running_plan()
    return FollowUpPeriodFactory(
        cycle=plan.cycle, name="Uppföljning 2025", closes_on=CLOSES, remind_days_before=14
    )


def _measure(period, title, email="ansvarig@polisen.se", **kwargs):
    actor = ActorFactory(name=f"Aktör för {title}")
    contact = ContactFactory(actor=actor, name="Per Polis", email=email)
    plan = period.cycle.action_plans.get()
    return public_measure(plan=plan, title=title, lead_actor=actor, lead_contact=contact, **kwargs)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """send_due_reminders, with the queued e-mails delivered as they are when the transaction commits."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return followup_services.send_due_reminders(**kwargs)

    return run


@pytest.fixture
def run_command(django_capture_on_commit_callbacks):
    def run(*args) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return _run(*args)

    return run


def _run(*args) -> str:
    out = io.StringIO()
    call_command("send_followup_reminders", *args, stdout=out)
    return out.getvalue()


def test_start_follow_up_creates_one_commitment_per_partner(coordinator):
    period = period_with_measures(0)
    helper = ActorFactory()
    measure = public_measure(plan=period.cycle.action_plans.get(), contributors=[helper])
    follow_up = followup_services.start_follow_up(period=period, measure=measure, by=coordinator)
    again = followup_services.start_follow_up(period=period, measure=measure, by=coordinator)
    assert again == follow_up
    assert {c.actor for c in follow_up.commitments.all()} == {measure.lead_actor, helper}
    assert {c.kept for c in follow_up.commitments.all()} == {CommitmentKept.NOT_ASSESSED}


def test_start_follow_up_refuses_a_measure_of_another_cycle(coordinator):
    period = period_with_measures(0)
    with pytest.raises(ValidationError, match="ingår inte"):
        followup_services.start_follow_up(period=period, measure=public_measure(), by=coordinator)


def test_submit_needs_the_assessment_and_its_reason(coordinator):
    follow_up = FollowUpFactory(assessment="", assessment_reason="", effect_text="")
    with pytest.raises(ValidationError) as exc:
        followup_services.submit_follow_up(follow_up=follow_up, by=coordinator)
    assert "effekt på problemet" in exc.value.messages[0]
    assert "bedömning" in exc.value.messages[0]
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DRAFT


def test_follow_up_submit_approve_reopen(coordinator):
    follow_up = FollowUpFactory()
    followup_services.submit_follow_up(follow_up=follow_up, by=coordinator)
    followup_services.approve_follow_up(follow_up=follow_up, by=coordinator)
    assert follow_up.status == FollowUpStatus.APPROVED and follow_up.approved_by == coordinator
    with pytest.raises(ValidationError, match="Det går inte att ändra status"):
        followup_services.submit_follow_up(follow_up=follow_up, by=coordinator)
    followup_services.reopen_follow_up(follow_up=follow_up, by=coordinator, reason="Fel siffra")
    assert follow_up.status == FollowUpStatus.DRAFT and follow_up.approved_at is None


def test_sends_one_reminder_per_missing_follow_up_and_never_twice(period, mailoutbox, remind):
    measure = _measure(period, "Polisen i centrum")

    first = remind(today=IN_WINDOW)
    again = remind(today=IN_WINDOW + datetime.timedelta(days=1))

    assert [(r.measure, r.outcome) for r in first] == [(measure, followup_services.SENT)]
    assert again == []
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ansvarig@polisen.se"]
    assert (
        message.subject
        == "Påminnelse: uppföljningen av ”Polisen i centrum” ska vara inlämnad senast 2026-01-31"
    )
    assert "Uppföljning 2025" in message.body
    assert "om 11 dagar" in message.body
    assert f"/arbete/uppfoljning/{period.pk}/{measure.slug}/" in message.body
    reminder = FollowUpReminder.objects.get()
    assert (reminder.period, reminder.measure, reminder.sent_to) == (period, measure, "ansvarig@polisen.se")


def test_link_is_absolute_when_site_url_is_set(period, mailoutbox, remind, settings):
    settings.TRYGG_SITE_URL = "https://trygg.tingsryd.se/"
    measure = _measure(period, "Polisen i centrum")
    remind(today=IN_WINDOW)
    assert f"https://trygg.tingsryd.se/arbete/uppfoljning/{period.pk}/{measure.slug}/" in mailoutbox[0].body


@pytest.mark.parametrize(
    "today",
    [
        CLOSES - datetime.timedelta(days=15),  # before the window
        CLOSES + datetime.timedelta(days=1),  # after the last day
    ],
)
def test_nothing_outside_the_window(period, mailoutbox, today):
    _measure(period, "Polisen i centrum")
    assert followup_services.send_due_reminders(today=today) == []
    assert mailoutbox == []
    assert not FollowUpReminder.objects.exists()


@pytest.mark.parametrize("today", [CLOSES - datetime.timedelta(days=14), CLOSES])
def test_the_window_includes_its_first_and_last_day(period, mailoutbox, today):
    _measure(period, "Polisen i centrum")
    assert [r.outcome for r in followup_services.send_due_reminders(today=today)] == [followup_services.SENT]


def test_no_reminders_when_the_period_says_zero_days(period, mailoutbox):
    period.remind_days_before = 0
    period.save()
    _measure(period, "Polisen i centrum")
    assert followup_services.send_due_reminders(today=CLOSES) == []


def test_handed_in_follow_ups_get_none_drafts_and_cancelled_measures_do(period, mailoutbox, remind):
    submitted = _measure(period, "Inlämnad", email="a@example.org")
    approved = _measure(period, "Godkänd", email="b@example.org")
    draft = _measure(period, "Utkast", email="c@example.org")
    cancelled = _measure(period, "Avbruten", email="d@example.org", status=MeasureStatus.CANCELLED)
    internal = _measure(period, "Intern", email="e@example.org", visibility=Visibility.INTERNAL)
    FollowUpFactory(period=period, measure=submitted, status=FollowUpStatus.SUBMITTED)
    FollowUpFactory(period=period, measure=approved, status=FollowUpStatus.APPROVED)
    FollowUpFactory(period=period, measure=draft, status=FollowUpStatus.DRAFT)

    done = remind(today=IN_WINDOW)

    assert sorted(r.measure.title for r in done) == ["Avbruten", "Intern", "Utkast"]
    assert sorted(m.to[0] for m in mailoutbox) == ["c@example.org", "d@example.org", "e@example.org"]
    assert {r.measure for r in FollowUpReminder.objects.all()} == {draft, cancelled, internal}


def test_measures_of_another_cycle_are_not_reminded(period, mailoutbox):
    other = public_measure(lead_contact=ContactFactory(email="annan@example.org"))
    assert other.plan.cycle != period.cycle
    assert followup_services.send_due_reminders(today=IN_WINDOW) == []


def test_dry_run_sends_and_stores_nothing(period, mailoutbox):
    _measure(period, "Polisen i centrum")
    output = _run("--today", IN_WINDOW.isoformat(), "--dry-run")
    assert "Skulle skickas: ”Polisen i centrum” (Uppföljning 2025) till ansvarig@polisen.se" in output
    assert "Provkörning: 1 påminnelse skulle skickas, 0 åtgärder saknar e-post. Inget skickades" in output
    assert mailoutbox == []
    assert not FollowUpReminder.objects.exists()


def test_command_prints_one_line_per_reminder_and_a_summary(period, mailoutbox, run_command):
    _measure(period, "Polisen i centrum")
    _measure(period, "Trygghetsvandring", email="")
    output = run_command("--today", IN_WINDOW.isoformat())
    assert output.splitlines() == [
        "Skickad: ”Polisen i centrum” (Uppföljning 2025) till ansvarig@polisen.se",
        "Saknar e-post: ”Trygghetsvandring” (Uppföljning 2025), ansvarig aktör Aktör för Trygghetsvandring",
        "Klart: 1 påminnelse skickad, 1 åtgärd saknar e-post.",
    ]
    # The measure without e-mail is listed again the next day; the other is not sent twice.
    assert run_command("--today", IN_WINDOW.isoformat()).splitlines() == [
        "Saknar e-post: ”Trygghetsvandring” (Uppföljning 2025), ansvarig aktör Aktör för Trygghetsvandring",
        "Klart: 0 påminnelser skickade, 1 åtgärd saknar e-post.",
    ]
    assert len(mailoutbox) == 1


def test_measure_without_a_lead_contact_is_listed_as_lacking_e_mail(period, mailoutbox):
    public_measure(plan=period.cycle.action_plans.get(), title="Utan kontakt", lead_contact=None)
    output = _run("--today", IN_WINDOW.isoformat())
    assert "Saknar e-post: ”Utan kontakt”" in output
    assert not FollowUpReminder.objects.exists()


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        _run("--today", "31/1")


def test_a_reminder_survives_a_mail_relay_that_is_down(period, mailoutbox, monkeypatch, run_command):
    """The reminder is stored with its queued mail; the queue keeps it until the relay answers."""
    _measure(period, "Polisen i centrum")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("relay down")

    monkeypatch.setattr(mail, "send_mail", refuse)
    output = run_command("--today", IN_WINDOW.isoformat())
    assert "Klart: 1 påminnelse skickad" in output
    waiting = OutgoingMail.objects.get()
    assert (waiting.sent_at, waiting.attempts, waiting.to) == (None, 1, ["ansvarig@polisen.se"])
    assert "relay down" in waiting.last_error
    assert FollowUpReminder.objects.count() == 1
    assert mailoutbox == []

    monkeypatch.undo()
    OutgoingMail.objects.update(next_attempt_at=None)  # the retry is due
    assert mail.send_due_mail() == {mail.SENT: 1}
    assert [m.to for m in mailoutbox] == [["ansvarig@polisen.se"]]
    again = run_command("--today", IN_WINDOW.isoformat())
    assert again.splitlines() == ["Klart: 0 påminnelser skickade, 0 åtgärder saknar e-post."]
    assert len(mailoutbox) == 1


def test_a_reminder_row_written_meanwhile_stops_the_send(period, mailoutbox, monkeypatch):
    """Another run stored the row after this run listed the measure: this one sends nothing."""
    measure = _measure(period, "Polisen i centrum")
    listed = list(followup_services.measures_to_remind(period))
    FollowUpReminder.objects.create(period=period, measure=measure, sent_to="ansvarig@polisen.se")
    monkeypatch.setattr(followup_services, "measures_to_remind", lambda p: listed)

    assert [r.outcome for r in followup_services.send_due_reminders(today=IN_WINDOW)] == [
        followup_services.ALREADY_SENT
    ]
    assert mailoutbox == []


def test_losing_the_race_for_the_unique_row_sends_nothing(period, mailoutbox, monkeypatch):
    """Two runs at once: both find no row, the other one inserts first, this one's insert hits the unique
    constraint (IntegrityError) and it sends nothing."""
    measure = _measure(period, "Polisen i centrum")
    create = FollowUpReminder.objects.create

    def other_run_first(**kwargs):
        create(period=period, measure=measure, sent_to="ansvarig@polisen.se")
        return create(period=kwargs["period"], measure=kwargs["measure"], **kwargs["defaults"])

    monkeypatch.setattr(FollowUpReminder.objects, "get_or_create", other_run_first)
    assert [r.outcome for r in followup_services.send_due_reminders(today=IN_WINDOW)] == [
        followup_services.ALREADY_SENT
    ]
    assert mailoutbox == []
