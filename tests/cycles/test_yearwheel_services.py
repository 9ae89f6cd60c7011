"""The årshjul's reads (cycles.services.yearwheel.occurrences): rules expanded per year (29 February
too), one-off items, meetings and entries filtered by what each user may see, the follow-up periods'
last day and the law's deadlines; a fixed number of queries; the default rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actors.models import ForumKind, Meeting
from cycles.demo import yearwheel as demo
from cycles.models import YearWheelItem, YearWheelRule
from cycles.services import yearwheel as services
from cycles.services.compliance import Deadline
from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    YearWheelItemFactory,
    YearWheelRuleFactory,
    link_user_to_actor,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

D = datetime.date


def _titles(entries):
    return [(e.on, e.title) for e in entries]


def test_a_rule_falls_on_its_day_in_every_year_of_the_range():
    rule = YearWheelRuleFactory(title="Brå:s statistik", month=3, day=26)

    entries = services.occurrences(D(2026, 1, 1), D(2028, 12, 31))

    assert _titles(entries) == [
        (D(2026, 3, 26), "Brå:s statistik"),
        (D(2027, 3, 26), "Brå:s statistik"),
        (D(2028, 3, 26), "Brå:s statistik"),
    ]
    assert [e.uid for e in entries] == [
        f"rule-{rule.pk}-2026",
        f"rule-{rule.pk}-2027",
        f"rule-{rule.pk}-2028",
    ]


def test_a_rule_on_29_february_falls_on_the_28th_in_other_years():
    YearWheelRuleFactory(title="Skottdag", month=2, day=29)

    entries = services.occurrences(D(2027, 1, 1), D(2028, 12, 31))

    assert [e.on for e in entries] == [D(2027, 2, 28), D(2028, 2, 29)]


def test_a_rule_outside_the_range_and_an_inactive_rule_are_left_out():
    YearWheelRuleFactory(title="I mars", month=3, day=26)
    YearWheelRuleFactory(title="Avstängd", month=6, day=1, active=False)

    assert services.occurrences(D(2027, 4, 1), D(2027, 12, 31)) == []


def test_a_day_the_month_does_not_have_is_refused_in_swedish():
    rule = YearWheelRule(title="Fel", month=2, day=30)

    with pytest.raises(ValidationError) as caught:
        rule.full_clean()

    assert caught.value.message_dict["day"] == ["Februari har inte 30 dagar."]


def test_one_off_items_are_shown_on_their_date_and_sorted_with_the_rules():
    YearWheelRuleFactory(title="Regel", month=2, day=20)
    item = YearWheelItemFactory(title="Trygghetsvandring", on=D(2027, 2, 18))
    YearWheelItemFactory(title="Nästa år", on=D(2028, 2, 18))

    entries = services.occurrences(D(2027, 1, 1), D(2027, 12, 31))

    assert _titles(entries) == [(D(2027, 2, 18), "Trygghetsvandring"), (D(2027, 2, 20), "Regel")]
    assert entries[0].uid == f"item-{item.pk}" and entries[0].source == "item"


def test_meetings_of_the_council_are_shown_to_those_who_may_see_them(
    coordinator, police_partner, other_partner
):
    council = ForumFactory(name="Strategiska rådet", kind=ForumKind.STRATEGIC_COUNCIL)
    contact = ContactFactory(user=police_partner)
    MembershipFactory(forum=council, contact=contact, start_date=D(2020, 1, 1))
    starts = timezone.make_aware(datetime.datetime(2027, 3, 18, 10, 0))
    MeetingFactory(forum=council, starts_at=starts, visibility=Visibility.INTERNAL)
    MeetingFactory(forum=ForumFactory(kind=ForumKind.WORKING_GROUP), starts_at=starts)  # not in the wheel
    year = (D(2027, 1, 1), D(2027, 12, 31))

    seen = {
        user.username: _titles(services.occurrences(*year, user))
        for user in (coordinator, police_partner, other_partner)
    }

    council_meeting = [(D(2027, 3, 18), "Möte: Strategiska rådet")]
    assert seen == {"sara": council_meeting, "per": council_meeting, "bodil": []}
    meeting = services.occurrences(*year, coordinator)[0]
    assert meeting.starts_at.hour == 10 and meeting.source == "meeting"


def test_partners_see_general_entries_and_their_own_actors_not_other_actors(
    coordinator, police_partner, board_reader
):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen"))
    YearWheelRuleFactory(title="Allmän", month=4, day=1)
    YearWheelRuleFactory(title="Polisens", month=4, day=2, responsible_actor=police)
    YearWheelItemFactory(title="Bostadsbolagets", on=D(2027, 4, 3), responsible_actor=ActorFactory())
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL)
    MembershipFactory(forum=council, contact=police_partner.actor_contact, start_date=D(2020, 1, 1))
    YearWheelItemFactory(title="Rådets", on=D(2027, 4, 4), responsible_forum=council)
    YearWheelItemFactory(title="Styrgruppens", on=D(2027, 4, 5), responsible_forum=ForumFactory())
    year = (D(2027, 1, 1), D(2027, 12, 31))

    def titles(user):
        return [e.title for e in services.occurrences(*year, user)]

    assert titles(police_partner) == ["Allmän", "Polisens", "Rådets"]
    assert titles(coordinator) == ["Allmän", "Polisens", "Bostadsbolagets", "Rådets", "Styrgruppens"]
    assert titles(board_reader) == titles(coordinator)


def test_the_follow_up_periods_last_day_is_in_the_wheel():
    period = FollowUpPeriodFactory(name="Uppföljning 2026", closes_on=D(2027, 1, 31))

    entries = services.occurrences(D(2027, 1, 1), D(2027, 1, 31))

    assert _titles(entries) == [(D(2027, 1, 31), "Sista dag för uppföljningarna: Uppföljning 2026")]
    assert entries[0].uid == f"followup-{period.pk}"


def test_the_laws_deadlines_are_shown_to_coordinators_and_board_not_partners(
    monkeypatch, coordinator, police_partner, board_reader
):
    due = Deadline(D(2027, 6, 10), "Lägesbilden ska uppdateras (6 §)", "/arbete/lagkrav/", "6 §")
    monkeypatch.setattr(
        services, "deadlines", lambda today: [due, Deadline(D(2030, 1, 1), "Senare", "/", "5 §")]
    )
    year = (D(2027, 1, 1), D(2027, 12, 31))

    entries = services.occurrences(*year, coordinator)

    assert _titles(entries) == [(D(2027, 6, 10), "Lägesbilden ska uppdateras (6 §)")]
    assert entries[0].source == "deadline" and entries[0].link == "/arbete/lagkrav/"
    assert _titles(services.occurrences(*year, board_reader)) == _titles(entries)
    assert services.occurrences(*year, police_partner) == []


@pytest.mark.parametrize("count", [1, 5])
def test_the_query_count_does_not_grow_with_the_data(
    count, coordinator, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(services, "deadlines", lambda today: [])  # compliance's own queries: its tests
    council = ForumFactory(kind=ForumKind.STRATEGIC_COUNCIL)
    for n in range(count):
        YearWheelRuleFactory(month=n + 1, day=1, responsible_actor=ActorFactory(), responsible_forum=council)
        YearWheelItemFactory(on=D(2027, n + 1, 2), responsible_actor=ActorFactory())
        MeetingFactory(forum=council, starts_at=timezone.make_aware(datetime.datetime(2027, n + 1, 3, 10)))
        FollowUpPeriodFactory(closes_on=D(2027, n + 1, 4))
    coordinator.has_perm("trygg.view_workspace")  # the user's groups, as a signed-in request has them

    with django_assert_num_queries(4):
        entries = services.occurrences(D(2027, 1, 1), D(2027, 12, 31), coordinator)

    assert len(entries) == 4 * count


def test_the_default_rules_are_added_once(coordinator):
    added = services.add_default_rules(by=coordinator)
    again = services.add_default_rules(by=coordinator)

    assert len(added) == len(services.DEFAULT_RULES) and again == []
    assert YearWheelRule.objects.filter(title__startswith="Brå:s preliminära").get().month == 3
    assert YearWheelRule.history.filter(history_user=coordinator).count() == len(added)


def test_upcoming_gives_the_next_five_from_today():
    today = D(2027, 3, 1)
    for n in range(7):
        YearWheelItemFactory(title=f"H{n}", on=today + datetime.timedelta(days=n))
    YearWheelItemFactory(title="I går", on=today - datetime.timedelta(days=1))

    assert [e.title for e in services.upcoming(None, today=today)] == ["H0", "H1", "H2", "H3", "H4"]


def test_the_demo_adds_the_default_rules_items_and_council_meetings_once(coordinator):
    ForumFactory(name="Strategiska rådet", kind=ForumKind.STRATEGIC_COUNCIL)
    demo.load(coordinator=coordinator)
    counts = (YearWheelRule.objects.count(), YearWheelItem.objects.count(), Meeting.objects.count())

    demo.load(coordinator=coordinator)

    assert counts == (len(services.DEFAULT_RULES), len(demo.ITEMS), len(demo.COUNCIL_MEETINGS))
    assert (YearWheelRule.objects.count(), YearWheelItem.objects.count(), Meeting.objects.count()) == counts
