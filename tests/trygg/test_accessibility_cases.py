"""Residents' accessibility feedback as cases (the DOS law): the queue in /arbete/tillganglighet/, the case
page, take, answer (e-mailed to the reporter when they left an address) and close (the address erased,
also from the sent mail), who may do it, conflicts and forms sent twice, and the statement's date."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.personas import ALL_PERSONAS
from tests.trygg.factories import AccessibilityFeedbackFactory
from trygg import demo
from trygg.models import (
    AccessibilityAnswer,
    AccessibilityFeedback,
    AccessibilityFeedbackStatus,
    MunicipalitySettings,
    OutgoingMail,
)

pytestmark = pytest.mark.django_db

QUEUE = "/arbete/tillganglighet/"
Status = AccessibilityFeedbackStatus


def case(feedback) -> str:
    return f"{QUEUE}{feedback.pk}/"


def action_data(feedback, prefix: str | None, **fields) -> dict:
    """An action form as the case page sends it: the version seen, a fresh one-time token, the fields."""
    name = (lambda field: f"{prefix}-{field}") if prefix else (lambda field: field)
    return {
        name("version"): feedback.version,
        "submission": str(uuid.uuid4()),
        **{name(field): value for field, value in fields.items()},
    }


# --- Who sees the queue and who may act ------------------------------------------------------------


MAY_HANDLE = {"coordinator_client", "admin_client"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("page", ["queue", "case", "close"])
def test_only_coordinators_and_administrators_see_the_cases(request, persona, page):
    feedback = AccessibilityFeedbackFactory()
    url = {"queue": QUEUE, "case": case(feedback), "close": f"{case(feedback)}stang/"}[page]
    client = request.getfixturevalue(persona)

    response = client.get(url)

    if persona == "client":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == (200 if persona in MAY_HANDLE else 403)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("action", ["take", "answer", "close"])
def test_only_coordinators_and_administrators_may_act(request, persona, action):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")
    client = request.getfixturevalue(persona)
    url, data = {
        "take": (f"{case(feedback)}ta/", action_data(feedback, "ta")),
        "answer": (f"{case(feedback)}svara/", action_data(feedback, "svar", text="Tack!", send="on")),
        "close": (f"{case(feedback)}stang/", action_data(feedback, None, message="")),
    }[action]

    response = client.post(url, data)

    feedback.refresh_from_db()
    acted = persona in MAY_HANDLE
    assert (feedback.status != Status.NEW) is acted
    assert AccessibilityAnswer.objects.exists() is (acted and action != "take")
    if persona == "client":
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == (302 if acted else 403)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_menu_entry_and_dashboard_panel_are_for_those_who_handle_cases(request, persona):
    AccessibilityFeedbackFactory.create_batch(2)
    AccessibilityFeedbackFactory(status=Status.IN_PROGRESS)
    client = request.getfixturevalue(persona)
    if persona in ("client", "no_role_client"):
        assert client.get("/arbete/").status_code in (302, 403)
        return

    html = client.get("/arbete/").content.decode()

    shown = persona in MAY_HANDLE
    assert (f'href="{QUEUE}"' in html) is shown
    assert ("Synpunkter om tillgänglighet (2 nya)" in html) is shown


def test_no_dashboard_panel_without_new_cases(coordinator_client):
    AccessibilityFeedbackFactory(status=Status.ANSWERED)

    assert "nya):" not in coordinator_client.get("/arbete/").content.decode()


# --- The queue -------------------------------------------------------------------------------------


def test_queue_shows_open_cases_by_default_and_filters_by_status_and_text(coordinator_client):
    new = AccessibilityFeedbackFactory(description="Menyn går inte att nå med tangentbordet.")
    answered = AccessibilityFeedbackFactory(description="Kartan saknar text.", status=Status.ANSWERED)
    closed = AccessibilityFeedbackFactory(description="Menyn är för liten.", status=Status.CLOSED)

    assert list(coordinator_client.get(QUEUE).context["cases"]) == [answered, new]
    assert list(coordinator_client.get(f"{QUEUE}?status=closed").context["cases"]) == [closed]
    assert list(coordinator_client.get(f"{QUEUE}?status=&q=menyn").context["cases"]) == [closed, new]
    assert list(coordinator_client.get(f"{QUEUE}?status=new&q=kartan").context["cases"]) == []


def test_queue_search_covers_the_page(coordinator_client):
    feedback = AccessibilityFeedbackFactory(page_url="/karta/")
    AccessibilityFeedbackFactory(page_url="/oversikt/")

    assert list(coordinator_client.get(f"{QUEUE}?q=karta").context["cases"]) == [feedback]


def test_queue_is_paginated(coordinator_client):
    AccessibilityFeedbackFactory.create_batch(26)

    response = coordinator_client.get(QUEUE)

    assert len(response.context["cases"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


@pytest.mark.parametrize("count", [1, 5])
def test_queue_query_count_is_constant(coordinator_client, coordinator, count, django_assert_num_queries):
    for n in range(count):
        AccessibilityFeedbackFactory(description=f"Problem {n}", assigned_to=coordinator)
    coordinator_client.get("/arbete/")  # the session and the user are loaded once before counting

    with django_assert_num_queries(9):
        response = coordinator_client.get(QUEUE)

    assert len(response.context["cases"]) == count


# --- The case page ---------------------------------------------------------------------------------


def test_case_page_shows_the_message_the_address_the_page_and_the_log(coordinator_client, coordinator):
    feedback = AccessibilityFeedbackFactory(
        description="Knappen <Skicka> syns inte.", page_url="/karta/", email="anna@example.org"
    )
    AccessibilityAnswer.objects.create(feedback=feedback, text="Vi tittar på det.", by=coordinator)

    html = coordinator_client.get(case(feedback)).content.decode()

    assert "Knappen &lt;Skicka&gt; syns inte." in html
    assert 'href="mailto:anna@example.org"' in html
    assert '<a href="/karta/">/karta/</a>' in html
    assert "Vi tittar på det." in html and "Anteckning, " in html


def test_case_page_links_only_the_sites_own_pages(coordinator_client):
    feedback = AccessibilityFeedbackFactory(page_url="javascript:alert(1)")
    other = AccessibilityFeedbackFactory(page_url="//evil.example/")

    assert 'href="javascript' not in coordinator_client.get(case(feedback)).content.decode()
    assert 'href="//evil' not in coordinator_client.get(case(other)).content.decode()


def test_without_an_address_the_answer_is_a_note(coordinator_client):
    feedback = AccessibilityFeedbackFactory(email="")

    form = coordinator_client.get(case(feedback)).context["forms"]["answer"]

    assert "send" not in form.fields and form.fields["text"].label == "Anteckning"


def test_closed_case_offers_no_actions(coordinator_client):
    feedback = AccessibilityFeedbackFactory(status=Status.CLOSED)

    response = coordinator_client.get(case(feedback))

    assert response.context["forms"] == {}
    assert f"{case(feedback)}stang/" not in response.content.decode()


# --- Actions ---------------------------------------------------------------------------------------


def test_take_assigns_the_case_to_me(coordinator_client):
    feedback = AccessibilityFeedbackFactory()

    response = coordinator_client.post(f"{case(feedback)}ta/", action_data(feedback, "ta"))

    assert response.status_code == 302 and response["Location"] == case(feedback)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.assigned_to) == (Status.IN_PROGRESS, coordinator_client.user)
    assert "take" not in coordinator_client.get(case(feedback)).context["forms"]


def test_answer_is_logged_and_mailed_in_swedish_to_the_reporter(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"{case(feedback)}svara/",
            action_data(feedback, "svar", text="Vi har rättat menyn.", send="on"),
        )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.assigned_to, feedback.email) == (
        Status.ANSWERED,
        coordinator_client.user,
        "anna@example.org",
    )
    answer = AccessibilityAnswer.objects.get()
    assert (answer.text, answer.sent_to_reporter, answer.by) == (
        "Vi har rättat menyn.",
        True,
        coordinator_client.user,
    )
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert mailoutbox[0].subject == "Svar på din synpunkt om tillgänglighet"
    assert mailoutbox[0].body.startswith("Hej!\n\nTack för din synpunkt om tillgängligheten")
    assert "\n\nVi har rättat menyn.\n\n" in mailoutbox[0].body
    # The sent mail keeps no address (trygg.mail.forget_recipients_of).
    assert list(OutgoingMail.objects.values_list("purpose", "to")) == [("accessibility", [])]
    assert "Svar skickat till invånaren" in coordinator_client.get(case(feedback)).content.decode()


def test_an_answer_not_sent_is_a_note_in_the_log(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"{case(feedback)}svara/", action_data(feedback, "svar", text="Intern notering.")
        )

    feedback.refresh_from_db()
    assert feedback.status == Status.IN_PROGRESS
    assert AccessibilityAnswer.objects.get().sent_to_reporter is False
    assert mailoutbox == []


def test_answer_needs_a_text(coordinator_client):
    feedback = AccessibilityFeedbackFactory()

    response = coordinator_client.post(f"{case(feedback)}svara/", action_data(feedback, "svar", text=""))

    assert response.status_code == 200
    assert response.context["forms"]["answer"].errors["text"] == ["Skriv anteckningen."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AccessibilityAnswer.objects.exists()


def test_close_asks_for_confirmation_then_tells_the_reporter_and_erases_the_address(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org", status=Status.ANSWERED)
    confirm = coordinator_client.get(f"{case(feedback)}stang/").content.decode()
    assert "Det går inte att ångra." in confirm and "Ja, stäng ärendet" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"{case(feedback)}stang/", action_data(feedback, None, message="Menyn är rättad.")
        )

    assert response.status_code == 302 and response["Location"] == case(feedback)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.email) == (Status.CLOSED, "")
    assert feedback.closed_at is not None
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert "Menyn är rättad." in mailoutbox[0].body and "raderad" in mailoutbox[0].body
    # No address anywhere in the database: not in the case, its history, the log or the sent mail.
    assert "anna@example.org" not in str(list(feedback.history.values()))
    assert "anna@example.org" not in str(list(AccessibilityAnswer.objects.values()))
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [[]]


def test_closing_without_an_address_sends_nothing(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = AccessibilityFeedbackFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"{case(feedback)}stang/", action_data(feedback, None, message=""))

    feedback.refresh_from_db()
    assert feedback.status == Status.CLOSED and mailoutbox == []
    assert not AccessibilityAnswer.objects.exists()


def test_a_closed_case_cannot_be_answered(coordinator_client):
    feedback = AccessibilityFeedbackFactory(status=Status.CLOSED)

    response = coordinator_client.post(f"{case(feedback)}svara/", action_data(feedback, "svar", text="Hej"))

    assert response.status_code == 200
    assert "Ärendet är stängt och kan inte ändras." in response.content.decode()
    assert not AccessibilityAnswer.objects.exists()


def test_history_never_holds_the_address():
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")

    assert "email" not in {field.name for field in feedback.history.model._meta.get_fields()}


# --- Conflicts and forms sent twice ----------------------------------------------------------------


def test_answering_a_case_someone_changed_meanwhile_is_a_conflict(coordinator_client, mailoutbox):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")
    data = action_data(feedback, "svar", text="Tack!", send="on")
    AccessibilityFeedback.objects.get(pk=feedback.pk).save()  # a colleague saved it in between

    response = coordinator_client.post(f"{case(feedback)}svara/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan har sparat ändringar här" in html and "Tack!" in html
    assert not AccessibilityAnswer.objects.exists() and mailoutbox == []


def test_an_answer_sent_twice_is_done_once(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")
    data = action_data(feedback, "svar", text="Tack, vi kollar.", send="on")

    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(f"{case(feedback)}svara/", data)
        second = coordinator_client.post(f"{case(feedback)}svara/", data, follow=True)

    assert first.status_code == 302
    assert "Formuläret hade redan skickats" in second.content.decode()
    assert len(mailoutbox) == 1 and AccessibilityAnswer.objects.count() == 1


def test_a_close_sent_twice_is_done_once(coordinator_client, mailoutbox, django_capture_on_commit_callbacks):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")
    data = action_data(feedback, None, message="")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"{case(feedback)}stang/", data)
        second = coordinator_client.post(f"{case(feedback)}stang/", data, follow=True)

    assert "Formuläret hade redan skickats" in second.content.decode()
    assert len(mailoutbox) == 1


# --- The resident's side and the statement ---------------------------------------------------------


def test_the_resident_is_told_a_case_was_opened(client):
    response = client.post(
        "/tillganglighet/", {"description": "Länken syns inte.", "submission": str(uuid.uuid4())}, follow=True
    )

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.status == Status.NEW
    assert f"öppnat ett ärende med nummer {feedback.pk}" in response.content.decode()


def test_statement_shows_the_review_date_the_answer_time_and_digg(client):
    site = MunicipalitySettings.load()
    site.accessibility_reviewed = datetime.date(2026, 3, 2)
    site.save()

    html = client.get("/tillganglighet/").content.decode()

    assert "Redogörelsen granskades senast 2026-03-02." in html
    assert "inom 10 arbetsdagar" in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html


def test_review_date_cannot_be_in_the_future():
    site = MunicipalitySettings.load()
    site.accessibility_reviewed = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        site.full_clean()

    assert "accessibility_reviewed" in error.value.message_dict


def test_review_date_is_set_in_the_admins_settings(admin_client):
    MunicipalitySettings.load()
    html = admin_client.get("/admin/trygg/municipalitysettings/1/change/").content.decode()

    assert 'name="accessibility_reviewed"' in html


def test_the_admin_shows_cases_with_only_the_handler_editable(coordinator_client):
    feedback = AccessibilityFeedbackFactory(email="anna@example.org")

    response = coordinator_client.get(f"/admin/trygg/accessibilityfeedback/{feedback.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="status"' not in html and 'name="email"' not in html and 'name="assigned_to"' in html


# --- Demo ------------------------------------------------------------------------------------------


def test_demo_has_a_new_and_an_answered_case_and_loads_twice():
    for _ in range(2):
        demo.load(stdout=io.StringIO())

    statuses = sorted(AccessibilityFeedback.objects.values_list("status", flat=True))
    assert statuses == [Status.ANSWERED, Status.NEW]
    answered = AccessibilityFeedback.objects.get(status=Status.ANSWERED)
    assert answered.assigned_to == get_user_model().objects.get(username="samordnare")
    assert answered.answers.get().sent_to_reporter
