"""The årshjul in the daily reminder e-mail (cycles.services.reminders, kind "yearwheel"): an entry
whose reminder window has come goes to the coordinators and the responsible actor's partner editors,
once, however many runs and days follow; not to whoever turned the kind off."""

import datetime

import pytest
from django.utils import timezone

from cycles.models import ReminderKind, ReminderSent, ReminderSettings
from cycles.services import reminders
from tests.actors.factories import ActorFactory
from tests.cycles.factories import YearWheelItemFactory, YearWheelRuleFactory, link_user_to_actor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.TRYGG_SITE_URL = "https://trygg.tingsryd.se/"


def _send(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.send_digests(today=day)


def _bodies(mailoutbox, address):
    return [m.body for m in mailoutbox if address in m.to]


def test_an_entry_is_reminded_once_to_coordinators_and_the_responsible_partner(
    coordinator, police_partner, other_partner, mailoutbox, django_capture_on_commit_callbacks
):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen"))
    link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    YearWheelItemFactory(
        title="Trygghetsvandring",
        on=TODAY + datetime.timedelta(days=10),
        remind_days_before=14,
        responsible_actor=police,
    )
    YearWheelItemFactory(title="Långt bort", on=TODAY + datetime.timedelta(days=40), remind_days_before=14)

    _send(TODAY, django_capture_on_commit_callbacks)
    _send(TODAY, django_capture_on_commit_callbacks)  # a second run the same day
    _send(TODAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks)  # and the next day

    for address in (coordinator.email, police_partner.email):
        bodies = _bodies(mailoutbox, address)
        assert len(bodies) == 1, address
        assert f"{ReminderKind.YEARWHEEL.label} (1)" in bodies[0]
        assert "”Trygghetsvandring” ska vara klart" in bodies[0] and "Ansvarig: Polisen." in bodies[0]
        assert "Långt bort" not in bodies[0]
    assert _bodies(mailoutbox, other_partner.email) == []
    assert ReminderSent.objects.filter(kind=ReminderKind.YEARWHEEL).count() == 2


def test_a_rule_is_reminded_with_a_link_to_its_page(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    on = TODAY + datetime.timedelta(days=3)
    YearWheelRuleFactory(
        title="Kolada", month=on.month, day=on.day, remind_days_before=7, link="/arbete/statistik/"
    )

    _send(TODAY, django_capture_on_commit_callbacks)

    (body,) = _bodies(mailoutbox, coordinator.email)
    assert "”Kolada” ska vara klart" in body and "https://trygg.tingsryd.se/arbete/statistik/" in body


def test_no_reminder_before_the_window_nor_with_0_days(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    YearWheelItemFactory(title="Om tre veckor", on=TODAY + datetime.timedelta(days=21), remind_days_before=14)
    YearWheelItemFactory(title="Utan påminnelse", on=TODAY + datetime.timedelta(days=1), remind_days_before=0)

    _send(TODAY, django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_no_reminder_when_the_kind_is_turned_off(coordinator, mailoutbox, django_capture_on_commit_callbacks):
    ReminderSettings.objects.create(user=coordinator, muted=[ReminderKind.YEARWHEEL])
    YearWheelItemFactory(on=TODAY + datetime.timedelta(days=2), remind_days_before=14)

    _send(TODAY, django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_the_kind_can_be_turned_off_in_mina_paminnelser(coordinator_client):
    wanted = [k for k in ReminderKind.values if k != ReminderKind.YEARWHEEL]

    page = coordinator_client.get("/arbete/paminnelser/").content.decode()
    coordinator_client.post("/arbete/paminnelser/", {"wanted": wanted, "loaded_at": ""})

    assert str(ReminderKind.YEARWHEEL.label) in page
    assert ReminderSettings.objects.get().muted == [ReminderKind.YEARWHEEL]
