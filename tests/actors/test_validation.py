"""Bad input gives clear Swedish errors and saves nothing, whichever way it comes in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actors import services
from actors.models import (
    Actor,
    ActorKind,
    Decision,
    Meeting,
    Membership,
    luhn_ok,
    normalise_organisation_number,
)
from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
    ResourceInventoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    ["212000-0670", "2120000670", "16212000-0670", " 212000-0670 ", "212000 0670"],
)
def test_organisation_number_is_normalised(raw):
    assert normalise_organisation_number(raw) == "212000-0670"


def test_real_organisation_numbers_pass_the_luhn_check():
    assert luhn_ok("2120000670")  # Tingsryds kommun
    assert luhn_ok("2021000076")  # Polismyndigheten
    assert not luhn_ok("2120000671")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("212000-0671", "Organisationsnumret 212000-0671 är inte giltigt (kontrollsiffran stämmer inte)."),
        ("21200-0670", "Ange organisationsnumret som NNNNNN-NNNN, t.ex. 212000-0670."),
        ("abcdef-ghij", "Ange organisationsnumret som NNNNNN-NNNN, t.ex. 212000-0670."),
    ],
)
def test_actor_with_invalid_organisation_number_is_refused_with_swedish_message(raw, message):
    actor = Actor(name="Fel AB", kind=ActorKind.BUSINESS, organisation_number=raw)
    with pytest.raises(ValidationError) as excinfo:
        actor.full_clean()
    assert excinfo.value.message_dict == {"organisation_number": [message]}


def test_actor_organisation_number_is_stored_normalised():
    actor = Actor(name="Tingsryds kommun", kind=ActorKind.MUNICIPALITY, organisation_number="2120000670")
    actor.full_clean()
    actor.save()
    actor.refresh_from_db()
    assert actor.organisation_number == "212000-0670"


def test_duplicate_organisation_number_is_refused_even_when_typed_differently():
    ActorFactory(organisation_number="212000-0670")
    duplicate = Actor(name="Tingsryd igen", kind=ActorKind.MUNICIPALITY, organisation_number="2120000670")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "Det finns redan en aktör med det här organisationsnumret." in str(excinfo.value)


def test_duplicate_organisation_number_is_refused_by_the_database():
    ActorFactory(organisation_number="212000-0670")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(organisation_number="212000-0670")


def test_many_actors_may_lack_an_organisation_number():
    ActorFactory(organisation_number="")
    ActorFactory(organisation_number=None)
    second = Actor(name="Förvaltning", kind=ActorKind.MUNICIPAL_DEPARTMENT, organisation_number="")
    second.full_clean()
    second.save()
    assert Actor.objects.filter(organisation_number__isnull=True).count() == 3


def test_membership_ending_before_it_starts_is_refused_in_swedish():
    membership = MembershipFactory.build(
        forum=ForumFactory(),
        contact=ContactFactory(),
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 5, 31),
    )
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert excinfo.value.message_dict["end_date"] == [
        "Slutdatumet kan inte vara före startdatumet (2025-06-01)."
    ]


def test_membership_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(start_date=datetime.date(2025, 6, 1), end_date=datetime.date(2025, 5, 31))


def test_membership_service_saves_nothing_for_bad_dates():
    forum, contact = ForumFactory(), ContactFactory()
    with pytest.raises(ValidationError):
        services.add_membership(
            forum=forum,
            contact=contact,
            start_date=datetime.date(2025, 6, 1),
            end_date=datetime.date(2025, 1, 1),
        )
    assert Membership.objects.count() == 0


def test_decision_dated_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.record_decision(
            forum=ForumFactory(), decided_on=tomorrow, paragraph="KS § 1", title="Framtid"
        )
    assert excinfo.value.message_dict["decided_on"] == [
        f"Ett beslut kan inte vara fattat i framtiden ({tomorrow.isoformat()})."
    ]
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("paragraph", ["KS § 123", "KSAU § 12", "Styrgruppen § 4", "§ 5", "KF §12"])
def test_valid_paragraphs_are_accepted(paragraph):
    decision = services.record_decision(
        forum=ForumFactory(), decided_on=datetime.date(2025, 3, 1), paragraph=paragraph, title="Beslut"
    )
    assert decision.paragraph == paragraph


@pytest.mark.parametrize("paragraph", ["KS 123", "paragraf 12", "KS § abc", "§§ 1", ""])
def test_paragraph_in_wrong_format_is_refused(paragraph):
    with pytest.raises(ValidationError) as excinfo:
        services.record_decision(
            forum=ForumFactory(), decided_on=datetime.date(2025, 3, 1), paragraph=paragraph, title="Beslut"
        )
    assert "paragraph" in excinfo.value.message_dict
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("dnr", ["KS 2024/123", "2024/123", "BUN 2025/7"])
def test_valid_diary_numbers_are_accepted(dnr):
    decision = services.record_decision(
        forum=ForumFactory(),
        decided_on=datetime.date(2025, 3, 1),
        paragraph="KS § 1",
        title="B",
        diary_number=dnr,
    )
    assert decision.diary_number == dnr


@pytest.mark.parametrize("dnr", ["KS-2024-123", "24/123", "KS 2024", "ks 2024/12"])
def test_diary_number_in_wrong_format_is_refused_in_swedish(dnr):
    with pytest.raises(ValidationError) as excinfo:
        services.record_decision(
            forum=ForumFactory(),
            decided_on=datetime.date(2025, 3, 1),
            paragraph="KS § 1",
            title="B",
            diary_number=dnr,
        )
    assert excinfo.value.message_dict["diary_number"] == [
        "Ange diarienumret som ”KS 2024/123” eller ”2024/123”."
    ]


def test_meeting_with_one_bad_decision_saves_nothing():
    forum = ForumFactory()
    with pytest.raises(ValidationError):
        services.record_meeting(
            forum=forum,
            starts_at=timezone.now() - datetime.timedelta(days=1),
            attendees=[ContactFactory()],
            decisions=[
                {"decided_on": datetime.date(2025, 3, 1), "paragraph": "KS § 1", "title": "Bra"},
                {"decided_on": datetime.date(2025, 3, 1), "paragraph": "fel", "title": "Dåligt"},
            ],
        )
    assert Meeting.objects.count() == 0
    assert Decision.objects.count() == 0


def test_meeting_with_good_decisions_saves_them_all_linked():
    forum = ForumFactory()
    person = ContactFactory()
    meeting = services.record_meeting(
        forum=forum,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        attendees=[person],
        decisions=[{"decided_on": datetime.date(2025, 3, 1), "paragraph": "KS § 1", "title": "Bra"}],
    )
    assert list(meeting.attendees.all()) == [person]
    assert list(meeting.decisions.values_list("paragraph", "forum_id")) == [("KS § 1", forum.pk)]


def test_decision_from_another_forums_meeting_is_refused():
    meeting = MeetingFactory()
    decision = DecisionFactory.build(forum=ForumFactory(), meeting=meeting)
    with pytest.raises(ValidationError) as excinfo:
        decision.full_clean()
    assert excinfo.value.message_dict["meeting"] == [
        "Mötet hör till ett annat forum än det beslutande organet."
    ]


def test_resource_inventory_needs_a_period():
    entry = ResourceInventoryFactory.build(actor=ActorFactory(), year_label="", period_start=None)
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert excinfo.value.message_dict["year_label"] == ["Ange en period, antingen med datum eller som år."]


def test_changes_are_recorded_in_history():
    actor = ActorFactory(name="Tingsryds IF")
    actor.contribution = "Nattvandring"
    actor.save()
    assert [h.history_type for h in actor.history.all()] == ["~", "+"]


def test_attendee_changes_are_recorded_in_history():
    meeting = MeetingFactory()
    person = ContactFactory(name="Per Polis")
    meeting.attendees.set([person])
    latest = meeting.history.first()
    assert [a.contact for a in latest.attendees.all()] == [person]
    assert meeting.history.count() == 2
