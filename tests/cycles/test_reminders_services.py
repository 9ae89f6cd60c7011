"""The daily reminder e-mail (cycles.services.reminders, `send_reminders`, the task) and "Mina
påminnelser" (/arbete/paminnelser/): one digest per person and day naming every item once, with
absolute links straight to the page; muted kinds left out; partners get their own organisation's
items (contributors their parts), coordinators the approvals and what nobody else is reminded of."""

import datetime
import io
import re
import threading
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from cycles.models import (
    Measure,
    MeasureStatus,
    MeasureTextChange,
    Milestone,
    ReminderKind,
    ReminderSent,
    ReminderSettings,
)
from cycles.services import reminders
from cycles.tasks import send_reminder_digests
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    MeasureUpdateFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.personas import ALL_PERSONAS
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OLD = TODAY - datetime.timedelta(days=120)
SITE = "https://trygg.tingsryd.se"


def _stale(measure):
    Measure.objects.filter(pk=measure.pk).update(last_update_on=OLD)
    measure.last_update_on = OLD
    return measure


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.TRYGG_SITE_URL = SITE + "/"


@pytest.fixture
def world(coordinator, police_partner, other_partner):
    """Polisen (Per) leads a stale measure with two overdue milestones, one of them Bostadsbolaget's
    (Bodil's) part, a measure past its end date with a lägesrapport waiting for review, and a measure
    whose follow-up is due; Räddningstjänsten, where nobody has an account, leads a stale measure; a
    partner's new text waits for review."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    rescue = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    centre = _stale(
        public_measure(plan=plan, lead_actor=police, title="Polisen i centrum", contributors=[housing])
    )
    ended = public_measure(
        plan=plan, lead_actor=police, title="Kameror vid stationen", end_date=TODAY - datetime.timedelta(1)
    )
    school = _stale(public_measure(plan=plan, lead_actor=rescue, title="Brandskydd i skolan"))
    lamps = Milestone.objects.create(
        measure=centre, title="Lampor beställda", due_on=TODAY - datetime.timedelta(3)
    )
    walk = Milestone.objects.create(
        measure=centre,
        title="Vandring med hyresgäster",
        responsible=housing,
        due_on=TODAY - datetime.timedelta(1),
    )
    Milestone.objects.create(measure=centre, title="Klart delmål", due_on=OLD, done_on=OLD)
    Milestone.objects.create(measure=centre, title="Kommande delmål", due_on=TODAY + datetime.timedelta(9))
    followup_plan = running_plan()
    roads = public_measure(
        plan=followup_plan,
        lead_actor=police,
        lead_contact=police_partner.actor_contact,
        title="Trygga skolvägar",
    )
    period = FollowUpPeriodFactory(
        cycle=followup_plan.cycle, name="Uppföljning 2026", closes_on=TODAY + datetime.timedelta(5)
    )
    update = MeasureUpdateFactory(
        measure=ended, author=police_partner, approved_at=None, needs_approval=True, date=TODAY
    )
    text = MeasureTextChange.objects.create(measure=centre, text="Ny text.", author=police_partner)
    return {
        "police": police,
        "housing": housing,
        "centre": centre,
        "ended": ended,
        "school": school,
        "roads": roads,
        "lamps": lamps,
        "walk": walk,
        "period": period,
        "update": update,
        "text": text,
    }


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send_digests, with the queued e-mails delivered as they are when the transaction commits."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_digests(**kwargs)

    return run


def _mail_to(mailoutbox, user) -> mail.EmailMessage:
    (message,) = [m for m in mailoutbox if m.to == [user.email]]
    return message


def _sent(user) -> set[tuple[str, str]]:
    return set(ReminderSent.objects.filter(user=user, sent_on=TODAY).values_list("kind", "item"))


# --- The digest -----------------------------------------------------------------------------------


def test_the_digest_names_each_item_once_per_person_and_day(
    world, send, mailoutbox, coordinator, police_partner, other_partner
):
    first = send()
    again = send()

    assert [(d.user, d.outcome) for d in first] == [
        (other_partner, reminders.SENT),
        (police_partner, reminders.SENT),
        (coordinator, reminders.SENT),
    ]
    assert [d.outcome for d in again] == [reminders.ALREADY_SENT] * 3
    assert len(mailoutbox) == 3
    w = world
    assert _sent(police_partner) == {
        ("stale", f"measure:{w['centre'].pk}"),
        ("milestone", f"milestone:{w['lamps'].pk}"),
        ("end_date", f"measure:{w['ended'].pk}"),
        ("followup", f"followup:{w['period'].pk}:{w['roads'].pk}"),
    }
    assert _sent(other_partner) == {("milestone", f"milestone:{w['walk'].pk}")}
    assert _sent(coordinator) == {
        ("stale", f"measure:{w['school'].pk}"),
        ("approval", f"update:{w['update'].pk}"),
        ("approval", f"text:{w['text'].pk}"),
    }
    body = _mail_to(mailoutbox, police_partner).body
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert [line.split(":")[0].split("”")[1] for line in lines] == [
        "Polisen i centrum",
        "Lampor beställda",
        "Kameror vid stationen",
        "Trygga skolvägar",
    ]
    assert "Kommande delmål" not in body and "Klart delmål" not in body


def test_the_digest_reads_in_plain_swedish_with_one_section_per_kind(world, send, mailoutbox, police_partner):
    send()

    message = _mail_to(mailoutbox, police_partner)
    assert message.subject == f"Trygg i Tingsryds kommun: 4 saker väntar på dig {TODAY.isoformat()}"
    body = message.body
    assert body.startswith(f"Hej {police_partner.get_full_name()}!")
    headings = [line for line in body.splitlines() if re.fullmatch(r".+ \(\d+\)", line)]
    assert headings == [
        f"{ReminderKind.STALE.label} (1)",
        f"{ReminderKind.MILESTONE.label} (1)",
        f"{ReminderKind.END_DATE.label} (1)",
        f"{ReminderKind.FOLLOWUP.label} (1)",
    ]
    assert f"- ”Polisen i centrum” (Polisen LPO Nybro): den senaste lägesrapporten är från {OLD}." in body
    assert (
        f"- ”Kameror vid stationen” (Polisen LPO Nybro) skulle vara klar {TODAY - datetime.timedelta(1)} "
        "men har status ”Pågår”." in body
    )
    assert f"uppföljningen för Uppföljning 2026 ska lämnas in senast {TODAY + datetime.timedelta(5)}" in body
    assert f"{SITE}/arbete/paminnelser/" in body


def test_links_are_absolute_and_lead_straight_to_the_page(world, send, mailoutbox, police_partner, client):
    send()

    body = _mail_to(mailoutbox, police_partner).body
    links = re.findall(r"^  (\S+)$", body, flags=re.MULTILINE)
    w = world
    assert links == [
        f"{SITE}/arbete/atgarder/{w['centre'].slug}/rapport/",
        f"{SITE}/arbete/atgarder/{w['centre'].slug}/delmal/",
        f"{SITE}/arbete/atgarder/{w['ended'].slug}/rapport/",
        f"{SITE}/arbete/uppfoljning/{w['period'].pk}/{w['roads'].slug}/",
    ]
    client.force_login(police_partner)
    for link in links:
        assert client.get(link.removeprefix(SITE)).status_code == 200, link


def test_a_contributing_partner_gets_only_its_own_parts(world, send, mailoutbox, other_partner, client):
    send()

    body = _mail_to(mailoutbox, other_partner).body
    assert "”Vandring med hyresgäster” i ”Polisen i centrum” (Bostadsbolaget) skulle vara klart" in body
    assert "Lampor beställda" not in body and "Kameror vid stationen" not in body
    assert f"{ReminderKind.MILESTONE.label} (1)" in body
    assert str(ReminderKind.STALE.label) not in body and str(ReminderKind.END_DATE.label) not in body
    link = re.findall(r"^  (\S+)$", body, flags=re.MULTILINE)[0]
    client.force_login(other_partner)
    assert client.get(link.removeprefix(SITE)).status_code == 200


def test_coordinators_get_the_approvals_and_what_nobody_else_is_reminded_of(
    world, send, mailoutbox, coordinator, police_partner
):
    send()

    body = _mail_to(mailoutbox, coordinator).body
    w = world
    assert (
        f"Lägesrapport om ”Kameror vid stationen” från {police_partner.get_full_name()} (Polisen LPO Nybro)"
        in (body)
    )
    assert f"{SITE}/arbete/atgarder/rapporter/{w['update'].pk}/godkann/" in body
    assert f"{SITE}/arbete/atgarder/texter/{w['text'].pk}/granska/" in body
    assert "”Brandskydd i skolan” (Räddningstjänsten)" in body
    assert "(Ingen hos Räddningstjänsten får påminnelser.)" in body
    assert "Polisen i centrum” (Polisen LPO Nybro): den senaste" not in body
    assert "granska" not in _mail_to(mailoutbox, police_partner).body


def test_muted_kinds_are_left_out(world, send, mailoutbox, police_partner, other_partner):
    ReminderSettings.objects.create(user=police_partner, muted=["stale", "followup"])
    ReminderSettings.objects.create(user=other_partner, muted=list(ReminderKind.values))

    done = send()

    assert other_partner not in [d.user for d in done]
    assert [m.to for m in mailoutbox].count([other_partner.email]) == 0
    body = _mail_to(mailoutbox, police_partner).body
    assert "Lampor beställda" in body and "Kameror vid stationen" in body
    assert "den senaste lägesrapporten" not in body and "Trygga skolvägar" not in body
    assert {kind for kind, _item in _sent(police_partner)} == {"milestone", "end_date"}


def test_no_mail_when_nothing_is_due(send, mailoutbox, coordinator, police_partner):
    actor = link_user_to_actor(police_partner)
    public_measure(lead_actor=actor, end_date=TODAY + datetime.timedelta(30))

    assert send() == []
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_done_measures_and_draft_plans_are_not_reminded(send, mailoutbox, police_partner):
    actor = link_user_to_actor(police_partner)
    _stale(public_measure(lead_actor=actor, status=MeasureStatus.DONE, end_date=OLD))
    _stale(public_measure(lead_actor=actor, plan=running_plan(status="draft"), end_date=OLD))

    assert send() == []
    assert mailoutbox == []


def test_what_falls_due_after_todays_digest_waits_for_tomorrows(world, send, mailoutbox, coordinator):
    send()
    late = MeasureUpdateFactory(measure=world["centre"], approved_at=None, needs_approval=True)

    again = send()

    assert [d.outcome for d in again if d.user == coordinator] == [reminders.ALREADY_SENT]
    assert len(mailoutbox) == 3
    assert ("approval", f"update:{late.pk}") not in _sent(coordinator)


def test_the_next_day_names_what_is_still_due_again(world, send, mailoutbox, police_partner):
    send()
    tomorrow = send(today=TODAY + datetime.timedelta(1))

    assert {d.outcome for d in tomorrow} == {reminders.SENT}
    assert len(mailoutbox) == 6
    assert (
        ReminderSent.objects.filter(user=police_partner, sent_on=TODAY + datetime.timedelta(1)).count() == 4
    )


def test_a_person_without_an_e_mail_address_is_reported_and_gets_nothing(
    world, send, mailoutbox, other_partner
):
    other_partner.email = ""
    other_partner.save()
    other_partner.actor_contact.email = ""
    other_partner.actor_contact.save()

    done = send()

    assert [d.outcome for d in done if d.user == other_partner] == [reminders.NO_EMAIL]
    assert not ReminderSent.objects.filter(user=other_partner).exists()
    assert len(mailoutbox) == 2


def test_the_contacts_address_is_used_when_the_account_has_none(world, send, mailoutbox, other_partner):
    other_partner.email = ""
    other_partner.save()

    send()

    assert [other_partner.actor_contact.email] in [m.to for m in mailoutbox]


def test_inactive_accounts_and_board_readers_get_nothing(world, send, mailoutbox, other_partner):
    other_partner.is_active = False
    other_partner.save()
    reader = UserFactory(username="lasaren", roles=[Role.BOARD_READER])
    link_user_to_actor(reader, world["police"])

    done = send()

    assert [d.user.username for d in done] == ["per", "sara"]
    # Bostadsbolaget has nobody left, so its milestone goes to the coordinators.
    assert "Ingen hos Bostadsbolaget får påminnelser" in _mail_to(mailoutbox, done[1].user).body


def test_a_dry_run_sends_and_stores_nothing(world, send, mailoutbox):
    done = send(dry_run=True)

    assert {d.outcome for d in done} == {reminders.WOULD_SEND}
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_follow_up_reminders_still_go_out_on_their_own(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followup_reminders", stdout=io.StringIO())
        call_command("send_reminders", stdout=io.StringIO())

    subjects = [m.subject for m in mailoutbox]
    closes = TODAY + datetime.timedelta(5)
    assert (
        subjects.count(f"Påminnelse: uppföljningen av ”Trygga skolvägar” ska vara inlämnad senast {closes}")
        == 1
    )
    assert len([s for s in subjects if "väntar på dig" in s]) == 3


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_e_mail_each(world, monkeypatch, mailoutbox):
    real_queue_mail = reminders.queue_mail

    def slow_queue_mail(*args, **kwargs):
        time.sleep(0.3)  # hold the rows uncommitted while the other run tries to write them
        return real_queue_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "queue_mail", slow_queue_mail)
    outcomes, errors = [], []

    def run():
        try:
            outcomes.append(sorted(d.outcome for d in reminders.send_digests()))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(o for run in outcomes for o in run).count(reminders.SENT) == 3
    assert len(mailoutbox) == 3
    assert ReminderSent.objects.count() == 8


# --- The command and the task ---------------------------------------------------------------------


def _command(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_says_what_it_sent(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        output = _command()

    assert "Skickad till per@example.org: 4 påminnelser" in output
    assert "Skickad till bodil@example.org: 1 påminnelse" in output
    assert output.rstrip().endswith("Klart: 3 e-postmeddelanden skickade, 0 personer saknar e-post.")
    assert "Redan skickad i dag: per" in _command()
    assert len(mailoutbox) == 3


def test_the_command_dry_run_and_another_day(world, mailoutbox):
    output = _command("--dry-run", "--today", (TODAY + datetime.timedelta(1)).isoformat())

    assert "Skulle skickas till per@example.org: 4 påminnelser" in output
    assert "Provkörning: 3 e-postmeddelanden skulle skickas" in output
    assert mailoutbox == [] and not ReminderSent.objects.exists()


def test_the_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        _command("--today", "1/12/2026")


def test_the_task_sends_the_digests(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminder_digests.enqueue()

    assert result.return_value == {reminders.SENT: 3}
    assert len(mailoutbox) == 3


def test_the_command_can_leave_the_work_to_a_worker(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        output = _command("--queue")

    assert "Påminnelserna ligger i uppgiftskön" in output
    assert len(mailoutbox) == 3  # the immediate backend of the tests runs it at once


# --- Mina påminnelser -----------------------------------------------------------------------------

URL = "/arbete/paminnelser/"

ACCESS = {
    "client": 302,
    "coordinator_client": 200,
    "police_partner_client": 200,
    "other_partner_client": 200,
    "board_client": 403,
    "admin_client": 403,
    "no_role_client": 403,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_settings_page_permission_matrix(persona, request):
    name = request.node.callspec.params["persona"]

    get = persona.get(URL)
    post = persona.post(URL, {"wanted": ["stale"], "loaded_at": ""})

    assert get.status_code == ACCESS[name]
    assert post.status_code == (302 if ACCESS[name] == 200 else ACCESS[name])
    if name == "client":
        assert "/konto/" in get["Location"]
    assert ReminderSettings.objects.exists() is (ACCESS[name] == 200)


@pytest.mark.parametrize(
    "persona,shown",
    [("coordinator_client", True), ("police_partner_client", True), ("board_client", False)],
    indirect=["persona"],
)
def test_settings_page_is_in_the_workspace_menu(persona, shown):
    html = persona.get("/arbete/").content.decode()
    assert ('href="/arbete/paminnelser/">Mina påminnelser</a>' in html) is shown


def _checked(response) -> list[str]:
    return re.findall(
        r'<input type="checkbox" name="wanted" value="(\w+)"[^>]*checked', response.content.decode()
    )


def test_every_reminder_is_on_until_the_user_turns_it_off(police_partner_client):
    response = police_partner_client.get(URL)

    assert _checked(response) == list(ReminderKind.values)
    html = response.content.decode()
    assert "<legend" in html and "Påminn mig om" in html
    assert "Påminnelserna skickas till <strong>per@example.org</strong>." in html


def test_the_settings_keep_their_state_and_the_digest_follows_them(
    world, police_partner_client, send, mailoutbox
):
    page = police_partner_client.get(URL)
    wanted = [k for k in ReminderKind.values if k not in ("stale", "end_date")]

    response = police_partner_client.post(
        URL, {"wanted": wanted, "loaded_at": page.context["form"]["loaded_at"].value()}, follow=True
    )

    assert "Dina val är sparade." in response.content.decode()
    assert _checked(response) == wanted
    assert ReminderSettings.objects.get(user=police_partner_client.user).muted == ["stale", "end_date"]
    send()
    assert {kind for kind, _item in _sent(police_partner_client.user)} == {"milestone", "followup"}


def test_turning_everything_off_says_no_e_mail_comes(police_partner_client):
    response = police_partner_client.post(URL, {"loaded_at": ""}, follow=True)

    assert "Du får inga påminnelser med e-post." in response.content.decode()
    assert ReminderSettings.objects.get().muted == list(ReminderKind.values)


def test_a_choice_saved_meanwhile_in_another_tab_is_not_overwritten(police_partner_client):
    first_tab = police_partner_client.get(URL).context["form"]["loaded_at"].value()
    police_partner_client.post(URL, {"wanted": ["approval"], "loaded_at": first_tab})

    response = police_partner_client.post(URL, {"wanted": ["stale"], "loaded_at": first_tab})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här medan du redigerade." in html
    assert _checked(response) == ["stale"]  # what was ticked is kept
    assert ReminderSettings.objects.get().muted == [k for k in ReminderKind.values if k != "approval"]


def test_an_unknown_choice_is_refused_and_nothing_is_saved(police_partner_client):
    response = police_partner_client.post(URL, {"wanted": ["allt"], "loaded_at": ""})

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_the_page_says_when_the_account_has_no_e_mail(police_partner_client):
    police_partner_client.user.email = ""
    police_partner_client.user.save()

    html = police_partner_client.get(URL).content.decode()

    assert "Ditt konto har ingen e-postadress, så du får inga påminnelser." in html
