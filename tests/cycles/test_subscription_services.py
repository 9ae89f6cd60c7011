"""Following the work by e-mail (cycles.services.subscription): double opt-in per subscription, the
daily digest for each kind of target, once a day and only when something happened, never anything
internal, unapproved or unpublished, and an unsubscribe that leaves no trace of the address."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from cycles.models import MeasureStatus, Subscriber, Subscription, SubscriptionKind
from cycles.services import subscription as services
from cycles.tasks import send_subscription_digests
from tests.cycles.factories import (
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    finalise,
    public_measure,
    published_report,
    running_plan,
)
from tests.lagesbild.factories import AreaFactory, PlaceFactory
from trygg.models import OutgoingMail
from trygg.review import Review
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

SITE = "https://trygg.tingsryd.se"
EMAIL = "anna@example.se"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.TRYGG_SITE_URL = SITE


def follower(kind=SubscriptionKind.EVERYTHING, target=None, *, email=EMAIL, days_ago=2) -> Subscription:
    """A subscription confirmed `days_ago` days ago (made as the services would, then confirmed)."""
    subscriber = services.subscriber_for(email)
    subscription = Subscription.objects.create(subscriber=subscriber, **services.target_fields(kind, target))
    subscription.confirmed_at = timezone.now() - datetime.timedelta(days=days_ago)
    subscription.save(update_fields=["confirmed_at"])
    return subscription


def digests() -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(purpose=services.PURPOSE_DIGEST).order_by("pk"))


def confirm_token(mail: OutgoingMail) -> str:
    return re.search(r"/folj/bekrafta/([\w-]+)/", mail.body).group(1)


@pytest.fixture
def ryd():
    """Ryd with a place, and public measures: one in Ryd at Rydsparken, one elsewhere."""
    area = AreaFactory(name="Ryd", slug="ryd")
    park = PlaceFactory(name="Rydsparken", slug="rydsparken", area=area)
    plan = running_plan()
    in_ryd = public_measure(plan=plan, title="Belysning i Rydsparken", slug="belysning-ryd")
    in_ryd.areas.add(area)
    in_ryd.places.add(park)
    elsewhere = public_measure(plan=plan, title="Fältassistenter i Tingsryd", slug="falt")
    return {"area": area, "place": park, "plan": plan, "in_ryd": in_ryd, "elsewhere": elsewhere}


# --- Double opt-in -----------------------------------------------------------------------------------


def test_subscribing_stores_an_unconfirmed_subscription_and_mails_a_confirmation_link(ryd):
    outcome = services.subscribe(email=" Anna@Example.SE ", kind=SubscriptionKind.AREA, target=ryd["area"])

    assert outcome == services.CONFIRMATION_SENT
    subscription = Subscription.objects.get()
    stored = (subscription.subscriber.email, subscription.kind, subscription.area, subscription.confirmed_at)
    assert stored == (
        "Anna@example.se",
        SubscriptionKind.AREA,
        ryd["area"],
        None,
    )
    mail = OutgoingMail.objects.get()
    assert mail.to == ["Anna@example.se"]
    assert mail.purpose == "subscription"
    assert "området Ryd" in mail.subject
    assert f"{SITE}/folj/bekrafta/{subscription.confirm_token}/" in mail.body
    unsubscribe = f"{SITE}/folj/avsluta/{subscription.subscriber.token}/"
    assert unsubscribe in mail.body
    assert mail.headers == {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_nothing_is_sent_to_an_unconfirmed_subscription(ryd):
    services.subscribe(email=EMAIL, kind=SubscriptionKind.EVERYTHING)
    MeasureUpdateFactory(measure=ryd["in_ryd"])

    assert [d.outcome for d in services.send_digests()] == []
    assert digests() == []


def test_confirming_marks_the_subscription_and_a_second_click_is_harmless(ryd):
    services.subscribe(email=EMAIL, kind=SubscriptionKind.PLACE, target=ryd["place"])
    token = confirm_token(OutgoingMail.objects.get())

    first = services.confirm(token=token)
    confirmed_at = first.confirmed_at
    again = services.confirm(token=token)

    assert first.pk == again.pk
    assert confirmed_at is not None
    assert again.confirmed_at == confirmed_at
    assert services.confirm(token="not-a-token") is None


def test_each_new_subscription_needs_its_own_confirmation(ryd):
    """An address that follows something cannot be given more to follow by someone who knows it."""
    services.subscribe(email=EMAIL, kind=SubscriptionKind.AREA, target=ryd["area"])
    services.confirm(token=confirm_token(OutgoingMail.objects.get()))

    services.subscribe(email=EMAIL, kind=SubscriptionKind.EVERYTHING)

    everything = Subscription.objects.get(kind=SubscriptionKind.EVERYTHING)
    assert everything.confirmed_at is None
    assert Subscriber.objects.count() == 1
    second = OutgoingMail.objects.order_by("pk").last()
    assert confirm_token(second) == everything.confirm_token


def test_asking_again_for_what_is_followed_sends_a_note_not_a_new_confirmation(ryd):
    follower(SubscriptionKind.AREA, ryd["area"])

    outcome = services.subscribe(email=EMAIL.upper(), kind=SubscriptionKind.AREA, target=ryd["area"])

    assert outcome == services.ALREADY_FOLLOWING
    mail = OutgoingMail.objects.get()
    assert "du följer redan området Ryd" in mail.subject
    assert "/folj/bekrafta/" not in mail.body
    assert Subscription.objects.count() == 1


def test_a_confirmation_link_older_than_a_week_does_not_work(ryd):
    services.subscribe(email=EMAIL, kind=SubscriptionKind.EVERYTHING)
    token = confirm_token(OutgoingMail.objects.get())

    later = timezone.now() + datetime.timedelta(days=services.CONFIRM_DAYS, minutes=1)
    assert services.confirm(token=token, now=later) is None
    assert Subscription.objects.get().confirmed_at is None


# --- What a digest holds, for each kind of target ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "target", "expected"),
    [
        (SubscriptionKind.EVERYTHING, None, ["Belysning i Rydsparken", "Fältassistenter i Tingsryd"]),
        (SubscriptionKind.AREA, "area", ["Belysning i Rydsparken"]),
        (SubscriptionKind.PLACE, "place", ["Belysning i Rydsparken"]),
        (SubscriptionKind.MEASURE, "elsewhere", ["Fältassistenter i Tingsryd"]),
    ],
)
def test_a_digest_names_the_approved_updates_of_what_is_followed(ryd, kind, target, expected):
    follower(kind, ryd[target] if target else None)
    MeasureUpdateFactory(measure=ryd["in_ryd"], text="Nya lampor är uppsatta.", progress=60)
    MeasureUpdateFactory(measure=ryd["elsewhere"], text="Fältassistenterna har börjat.", progress=20)

    done = services.send_digests()

    assert [d.outcome for d in done] == [services.SENT]
    (mail,) = digests()
    titles = ("Belysning i Rydsparken", "Fältassistenter i Tingsryd")
    named = [title for title in titles if title in mail.body]
    assert named == expected
    assert mail.to == [EMAIL]
    update = ryd["in_ryd"].updates.get() if "Belysning i Rydsparken" in expected else None
    if update is not None:
        assert f"{SITE}/atgarder/belysning-ryd/#rapport-{update.pk}" in mail.body
        assert "60 % klart. Nya lampor är uppsatta." in mail.body


def test_a_digest_names_a_status_change_of_a_followed_measure(ryd):
    follower(SubscriptionKind.AREA, ryd["area"])
    measure = ryd["in_ryd"]
    measure.status = MeasureStatus.PAUSED
    measure.save()

    services.send_digests()

    (mail,) = digests()
    assert "”Belysning i Rydsparken” har bytt status från pågår till pausad" in mail.body
    assert f"{SITE}/atgarder/belysning-ryd/" in mail.body


def test_a_digest_names_a_newly_published_report_that_follows_up_a_followed_measure(ryd):
    period = FollowUpPeriodFactory(cycle=ryd["plan"].cycle)
    FollowUpFactory(period=period, measure=ryd["in_ryd"])
    report = published_report(FollowUpReportFactory(period=period, title="Uppföljning av Ryd 2025"))
    follower(SubscriptionKind.PLACE, ryd["place"])
    follower(SubscriptionKind.MEASURE, ryd["elsewhere"], email="bo@example.se")

    services.send_digests()

    (mail,) = digests()
    assert mail.to == [EMAIL]
    assert "Ny uppföljningsrapport: ”Uppföljning av Ryd 2025”" in mail.body
    assert f"{SITE}/uppfoljning/{report.pk}/" in mail.body


def test_a_digest_names_each_event_once_however_many_subscriptions_cover_it(ryd):
    follower(SubscriptionKind.EVERYTHING)
    follower(SubscriptionKind.AREA, ryd["area"])
    follower(SubscriptionKind.MEASURE, ryd["in_ryd"])
    update = MeasureUpdateFactory(measure=ryd["in_ryd"])

    services.send_digests()

    (mail,) = digests()
    assert mail.body.count(f"#rapport-{update.pk}") == 1
    assert "Du följer: allt arbete för trygghet, området Ryd, åtgärden ”Belysning i Rydsparken”." in mail.body


def test_what_happened_before_confirming_is_not_in_the_digest(ryd):
    MeasureUpdateFactory(measure=ryd["in_ryd"], approved_at=timezone.now() - datetime.timedelta(days=3))
    follower(SubscriptionKind.AREA, ryd["area"], days_ago=1)

    assert [d.outcome for d in services.send_digests()] == [services.NOTHING_NEW]
    assert digests() == []


# --- Once a day, and only when something happened ----------------------------------------------------


def test_a_digest_is_sent_once_a_day_however_often_the_task_runs(ryd):
    follower(SubscriptionKind.AREA, ryd["area"])
    MeasureUpdateFactory(measure=ryd["in_ryd"])

    first = send_subscription_digests.call()
    MeasureUpdateFactory(measure=ryd["in_ryd"])  # something new the same day
    second = send_subscription_digests.call()

    assert (first, second) == ({services.SENT: 1}, {})
    assert len(digests()) == 1
    assert Subscriber.objects.get().last_digest_on == timezone.localdate()


def test_the_next_day_the_digest_holds_only_what_came_after_the_last_one(ryd):
    follower(SubscriptionKind.AREA, ryd["area"])
    first = MeasureUpdateFactory(measure=ryd["in_ryd"])
    services.send_digests()
    second = MeasureUpdateFactory(measure=ryd["in_ryd"], approved_at=timezone.now())

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    done = services.send_digests(now=tomorrow)

    assert [d.outcome for d in done] == [services.SENT]
    later = digests()[1]
    assert f"#rapport-{second.pk}" in later.body
    assert f"#rapport-{first.pk}" not in later.body


def test_nothing_is_sent_when_nothing_happened(ryd):
    follower(SubscriptionKind.EVERYTHING)
    follower(SubscriptionKind.AREA, ryd["area"], email="bo@example.se")
    MeasureUpdateFactory(measure=ryd["elsewhere"])

    done = services.send_digests()

    assert sorted((d.subscriber.email, d.outcome) for d in done) == [
        (EMAIL, services.SENT),
        ("bo@example.se", services.NOTHING_NEW),
    ]
    assert [m.to for m in digests()] == [[EMAIL]]


def test_the_command_sends_the_digests(ryd, capsys):
    follower(SubscriptionKind.EVERYTHING)
    MeasureUpdateFactory(measure=ryd["in_ryd"])

    call_command("send_subscription_digests")
    call_command("send_subscription_digests")

    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Klart: 1 e-brev skickat, 0 adresser utan nyheter.",
        "Klart: 0 e-brev skickade, 0 adresser utan nyheter.",
    ]
    assert len(digests()) == 1


# --- Nothing leaks -----------------------------------------------------------------------------------


def test_internal_measures_unapproved_updates_and_unpublished_reports_never_appear(ryd):
    follower(SubscriptionKind.EVERYTHING)
    follower(SubscriptionKind.AREA, ryd["area"], email="bo@example.se")
    internal = public_measure(plan=ryd["plan"], title="Intern kartläggning", visibility=Visibility.INTERNAL)
    internal.areas.add(ryd["area"])
    MeasureUpdateFactory(measure=internal, text="Hemlig rapport om kartläggningen.")
    internal.status = MeasureStatus.PAUSED
    internal.save()
    confidential = public_measure(
        plan=ryd["plan"], title="Sekretessbelagd insats", visibility=Visibility.CONFIDENTIAL
    )
    MeasureUpdateFactory(measure=confidential)
    draft_plan_measure = MeasureFactory(title="Åtgärd i ett utkast", visibility=Visibility.PUBLIC)
    MeasureUpdateFactory(measure=draft_plan_measure)
    MeasureUpdateFactory(
        measure=ryd["in_ryd"], approved_at=None, review=Review.WAITING, text="Väntar på granskning."
    )
    MeasureUpdateFactory(measure=ryd["in_ryd"], approved_at=None, review=Review.REJECTED, text="Avslagen.")
    period = FollowUpPeriodFactory(cycle=ryd["plan"].cycle)
    FollowUpFactory(period=period, measure=ryd["in_ryd"])
    FollowUpReportFactory(period=period, title="Rapportutkastet")
    finalise(FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Hos styrgruppen"))

    done = services.send_digests()

    assert [d.outcome for d in done] == [services.NOTHING_NEW, services.NOTHING_NEW]
    assert digests() == []


def test_a_followed_measure_made_internal_is_no_longer_named(ryd):
    follower(SubscriptionKind.MEASURE, ryd["in_ryd"])
    MeasureUpdateFactory(measure=ryd["in_ryd"], text="Nya lampor.")
    measure = ryd["in_ryd"]
    measure.visibility = Visibility.INTERNAL
    measure.status = MeasureStatus.PAUSED
    measure.save()

    assert [d.outcome for d in services.send_digests()] == [services.NOTHING_NEW]


def test_a_status_change_made_while_the_measure_was_internal_is_not_named(ryd):
    follower(SubscriptionKind.EVERYTHING)
    measure = ryd["in_ryd"]
    measure.visibility = Visibility.INTERNAL
    measure.save()
    measure.status = MeasureStatus.DELAYED
    measure.save()
    measure.visibility = Visibility.PUBLIC
    measure.save()

    assert [d.outcome for d in services.send_digests()] == [services.NOTHING_NEW]


# --- Unsubscribing and cleaning up -------------------------------------------------------------------


def test_unsubscribing_deletes_the_address_and_erases_it_from_the_subscription_mail(ryd):
    services.subscribe(email=EMAIL, kind=SubscriptionKind.AREA, target=ryd["area"])
    subscription = services.confirm(token=confirm_token(OutgoingMail.objects.get()))
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=1)
    )
    MeasureUpdateFactory(measure=ryd["in_ryd"])
    services.send_digests()
    OutgoingMail.objects.filter(purpose="subscription").update(sent_at=timezone.now(), body="")
    other = OutgoingMail.objects.create(to=[EMAIL], subject="Återställ lösenord", purpose="password_reset")
    token = subscription.subscriber.token

    done = services.unsubscribe(token=token)

    assert done.followed == ["området Ryd"]
    assert Subscriber.objects.count() == 0
    assert Subscription.objects.count() == 0
    # The sent confirmation keeps no address; the digest that was not sent yet is gone.
    assert list(OutgoingMail.objects.filter(purpose__in=services.PURPOSES).values_list("to", "headers")) == [
        ([], {})
    ]
    assert not OutgoingMail.objects.filter(purpose__in=services.PURPOSES, body__contains=token).exists()
    other.refresh_from_db()
    assert other.to == [EMAIL]  # mail for another purpose is not the subscription's to erase
    assert services.unsubscribe(token=token) is None


def test_following_again_restores_what_was_followed_without_a_new_confirmation(ryd):
    follower(SubscriptionKind.AREA, ryd["area"])
    follower(SubscriptionKind.MEASURE, ryd["in_ryd"])
    token = Subscriber.objects.get().token
    done = services.unsubscribe(token=token)

    subscriber = services.follow_again(token=done.restore_token)

    assert subscriber.email == EMAIL
    assert subscriber.token != token
    restored = subscriber.subscriptions.order_by("kind")
    assert [(s.kind, s.target, s.confirmed_at is not None) for s in restored] == [
        (SubscriptionKind.AREA, ryd["area"], True),
        (SubscriptionKind.MEASURE, ryd["in_ryd"], True),
    ]
    assert services.follow_again(token=done.restore_token + "x") is None


def test_following_again_stops_working_after_a_day(ryd, monkeypatch):
    follower(SubscriptionKind.AREA, ryd["area"])
    done = services.unsubscribe(token=Subscriber.objects.get().token)
    monkeypatch.setattr(services, "RESTORE_SECONDS", -1)

    assert services.follow_again(token=done.restore_token) is None
    assert Subscriber.objects.count() == 0


def test_unconfirmed_subscriptions_are_deleted_after_a_week_with_the_address(ryd):
    services.subscribe(email=EMAIL, kind=SubscriptionKind.AREA, target=ryd["area"])
    services.subscribe(email="bo@example.se", kind=SubscriptionKind.AREA, target=ryd["area"])
    services.confirm(token=Subscription.objects.get(subscriber__email="bo@example.se").confirm_token)
    old = timezone.now() - datetime.timedelta(days=services.CONFIRM_DAYS + 1)
    Subscription.objects.update(created_at=old)
    Subscriber.objects.update(created_at=old)

    services.send_digests()

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["bo@example.se"]
    assert sorted(m.to for m in OutgoingMail.objects.all()) == [["bo@example.se"]]
