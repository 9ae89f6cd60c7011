"""Residents' feedback on measures in the workspace (/arbete/synpunkter/): who sees what (coordinators
all, a partner editor the feedback on measures its actor leads), the queue, the case page with its
personal-data flags, every action with its e-mail to the resident, conflicts, forms sent twice, the
staff mail on arrival, and the demo."""

import uuid

import pytest
from django.contrib.auth.models import Group

from cycles.demo import feedback as demo
from cycles.models import FeedbackStatus, MeasureFeedback
from cycles.services.feedback import staff_recipients, submit_feedback
from tests.actors.factories import ActorFactory
from tests.cycles.factories import MeasureFeedbackFactory, link_user_to_actor, public_measure
from tests.personas import ALL_PERSONAS
from tests.trygg.factories import UserFactory
from trygg.models import OutgoingMail
from trygg.roles import Role

pytestmark = pytest.mark.django_db

QUEUE = "/arbete/synpunkter/"


def case(feedback) -> str:
    return f"{QUEUE}{feedback.pk}/"


def publish_data(feedback, **overrides) -> dict:
    data = {
        "publicera-public_text": "Lamporna vid lekplatsen är släckta.",
        "publicera-loaded_version": feedback.version,
        "submission": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def action_data(feedback, prefix: str, **fields) -> dict:
    return {
        f"{prefix}-version": feedback.version,
        "submission": str(uuid.uuid4()),
        **{f"{prefix}-{name}": value for name, value in fields.items()},
    }


@pytest.fixture
def lead_feedback(police_partner):
    """Feedback on a measure that the police partner's actor leads."""
    actor = link_user_to_actor(police_partner)
    return MeasureFeedbackFactory(measure=public_measure(lead_actor=actor), email="anna@example.org")


# --- Who may see and do what ---------------------------------------------------------------------

# The police partner leads the measure; the other partner has an actor that does not.
SEES_CASE = {"coordinator_client", "police_partner_client"}


@pytest.fixture
def other_actor(other_partner):
    return link_user_to_actor(other_partner)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("page", ["queue", "case", "reject"])
def test_permission_matrix_of_the_pages(request, persona, page, lead_feedback, other_actor):
    url = {"queue": QUEUE, "case": case(lead_feedback), "reject": f"{case(lead_feedback)}avvisa/"}[page]
    client = request.getfixturevalue(persona)

    response = client.get(url)

    if persona == "client":
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    elif persona in ("board_client", "admin_client", "no_role_client"):
        assert response.status_code == 403
    elif page == "queue":
        assert response.status_code == 200
        shown = list(response.context["feedback_list"])
        assert shown == ([lead_feedback] if persona in SEES_CASE else [])
    elif page == "case":
        assert response.status_code == (200 if persona in SEES_CASE else 404)
    else:  # rejecting is for coordinators
        expected = {"coordinator_client": 200, "police_partner_client": 403, "other_partner_client": 404}
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_coordinators_publish(request, persona, lead_feedback, other_actor):
    client = request.getfixturevalue(persona)

    response = client.post(f"{case(lead_feedback)}publicera/", publish_data(lead_feedback))

    lead_feedback.refresh_from_db()
    published = persona == "coordinator_client"
    assert lead_feedback.status == (FeedbackStatus.PUBLISHED if published else FeedbackStatus.NEW)
    expected = {"client": 302, "coordinator_client": 302, "police_partner_client": 403}
    assert response.status_code == expected.get(persona, 404 if persona == "other_partner_client" else 403)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_the_lead_partner_and_coordinators_answer(request, persona, lead_feedback, other_actor):
    client = request.getfixturevalue(persona)

    client.post(f"{case(lead_feedback)}svara/", action_data(lead_feedback, "svar", answer="Tack!"))

    lead_feedback.refresh_from_db()
    assert (lead_feedback.answer == "Tack!") is (persona in SEES_CASE)


def test_partner_proposes_a_text_which_the_coordinator_publishes(
    police_partner_client, lead_feedback, coordinator
):
    response = police_partner_client.get(case(lead_feedback))
    html = response.content.decode()
    assert "Föreslå en offentlig text" in html and "/foresla/" in html and "/publicera/" not in html
    assert "close" not in response.context["forms"] and response.context["may_reject"] is False

    police_partner_client.post(
        f"{case(lead_feedback)}foresla/",
        publish_data(lead_feedback, **{"publicera-public_text": "Förslaget."}),
    )

    lead_feedback.refresh_from_db()
    assert (lead_feedback.status, lead_feedback.public_text) == (FeedbackStatus.NEW, "Förslaget.")
    assert MeasureFeedback.objects.public().count() == 0
    police_partner_client.force_login(coordinator)
    form = police_partner_client.get(case(lead_feedback)).context["forms"]["publish"]
    assert form["public_text"].value() == "Förslaget."


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_menu_entry_and_dashboard_panel(request, persona, lead_feedback, other_actor):
    MeasureFeedbackFactory()  # on another actor's measure: counted for coordinators only
    client = request.getfixturevalue(persona)
    if persona in ("client", "no_role_client"):
        return
    html = client.get("/arbete/").content.decode()

    assert (f'href="{QUEUE}"' in html) is (persona in SEES_CASE | {"other_partner_client"})
    assert ("Nya synpunkter (2)" in html) is (persona == "coordinator_client")
    assert ("Nya synpunkter (1)" in html) is (persona == "police_partner_client")


def test_queryset_and_rules_agree(police_partner, other_partner, coordinator, board_reader, lead_feedback):
    link_user_to_actor(other_partner)
    others = MeasureFeedbackFactory()
    for user in (police_partner, other_partner, coordinator, board_reader):
        visible = set(MeasureFeedback.objects.visible_to(user))
        for item in (lead_feedback, others):
            assert (item in visible) is user.has_perm("cycles.view_measurefeedback", item)


# --- The queue -----------------------------------------------------------------------------------


def test_queue_shows_new_feedback_by_default_and_filters_by_status_and_text(coordinator_client):
    new = MeasureFeedbackFactory(text="Mörkt vid busskuren.")
    other_new = MeasureFeedbackFactory(text="Skräp på torget.")
    published = MeasureFeedbackFactory(published=True, text="Mörkt i parken.")

    assert list(coordinator_client.get(QUEUE).context["feedback_list"]) == [other_new, new]
    assert list(coordinator_client.get(f"{QUEUE}?status=publicerad").context["feedback_list"]) == [published]
    assert list(coordinator_client.get(f"{QUEUE}?status=&q=mörkt").context["feedback_list"]) == [
        published,
        new,
    ]


def test_queue_marks_feedback_with_personal_data_and_is_paginated(coordinator_client):
    MeasureFeedbackFactory(text="Ring mig på 070-123 45 67.")
    assert "1 markering" in coordinator_client.get(QUEUE).content.decode()
    MeasureFeedbackFactory.create_batch(25)

    response = coordinator_client.get(QUEUE)

    assert len(response.context["feedback_list"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("persona", ["coordinator_client", "police_partner_client"])
def test_queue_query_count_is_constant(request, persona, count, django_assert_num_queries, police_partner):
    measure = public_measure(lead_actor=link_user_to_actor(police_partner))
    for n in range(count):
        MeasureFeedbackFactory(measure=measure, text=f"Synpunkt {n}, ring 070-123 45 6{n}.")
    client = request.getfixturevalue(persona)
    client.get(QUEUE)  # the session, the user and its groups are loaded once before counting

    with django_assert_num_queries(9):
        response = client.get(QUEUE)

    assert len(response.context["feedback_list"]) == count


# --- The case page -------------------------------------------------------------------------------


def test_case_page_shows_the_original_with_its_flags_and_escapes_it(coordinator_client):
    feedback = MeasureFeedbackFactory(text="Prata med Anders Lind, ring 070-123 45 67. <script>x</script>")

    response = coordinator_client.get(case(feedback))

    html = response.content.decode()
    assert '<mark class="bg-warning-subtle">070-123 45 67</mark>' in html
    assert '<mark class="bg-warning-subtle">Anders Lind</mark>' in html
    assert "möjligt telefonnummer, möjligt namn" in html or "möjligt namn, möjligt telefonnummer" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "anna@" not in html


# --- Actions -------------------------------------------------------------------------------------


def test_publish_keeps_the_original_and_tells_the_resident(
    coordinator_client, lead_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"{case(lead_feedback)}publicera/", publish_data(lead_feedback))

    assert response.status_code == 302 and response["Location"] == case(lead_feedback)
    original = lead_feedback.text
    lead_feedback.refresh_from_db()
    assert (lead_feedback.status, lead_feedback.public_text, lead_feedback.text) == (
        FeedbackStatus.PUBLISHED,
        "Lamporna vid lekplatsen är släckta.",
        original,
    )
    assert lead_feedback.moderated_by == coordinator_client.user and lead_feedback.email == "anna@example.org"
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert lead_feedback.measure.get_absolute_url() in mailoutbox[0].body
    page = coordinator_client.get(lead_feedback.measure.get_absolute_url()).content.decode()
    assert "Lamporna vid lekplatsen är släckta." in page and original not in page


def test_publish_refuses_a_text_that_still_holds_a_phone_number(coordinator_client, lead_feedback):
    response = coordinator_client.post(
        f"{case(lead_feedback)}publicera/",
        publish_data(lead_feedback, **{"publicera-public_text": "Ring 070-123 45 67."}),
    )

    assert response.status_code == 200
    assert response.context["forms"]["publish"].errors["public_text"] == [
        "Texten innehåller fortfarande möjligt telefonnummer: 070-123 45 67. Ta bort det innan du publicerar."
    ]
    lead_feedback.refresh_from_db()
    assert lead_feedback.status == FeedbackStatus.NEW


def test_answer_is_mailed_and_may_be_published_with_the_feedback(
    police_partner_client, lead_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        police_partner_client.post(
            f"{case(lead_feedback)}svara/",
            action_data(lead_feedback, "svar", answer="Vi byter lamporna i vecka 12.", public="on"),
        )

    lead_feedback.refresh_from_db()
    assert (lead_feedback.answer, lead_feedback.answer_public, lead_feedback.answered_by) == (
        "Vi byter lamporna i vecka 12.",
        True,
        police_partner_client.user,
    )
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert "\n\nVi byter lamporna i vecka 12.\n\n" in mailoutbox[0].body
    assert list(OutgoingMail.objects.values_list("purpose", "to")) == [("measure-feedback", [])]


def test_a_public_answer_must_hold_no_personal_data(coordinator_client, lead_feedback):
    response = coordinator_client.post(
        f"{case(lead_feedback)}svara/",
        action_data(lead_feedback, "svar", answer="Ring 070-123 45 67.", public="on"),
    )

    assert response.status_code == 200
    assert "möjligt telefonnummer" in response.content.decode()
    lead_feedback.refresh_from_db()
    assert lead_feedback.answer == ""


def test_answer_without_an_address_sends_nothing(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = MeasureFeedbackFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"{case(feedback)}svara/", action_data(feedback, "svar", answer="Tack."))

    feedback.refresh_from_db()
    assert feedback.answer == "Tack." and mailoutbox == []


def test_reject_asks_for_confirmation_then_tells_the_reason_and_erases_the_address(
    coordinator_client, lead_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    confirm = coordinator_client.get(f"{case(lead_feedback)}avvisa/").content.decode()
    assert "Det går inte att ångra." in confirm and "Ja, avvisa synpunkten" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"{case(lead_feedback)}avvisa/", {"version": lead_feedback.version, "reason": "Reklam."}
        )

    assert response.status_code == 302
    lead_feedback.refresh_from_db()
    assert (lead_feedback.status, lead_feedback.email, lead_feedback.reject_reason) == (
        FeedbackStatus.REJECTED,
        "",
        "Reklam.",
    )
    assert "Reklam." in mailoutbox[0].body and mailoutbox[0].to == ["anna@example.org"]
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [[]]
    assert coordinator_client.get(case(lead_feedback)).context["forms"] == {}


def test_reject_needs_a_reason(coordinator_client, lead_feedback):
    response = coordinator_client.post(f"{case(lead_feedback)}avvisa/", {"version": lead_feedback.version})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]


def test_closing_published_feedback_keeps_it_public_and_erases_the_address(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = MeasureFeedbackFactory(published=True, email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"{case(feedback)}stang/", action_data(feedback, "stang", message="Lamporna är bytta.")
        )

    feedback.refresh_from_db()
    assert (feedback.status, feedback.email) == (FeedbackStatus.CLOSED, "")
    assert "Lamporna är bytta." in mailoutbox[0].body
    assert list(MeasureFeedback.objects.public()) == [feedback]


def test_history_never_holds_the_address():
    feedback = MeasureFeedbackFactory(email="anna@example.org")

    assert "email" not in {field.name for field in feedback.history.model._meta.get_fields()}


# --- Conflicts and forms sent twice --------------------------------------------------------------


def test_publishing_feedback_someone_changed_meanwhile_is_a_conflict(coordinator_client, lead_feedback):
    loaded = lead_feedback.version
    MeasureFeedback.objects.get(pk=lead_feedback.pk).save()  # a colleague saved it in between

    response = coordinator_client.post(
        f"{case(lead_feedback)}publicera/",
        publish_data(lead_feedback, **{"publicera-loaded_version": loaded}),
    )

    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    lead_feedback.refresh_from_db()
    assert lead_feedback.status == FeedbackStatus.NEW


def test_an_answer_sent_twice_is_done_once(
    coordinator_client, lead_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    data = action_data(lead_feedback, "svar", answer="Tack, vi kollar.")

    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(f"{case(lead_feedback)}svara/", data)
        second = coordinator_client.post(f"{case(lead_feedback)}svara/", data, follow=True)

    assert first.status_code == 302
    assert "Formuläret hade redan skickats" in second.content.decode()
    assert len(mailoutbox) == 1


# --- Mail to staff when feedback arrives ---------------------------------------------------------


def test_new_feedback_mails_the_lead_partner_and_coordinators_once_without_the_residents_data(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    actor = ActorFactory()
    partner = UserFactory(email="partner@example.org", roles=[Role.PARTNER_EDITOR])
    link_user_to_actor(partner, actor)
    link_user_to_actor(UserFactory(email="other@example.org", roles=[Role.PARTNER_EDITOR]))
    UserFactory(email="samordnare@example.org", roles=[Role.COORDINATOR])
    UserFactory(email="inactive@example.org", roles=[Role.COORDINATOR], is_active=False)
    measure = public_measure(lead_actor=actor, slug="belysning")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/atgarder/belysning/synpunkter/",
            {"text": "HEMLIG text om lamporna", "email": "anna@example.org", "webbplats": ""},
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["partner@example.org", "samordnare@example.org"]
    assert "anna@example.org" not in mail.body and "HEMLIG" not in mail.body
    assert case(MeasureFeedback.objects.get()) in mail.body and measure.title in mail.body


def test_staff_recipients_need_the_role_and_an_address(db):
    actor = ActorFactory()
    link_user_to_actor(UserFactory(email="", roles=[Role.PARTNER_EDITOR]), actor)
    link_user_to_actor(UserFactory(email="ingen-roll@example.org", roles=[]), actor)
    assert Group.objects.filter(name=Role.COORDINATOR.value).exists()

    assert staff_recipients(public_measure(lead_actor=actor)) == []


def test_submit_refuses_a_personnummer():
    feedback = MeasureFeedback(measure=public_measure(), text="Det var 19850312-1234.")

    with pytest.raises(Exception, match="personnummer"):
        submit_feedback(feedback=feedback)


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_has_a_new_flagged_and_a_published_answered_feedback_and_loads_twice(coordinator):
    coordinator.username = "samordnare"
    coordinator.save()
    public_measure(slug=demo.NEW_MEASURE)
    public_measure(slug=demo.PUBLISHED_MEASURE)

    demo.load()
    demo.load()

    new = MeasureFeedback.objects.get(status=FeedbackStatus.NEW)
    published = MeasureFeedback.objects.get(status=FeedbackStatus.PUBLISHED)
    assert MeasureFeedback.objects.count() == 2
    assert {flag for flag in ("070-765 43 21", "Anders Lind") if flag in new.text} == {
        "070-765 43 21",
        "Anders Lind",
    }
    assert published.answer_public and published.moderated_by == coordinator
    assert list(MeasureFeedback.objects.public()) == [published]
