"""Create forms of the workspace sent twice (Back and resend, a reload, a double click, or two requests
at the same moment) create one object; the second sending is told it is already saved, never shown a
conflict or an error: the follow-up's first draft, a new samverkansperiod, a partner's text for
residents and a statistics import's preview."""

import threading
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from cycles.models import Cycle, FollowUp, FollowUpStatus, MeasureTextChange
from lagesbild.models import ImportRun, ImportStatus, IndicatorSource
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ChecklistItemFactory,
    CycleFactory,
    FollowUpPeriodFactory,
    all_steps,
    follow_up_post_data,
    follow_up_url,
    link_user_to_actor,
    public_measure,
    running_plan,
    step,
)
from tests.lagesbild.factories import AreaFactory, IndicatorFactory
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.submissions import ALREADY_SAVED

DATA = Path(__file__).parent.parent / "lagesbild" / "data"


def _twice(client, url, data):
    """The same form (the same token) sent twice; the second answer followed to the page it leads to."""
    data = {**data, "submission": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    return first, second


def _at_the_same_moment(clients, url, data) -> list:
    """The same form (the same token) sent by each client at once; the answers, followed."""
    data = {**data, "submission": str(uuid.uuid4())}
    start = threading.Barrier(len(clients))
    responses, errors = [], []

    def post(client):
        try:
            start.wait()
            responses.append(client.post(url, data, follow=True))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return responses


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_once(responses):
    pages = [r.content.decode() for r in responses]
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert sum(str(ALREADY_SAVED) in page for page in pages) == len(responses) - 1
    assert not any(str(CONFLICT_MESSAGE) in page for page in pages)


# --- The follow-up's first draft --------------------------------------------------------------------


def _follow_up_world(police_partner):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    measure = public_measure(plan=plan, lead_actor=police, slug="egen")
    return period, measure, police


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["spara", "lamna-in"])
def test_a_follow_ups_first_draft_sent_twice_is_saved_once(police_partner, police_partner_client, action):
    period, measure, police = _follow_up_world(police_partner)
    url = follow_up_url(period, measure)
    data = follow_up_post_data(rows=[(police, "yes", "")], action=action)

    first, second = _twice(police_partner_client, url, data)

    assert first.status_code == 302
    page = second.content.decode()
    assert str(ALREADY_SAVED) in page and str(CONFLICT_MESSAGE) not in page
    follow_up = FollowUp.objects.get()
    expected = FollowUpStatus.SUBMITTED if action == "lamna-in" else FollowUpStatus.DRAFT
    assert (follow_up.status, follow_up.version) == (expected, 2 if action == "lamna-in" else 1)


@pytest.mark.django_db
def test_a_first_draft_shown_again_after_a_refused_hand_in_can_still_be_sent(
    police_partner, police_partner_client
):
    """The draft is saved but not handed in; the form comes back with the version and the same token,
    and sending it corrected is an edit, not a repeat."""
    period, measure, police = _follow_up_world(police_partner)
    url = follow_up_url(period, measure)
    token = str(uuid.uuid4())
    rows = [(police, "yes", "")]
    refused = police_partner_client.post(
        url, {**follow_up_post_data(rows=rows, action="lamna-in", effect_text=""), "submission": token}
    )
    assert f'name="submission" value="{token}"' in refused.content.decode()
    follow_up = FollowUp.objects.get()

    again = police_partner_client.post(
        url, {**follow_up_post_data(follow_up, rows=rows, action="lamna-in"), "submission": token}
    )

    assert again.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SUBMITTED


@pytest.mark.django_db
def test_a_colleagues_first_draft_is_still_a_conflict(police_partner, police_partner_client):
    period, measure, police = _follow_up_world(police_partner)
    url = follow_up_url(period, measure)
    first_form = follow_up_post_data(rows=[(police, "yes", "")], action="spara")
    police_partner_client.post(url, {**first_form, "submission": str(uuid.uuid4())})

    other_form = follow_up_post_data(rows=[(police, "no", "")], action="spara")
    response = police_partner_client.post(url, {**other_form, "submission": str(uuid.uuid4())})

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_first_draft_sent_twice_at_the_same_moment_is_saved_once(police_partner):
    period, measure, police = _follow_up_world(police_partner)
    data = follow_up_post_data(rows=[(police, "yes", "")], action="spara")

    responses = _at_the_same_moment(
        [_signed_in(police_partner), _signed_in(police_partner)], follow_up_url(period, measure), data
    )

    _assert_once(responses)
    assert FollowUp.objects.count() == 1


# --- A new samverkansperiod -------------------------------------------------------------------------


def _cycle_in_step_five():
    all_steps()
    cycle = CycleFactory(current_step=step(5))
    ChecklistItemFactory(cycle=cycle, step=step(5), text="Uppföljningen är gjord")
    return cycle


NEW_PERIOD = {"name": "Period 2027–2031", "start": "2027-07-01", "end": "2031-06-30"}


@pytest.mark.django_db
def test_a_new_period_sent_twice_is_started_once(coordinator_client):
    previous = _cycle_in_step_five()
    item = previous.checklist.get()

    first, second = _twice(
        coordinator_client, "/arbete/kretslopp/ny-period/", {**NEW_PERIOD, "carry_items": [item.pk]}
    )

    assert first.status_code == 302
    page = second.content.decode()
    assert str(ALREADY_SAVED) in page and "En ny period kan startas först" not in page
    assert Cycle.objects.count() == 2
    assert Cycle.objects.current().name == NEW_PERIOD["name"]
    assert Cycle.objects.current().checklist.filter(carried_over_from=item).count() == 1


