"""The årshjul's iCalendar feeds (/kalender/<token>.ics and /kalender/<token>/forum/<id>.ics): they
parse, every event has what calendar apps need, they show only what the address's owner may see,
answer 404 for an unknown or replaced address, and are never stored by the page cache."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from actors.models import ForumKind
from cycles.services import yearwheel as services
from tests.actors.factories import ActorFactory, ForumFactory, MeetingFactory
from tests.cycles.factories import (
    YearWheelItemFactory,
    YearWheelRuleFactory,
    link_user_to_actor,
    public_measure,
)
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

REQUIRED = ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION", "URL")


@pytest.fixture(autouse=True)
def _site_url(settings, monkeypatch):
    settings.TRYGG_SITE_URL = "https://trygg.tingsryd.se"
    monkeypatch.setattr(services, "deadlines", lambda today: [])  # the law's deadlines: services' tests


def _this_year(month, day):
    return datetime.date(timezone.localdate().year, month, day)


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(cal):
    return list(cal.walk("VEVENT"))


def test_the_feed_parses_and_every_event_has_the_required_properties(client, coordinator):
    rule = YearWheelRuleFactory(title="Brå:s statistik", month=3, day=26, remind_days_before=7)
    YearWheelItemFactory(title="Vandring", on=_this_year(5, 4), link="https://example.org/vandring")
    council = ForumFactory(name="Strategiska rådet", kind=ForumKind.STRATEGIC_COUNCIL)
    MeetingFactory(
        forum=council, starts_at=timezone.make_aware(datetime.datetime(_this_year(1, 1).year, 3, 18, 10))
    )
    token = services.feed_for(coordinator).token

    cal = _calendar(client.get(f"/kalender/{token}.ics"))

    assert cal["VERSION"] == "2.0" and "PRODID" in cal and str(cal["X-WR-CALNAME"]).startswith("Årshjul")
    events = _events(cal)
    assert len(events) == 3 + 1 + 1  # the rule last year, this year and next year; the item; the meeting
    for event in events:
        assert all(name in event for name in REQUIRED), event
    year = _this_year(1, 1).year
    by_uid = {str(e["UID"]): e for e in events}
    brå = by_uid[f"rule-{rule.pk}-{year}@trygg.tingsryd.se"]
    assert brå.decoded("DTSTART") == datetime.date(year, 3, 26)  # a whole day (VALUE=DATE)
    assert brå.walk("VALARM")[0].decoded("TRIGGER") == -datetime.timedelta(days=7)
    meeting = next(e for e in events if str(e["SUMMARY"]) == "Möte: Strategiska rådet")
    assert meeting["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert meeting.decoded("DTSTART").hour == 10
    assert (
        str(by_uid[next(u for u in by_uid if u.startswith("item-"))]["URL"]) == "https://example.org/vandring"
    )


def test_the_feed_is_not_stored_by_the_page_cache(client, coordinator, settings):
    settings.TRYGG_PAGE_CACHE_SECONDS = 300
    MunicipalitySettings.load()  # made on the first request otherwise, which is a change of its own
    feed = services.feed_for(coordinator)

    first = client.get(f"/kalender/{feed.token}.ics")
    second = client.get(f"/kalender/{feed.token}.ics")

    assert first.status_code == second.status_code == 200
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "X-Trygg-Cache" not in first and "X-Trygg-Cache" not in second
    page = public_measure().get_absolute_url()
    assert client.get(page).get("X-Trygg-Cache") == "miss"  # the cache is on for a resident's page
    assert client.get(page).get("X-Trygg-Cache") == "hit"


def test_an_unknown_or_replaced_address_answers_404(client, coordinator, settings):
    settings.TRYGG_PAGE_CACHE_SECONDS = 300
    old = services.feed_for(coordinator).token
    assert client.get(f"/kalender/{old}.ics").status_code == 200

    new = services.renew_feed(user=coordinator).token

    assert client.get(f"/kalender/{old}.ics").status_code == 404
    assert client.get(f"/kalender/{new}.ics").status_code == 200
    assert client.get("/kalender/gissning.ics").status_code == 404


def test_an_inactive_user_or_one_without_the_right_gets_404(client, coordinator, administrator):
    token = services.feed_for(coordinator).token
    admin_token = services.feed_for(administrator).token
    coordinator.is_active = False
    coordinator.save()

    assert client.get(f"/kalender/{token}.ics").status_code == 404
    assert client.get(f"/kalender/{admin_token}.ics").status_code == 404


def test_a_partners_feed_leaves_out_other_actors_items_and_forums_it_is_not_in(
    client, police_partner, coordinator
):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen"))
    YearWheelItemFactory(title="Polisens vandring", on=_this_year(5, 4), responsible_actor=police)
    YearWheelItemFactory(
        title="Bostadsbolagets vandring", on=_this_year(5, 5), responsible_actor=ActorFactory()
    )
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL, visibility=Visibility.INTERNAL)
    MeetingFactory(
        forum=council, starts_at=timezone.make_aware(datetime.datetime(_this_year(1, 1).year, 3, 18, 10))
    )

    partner = [
        str(e["SUMMARY"])
        for e in _events(_calendar(client.get(f"/kalender/{services.feed_for(police_partner).token}.ics")))
    ]
    staff = [
        str(e["SUMMARY"])
        for e in _events(_calendar(client.get(f"/kalender/{services.feed_for(coordinator).token}.ics")))
    ]

    assert partner == ["Polisens vandring"]
    assert sorted(staff) == sorted(["Polisens vandring", "Bostadsbolagets vandring", f"Möte: {council.name}"])


def test_the_forum_feed_holds_the_forums_meetings_the_user_may_see(client, coordinator, police_partner):
    forum = ForumFactory(name="Lokala BRÅ", kind=ForumKind.PREPARATORY_GROUP, visibility=Visibility.PUBLIC)
    year = _this_year(1, 1).year
    MeetingFactory(
        forum=forum,
        starts_at=timezone.make_aware(datetime.datetime(year, 4, 3, 9)),
        visibility=Visibility.PUBLIC,
    )
    MeetingFactory(
        forum=forum,
        starts_at=timezone.make_aware(datetime.datetime(year, 6, 3, 9)),
        visibility=Visibility.INTERNAL,
    )
    MeetingFactory(forum=ForumFactory(), starts_at=timezone.make_aware(datetime.datetime(year, 5, 3, 9)))

    staff = _calendar(client.get(f"/kalender/{services.feed_for(coordinator).token}/forum/{forum.pk}.ics"))
    partner = _calendar(
        client.get(f"/kalender/{services.feed_for(police_partner).token}/forum/{forum.pk}.ics")
    )

    assert str(staff["X-WR-CALNAME"]) == "Lokala BRÅ"
    assert [e.decoded("DTSTART").month for e in _events(staff)] == [4, 6]
    assert [e.decoded("DTSTART").month for e in _events(partner)] == [4]
    assert client.get(f"/kalender/gissning/forum/{forum.pk}.ics").status_code == 404
    assert client.get(f"/kalender/{services.feed_for(coordinator).token}/forum/99999.ics").status_code == 404
