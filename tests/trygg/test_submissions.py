"""A create form sent twice (Back and resend, a reload, a double click, or two requests at the same
moment) creates one object; the second sending is told that it is already saved."""

import threading
import time
import uuid

import pytest
from django.db import connection
from django.test import RequestFactory

from cycles.models import FollowUpPeriod, MeasureUpdate
from lagesbild.models import Dialogue
from tests.cycles.factories import CycleFactory, link_user_to_actor, public_measure, running_plan
from tests.lagesbild.factories import AreaFactory
from trygg.models import AccessibilityFeedback, ProgrammeGoal, Submission
from trygg.submissions import ALREADY_SAVED, run_once


def _request(token):
    return RequestFactory().post("/", {"submission": str(token)})


@pytest.mark.django_db
def test_the_same_token_runs_the_action_once_and_returns_what_it_made():
    token = uuid.uuid4()

    first = run_once(_request(token), lambda: ProgrammeGoal.objects.create(text="Ett mål", order=1))
    again = run_once(_request(token), lambda: ProgrammeGoal.objects.create(text="Ett mål", order=2))

    assert (first.repeated, again.repeated) == (False, True)
    assert again.object == first.object
    assert ProgrammeGoal.objects.count() == 1


@pytest.mark.django_db
def test_without_a_token_the_action_just_runs():
    outcome = run_once(
        RequestFactory().post("/", {}), lambda: ProgrammeGoal.objects.create(text="Mål", order=1)
    )
    assert outcome.repeated is False and Submission.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_action_leaves_the_token_free_for_the_corrected_form():
    token = uuid.uuid4()

    def fail():
        ProgrammeGoal.objects.create(text="Halvt", order=1)
        raise ValueError("refused")

    with pytest.raises(ValueError):
        run_once(_request(token), fail)
    assert ProgrammeGoal.objects.count() == 0
    assert (
        run_once(_request(token), lambda: ProgrammeGoal.objects.create(text="Mål", order=1)).repeated is False
    )


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_the_same_moment_create_one_object():
    token = uuid.uuid4()
    outcomes, errors = [], []

    def send():
        try:
            outcomes.append(
                run_once(
                    _request(token),
                    lambda: (time.sleep(0.3), ProgrammeGoal.objects.create(text="Samtidigt", order=1))[1],
                )
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(o.repeated for o in outcomes) == [False, True]
    assert ProgrammeGoal.objects.count() == 1


def _twice(client, url, data):
    data = {**data, "submission": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    return first, second


@pytest.mark.django_db
def test_accessibility_feedback_sent_twice_is_stored_once(client):
    first, second = _twice(
        client, "/tillganglighet/", {"description": "Knappen går inte att nå med tangentbordet."}
    )
    assert first.status_code == 302
    assert "Vi har redan tagit emot din synpunkt." in second.content.decode()
    assert AccessibilityFeedback.objects.count() == 1


@pytest.mark.django_db
def test_a_measure_update_sent_twice_is_saved_once(coordinator_client):
    measure = public_measure()
    data = {"date": "2025-06-01", "status": "ongoing", "progress": "10", "text": "Lamporna är beställda."}

    first, second = _twice(coordinator_client, f"/arbete/atgarder/{measure.slug}/rapport/", data)

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    assert MeasureUpdate.objects.filter(measure=measure).count() == 1


@pytest.mark.django_db
def test_a_follow_up_period_sent_twice_is_created_once(coordinator_client):
    cycle = CycleFactory(is_current=True)
    data = {
        "cycle": cycle.pk,
        "name": "Uppföljning 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "closes_on": "2027-01-31",
        "remind_days_before": "14",
    }

    first, second = _twice(coordinator_client, "/arbete/uppfoljning/perioder/ny/", data)

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    assert FollowUpPeriod.objects.count() == 1


@pytest.mark.django_db
def test_a_dialogue_sent_twice_is_created_once(coordinator_client):
    area = AreaFactory()
    data = {
        "dialog-kind": "trygghetsvandring",
        "dialog-held_on": "2025-10-14",
        "dialog-area": area.pk,
        "dialog-residents": "12",
        "dialog-staff": "3",
        "dialog-police": "2",
        "dialog-politicians": "1",
        "dialog-other": "0",
        "dialog-summary": "Vi gick från torget till parken.",
        "dialog-visibility": "internal",
        "obs-TOTAL_FORMS": "0",
        "obs-INITIAL_FORMS": "0",
    }

    first, second = _twice(coordinator_client, "/arbete/dialoger/ny/", data)

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    assert Dialogue.objects.count() == 1


@pytest.mark.django_db
def test_a_contact_sent_twice_is_added_once(police_partner, police_partner_client):
    actor = link_user_to_actor(police_partner)
    before = actor.contacts.count()
    data = {"name": "Nina Ny", "title": "Kommunpolis", "email": "nina@example.org", "phone": ""}

    first, second = _twice(police_partner_client, "/arbete/min-organisation/kontakter/ny/", data)

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    assert actor.contacts.count() == before + 1


@pytest.mark.django_db
def test_a_report_sent_twice_is_created_once(coordinator_client):
    plan = running_plan()
    public_measure(plan=plan)
    from tests.cycles.factories import FollowUpPeriodFactory

    period = FollowUpPeriodFactory(cycle=plan.cycle)
    data = {
        "period": period.pk,
        "title": "",
        "diary_number": "",
        "introduction": "Om perioden.",
        "conclusions": "",
    }

    first, second = _twice(coordinator_client, "/arbete/rapporter/ny/", data)

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    assert period.reports.count() == 1


@pytest.mark.django_db
def test_create_forms_carry_a_token_that_is_kept_when_shown_again_with_errors(coordinator_client):
    page = coordinator_client.get("/arbete/rapporter/ny/").content.decode()
    assert 'type="hidden" name="submission" value="' in page
    token = str(uuid.uuid4())
    again = coordinator_client.post("/arbete/rapporter/ny/", {"submission": token}).content.decode()
    assert f'name="submission" value="{token}"' in again


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_the_same_form_store_it_once():
    from django.test import Client

    data = {"description": "Kontrasten är för svag.", "submission": str(uuid.uuid4())}
    start = threading.Barrier(2)
    responses, errors = [], []

    def post():
        try:
            start.wait()
            responses.append(Client().post("/tillganglighet/", data, follow=True))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [r.status_code for r in responses] == [200, 200]
    assert AccessibilityFeedback.objects.count() == 1
    assert sum("Vi har redan tagit emot din synpunkt." in r.content.decode() for r in responses) == 1