@pytest.mark.django_db
def test_the_new_period_form_carries_a_token(coordinator_client):
    _cycle_in_step_five()
    page = coordinator_client.get("/arbete/kretslopp/ny-period/").content.decode()
    assert 'type="hidden" name="submission" value="' in page


@pytest.mark.django_db(transaction=True)
def test_a_new_period_sent_twice_at_the_same_moment_is_started_once(coordinator):
    _cycle_in_step_five()

    responses = _at_the_same_moment(
        [_signed_in(coordinator), _signed_in(coordinator)], "/arbete/kretslopp/ny-period/", NEW_PERIOD
    )

    _assert_once(responses)
    assert Cycle.objects.count() == 2 and Cycle.objects.filter(is_current=True).count() == 1


# --- A partner's text for residents -----------------------------------------------------------------


def _partners_measure(police_partner):
    return public_measure(lead_actor=link_user_to_actor(police_partner), public_text="Gammal text.")


@pytest.mark.django_db
def test_a_partners_text_sent_twice_is_proposed_once(police_partner, police_partner_client):
    measure = _partners_measure(police_partner)
    url = f"/arbete/atgarder/{measure.slug}/text/"
    assert 'type="hidden" name="submission"' in police_partner_client.get(url).content.decode()

    first, second = _twice(
        police_partner_client, url, {"public_text": "Ny text.", "loaded_version": measure.version}
    )

    assert first.status_code == 302
    assert str(ALREADY_SAVED) in second.content.decode()
    change = MeasureTextChange.objects.get()
    assert (change.text, change.review) == ("Ny text.", "waiting")


@pytest.mark.django_db(transaction=True)
def test_a_partners_text_sent_twice_at_the_same_moment_is_proposed_once(police_partner):
    measure = _partners_measure(police_partner)

    responses = _at_the_same_moment(
        [_signed_in(police_partner), _signed_in(police_partner)],
        f"/arbete/atgarder/{measure.slug}/text/",
        {"public_text": "Ny text.", "loaded_version": measure.version},
    )

    _assert_once(responses)
    assert MeasureTextChange.objects.count() == 1
    assert not MeasureTextChange.objects.filter(review_reason__startswith="Ersatt").exists()


@pytest.mark.django_db
def test_a_second_new_text_still_replaces_the_waiting_one(police_partner, police_partner_client):
    measure = _partners_measure(police_partner)
    url = f"/arbete/atgarder/{measure.slug}/text/"
    for text in ("Första.", "Andra."):
        police_partner_client.post(
            url, {"public_text": text, "loaded_version": measure.version, "submission": str(uuid.uuid4())}
        )
    assert list(MeasureTextChange.objects.order_by("pk").values_list("review", flat=True)) == [
        "rejected",
        "waiting",
    ]


# --- A statistics import ----------------------------------------------------------------------------


def _import_data(indicator, name="bra_2024.csv"):
    return {
        "kind": "bra",
        "indicator": indicator.pk,
        "year": 2024,
        "file": SimpleUploadedFile(name, (DATA / name).read_bytes()),
    }


@pytest.mark.django_db
def test_an_import_sent_twice_makes_one_preview(coordinator_client):
    indicator = IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott")
    token = str(uuid.uuid4())

    first = coordinator_client.post(
        "/arbete/statistik/importera/", {**_import_data(indicator), "submission": token}
    )
    second = coordinator_client.post(
        "/arbete/statistik/importera/", {**_import_data(indicator), "submission": token}, follow=True
    )

    run = ImportRun.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/arbete/statistik/importer/{run.pk}/"
    assert second.redirect_chain[-1][0] == f"/arbete/statistik/importer/{run.pk}/"
    assert str(ALREADY_SAVED) in second.content.decode()
    assert run.status == ImportStatus.PREVIEW


@pytest.mark.django_db
def test_a_corrected_file_may_be_sent_with_the_form_of_a_failed_import(coordinator_client):
    indicator = IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott")
    token = str(uuid.uuid4())

    failed = coordinator_client.post(
        "/arbete/statistik/importera/", {**_import_data(indicator, "bra_unmatched.csv"), "submission": token}
    )
    assert failed.status_code == 200
    assert f'name="submission" value="{token}"' in failed.content.decode()
    corrected = coordinator_client.post(
        "/arbete/statistik/importera/", {**_import_data(indicator), "submission": token}
    )

    assert corrected.status_code == 302
    assert sorted(ImportRun.objects.values_list("status", flat=True)) == sorted(
        [ImportStatus.FAILED, ImportStatus.PREVIEW]
    )


@pytest.mark.django_db
def test_a_survey_value_sent_twice_is_logged_once(coordinator_client):
    indicator = IndicatorFactory(source=IndicatorSource.SURVEY)
    data = {
        "indicator": indicator.pk,
        "area": AreaFactory().pk,
        "year": 2024,
        "gender": "T",
        "value": "61,5",
        "count": "40",
    }

    first, second = _twice(coordinator_client, "/arbete/statistik/nytt-varde/", data)

    assert first.status_code == 302, first.content.decode()[:3000]
    assert str(ALREADY_SAVED) in second.content.decode()
    assert ImportRun.objects.count() == 1
