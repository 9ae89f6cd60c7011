"""Moderating residents' reports of unsafe places in the workspace: the queue, the case page with its
personal-data flags, every action with its e-mail to the reporter, who may do it, conflicts and forms
sent twice."""

import datetime
import uuid

import pytest
from django.urls import reverse

from lagesbild.demo import unsafe_place as demo
from lagesbild.models import UnsafePlaceAnswer, UnsafePlaceReport, UnsafePlaceStatus
from tests.lagesbild.factories import PlaceFactory, ProblemFactory, UnsafePlaceReportFactory
from tests.personas import ALL_PERSONAS
from trygg.models import OutgoingMail
from trygg.personaldata import personal_data_flags

pytestmark = pytest.mark.django_db

QUEUE = "/arbete/trygghetsrapporter/"


def case(report) -> str:
    return f"{QUEUE}{report.pk}/"


def publish_data(report, **overrides) -> dict:
    data = {
        "publicera-public_text": "Gångvägen är mörk på kvällen.",
        "publicera-place": report.place_id or "",
        "publicera-loaded_version": report.version,
        "submission": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def action_data(report, prefix: str, **fields) -> dict:
    return {
        f"{prefix}-version": report.version,
        "submission": str(uuid.uuid4()),
        **{f"{prefix}-{name}": value for name, value in fields.items()},
    }


# --- Who may moderate ----------------------------------------------------------------------------


MAY_MODERATE = {"coordinator_client"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("page", ["queue", "case", "reject"])
def test_only_coordinators_see_the_moderation_pages(request, persona, page):
    report = UnsafePlaceReportFactory()
    url = {"queue": QUEUE, "case": case(report), "reject": f"{case(report)}avvisa/"}[page]
    client = request.getfixturevalue(persona)

    response = client.get(url)

    if persona == "client":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == (200 if persona in MAY_MODERATE else 403)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_coordinators_may_publish(request, persona):
    report = UnsafePlaceReportFactory()
    client = request.getfixturevalue(persona)

    response = client.post(f"{case(report)}publicera/", publish_data(report))

    report.refresh_from_db()
    expected = UnsafePlaceStatus.PUBLISHED if persona in MAY_MODERATE else UnsafePlaceStatus.NEW
    assert report.status == expected
    assert response.status_code == (302 if persona in ("client", *MAY_MODERATE) else 403)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_moderation_menu_entry_and_dashboard_panel_are_for_coordinators(request, persona):
    UnsafePlaceReportFactory.create_batch(2)
    client = request.getfixturevalue(persona)
    if persona in ("client", "no_role_client"):
        return
    html = client.get("/arbete/").content.decode()

    shown = persona in MAY_MODERATE
    assert (f'href="{QUEUE}"' in html) is shown
    assert ("Nya trygghetsrapporter (2)" in html) is shown


# --- The queue -----------------------------------------------------------------------------------


def test_queue_shows_new_reports_by_default_and_filters_by_status_and_text(coordinator_client):
    new = UnsafePlaceReportFactory(description="Mörkt vid busskuren.")
    other_new = UnsafePlaceReportFactory(description="Skräp på torget.")
    published = UnsafePlaceReportFactory(published=True, description="Mörkt i parken.")

    assert list(coordinator_client.get(QUEUE).context["reports"]) == [other_new, new]
    assert list(coordinator_client.get(f"{QUEUE}?status=publicerad").context["reports"]) == [published]
    assert list(coordinator_client.get(f"{QUEUE}?status=&q=mörkt").context["reports"]) == [published, new]


def test_queue_marks_reports_with_personal_data(coordinator_client):
    UnsafePlaceReportFactory(description="Ring mig på 070-123 45 67.")

    assert "1 markering" in coordinator_client.get(QUEUE).content.decode()


def test_queue_is_paginated(coordinator_client):
    UnsafePlaceReportFactory.create_batch(26)

    response = coordinator_client.get(QUEUE)

    assert len(response.context["reports"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


@pytest.mark.parametrize("count", [1, 5])
def test_queue_query_count_is_constant(coordinator_client, count, django_assert_num_queries):
    for n in range(count):
        UnsafePlaceReportFactory(description=f"Rapport {n}, ring 070-123 45 6{n}.")
    coordinator_client.get("/arbete/")  # the session and the user are loaded once before counting

    with django_assert_num_queries(9):
        response = coordinator_client.get(QUEUE)

    assert len(response.context["reports"]) == count


# --- The case page -------------------------------------------------------------------------------


def test_case_page_highlights_personal_data_in_the_original(coordinator_client):
    report = UnsafePlaceReportFactory(
        description="Mörkt vid skolan, där står Kalle Svensson (850312 1234). Mejla ola@example.org."
    )

    html = coordinator_client.get(case(report)).content.decode()

    assert '<mark class="bg-warning-subtle">Kalle Svensson</mark>' in html
    assert '<mark class="bg-warning-subtle">850312 1234</mark>' in html
    assert '<mark class="bg-warning-subtle">ola@example.org</mark>' in html
    assert "möjligt namn, möjligt personnummer, e-postadress" in html


def test_flags_find_personal_data_and_explain_their_limits():
    text = (
        "Mörkt. Kalle Svensson står där. Vi såg Anna Berg vid 19850312-1234, ring 0477-123 45 "
        "eller +46 70 123 45 67, eller anna@example.org."
    )

    found = [(flag.kind, flag.text) for flag in personal_data_flags(text)]

    assert found == [
        # "Kalle Svensson" starts a sentence: the heuristic cannot tell it from a sentence's first words.
        ("namn", "Anna Berg"),
        ("personnummer", "19850312-1234"),
        ("telefon", "0477-123 45"),
        ("telefon", "+46 70 123 45 67"),
        ("e-post", "anna@example.org"),
    ]


def test_case_page_escapes_the_residents_text(coordinator_client):
    report = UnsafePlaceReportFactory(description="<script>alert(1)</script> Mörkt.")

    html = coordinator_client.get(case(report)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mörkt." in html


def test_publish_form_starts_with_the_original_text(coordinator_client):
    report = UnsafePlaceReportFactory(description="Invånarens text.")

    form = coordinator_client.get(case(report)).context["forms"]["publish"]

    assert form["public_text"].value() == "Invånarens text."


# --- Actions -------------------------------------------------------------------------------------


def test_publish_keeps_the_original_and_tells_the_reporter(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    place = PlaceFactory(slug="folkets-park", name="Folkets park")
    report = UnsafePlaceReportFactory(
        place=None,
        address="parken",
        email="anna@example.org",
        description="Kalle Svensson gömmer sig i buskarna.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"{case(report)}publicera/",
            publish_data(
                report, **{"publicera-public_text": "Buskarna skymmer sikten.", "publicera-place": place.pk}
            ),
        )

    assert response.status_code == 302 and response["Location"] == case(report)
    report.refresh_from_db()
    assert (report.status, report.public_text, report.description, report.place) == (
        UnsafePlaceStatus.PUBLISHED,
        "Buskarna skymmer sikten.",
        "Kalle Svensson gömmer sig i buskarna.",
        place,
    )
    assert report.moderated_by == coordinator_client.user and report.email == "anna@example.org"
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert "Buskarna skymmer sikten." in mailoutbox[0].body
    assert "/platser/folkets-park/" in mailoutbox[0].body
    assert OutgoingMail.objects.get().purpose == "unsafe-place"
    assert list(report.answers.values_list("kind", flat=True)) == ["publicerad"]
    page = coordinator_client.get("/platser/folkets-park/").content.decode()
    assert "Buskarna skymmer sikten." in page and "Kalle" not in page


def test_publish_refuses_a_text_that_still_holds_a_phone_number(coordinator_client):
    report = UnsafePlaceReportFactory()

    response = coordinator_client.post(
        f"{case(report)}publicera/", publish_data(report, **{"publicera-public_text": "Ring 070-123 45 67."})
    )

    assert response.status_code == 200
    assert response.context["forms"]["publish"].errors["public_text"] == [
        "Texten innehåller fortfarande möjligt telefonnummer: 070-123 45 67. Ta bort det innan du publicerar."
    ]
    report.refresh_from_db()
    assert report.status == UnsafePlaceStatus.NEW


def test_publish_needs_the_public_text(coordinator_client):
    report = UnsafePlaceReportFactory()

    response = coordinator_client.post(
        f"{case(report)}publicera/", publish_data(report, **{"publicera-public_text": ""})
    )

    assert list(response.context["forms"]["publish"].errors) == ["public_text"]


def test_reject_asks_for_confirmation_then_tells_the_reason_and_erases_the_address(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    report = UnsafePlaceReportFactory(email="anna@example.org")
    confirm = coordinator_client.get(f"{case(report)}avvisa/").content.decode()
    assert "Det går inte att ångra." in confirm and "Ja, avvisa rapporten" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"{case(report)}avvisa/",
            {"version": report.version, "reason": "Platsen ligger i en annan kommun."},
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reject_reason, report.email) == (
        UnsafePlaceStatus.REJECTED,
        "Platsen ligger i en annan kommun.",
        "",
    )
    assert report.closed_at is not None
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert "Platsen ligger i en annan kommun." in mailoutbox[0].body
    assert "anna@example.org" not in str(list(report.history.values()))


def test_reject_needs_a_reason(coordinator_client):
    report = UnsafePlaceReportFactory()

    response = coordinator_client.post(f"{case(report)}avvisa/", {"version": report.version, "reason": ""})

    assert list(response.context["form"].errors) == ["reason"]
    report.refresh_from_db()
    assert report.status == UnsafePlaceStatus.NEW


def test_duplicate_closes_the_report_and_links_the_first(coordinator_client):
    first = UnsafePlaceReportFactory()
    report = UnsafePlaceReportFactory(email="anna@example.org")

    coordinator_client.post(f"{case(report)}dubblett/", action_data(report, "dubblett", of=first.pk))

    report.refresh_from_db()
    assert (report.status, report.duplicate_of, report.email) == (UnsafePlaceStatus.DUPLICATE, first, "")


def test_link_to_a_problem(coordinator_client):
    problem = ProblemFactory(title="Mörka gångvägar")
    report = UnsafePlaceReportFactory()

    coordinator_client.post(f"{case(report)}problem/", action_data(report, "problem", problem=problem.pk))

    report.refresh_from_db()
    assert report.problem == problem


def test_closing_a_published_report_keeps_it_public_and_erases_the_address(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    report = UnsafePlaceReportFactory(published=True, email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"{case(report)}stang/", action_data(report, "stang", message="Lampan är lagad.")
        )

    report.refresh_from_db()
    assert (report.status, report.email) == (UnsafePlaceStatus.CLOSED, "")
    assert list(UnsafePlaceReport.objects.public()) == [report]
    assert "Lampan är lagad." in mailoutbox[0].body and "raderad" in mailoutbox[0].body
    assert mailoutbox[0].to == ["anna@example.org"]
    # Nor does the sent mail keep it (trygg.mail.forget_recipients_of): no address anywhere in the database.
    assert list(OutgoingMail.objects.values_list("purpose", "to")) == [("unsafe-place", [])]


def test_answer_is_mailed_and_logged(coordinator_client, mailoutbox, django_capture_on_commit_callbacks):
    report = UnsafePlaceReportFactory(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"{case(report)}svara/", action_data(report, "svar", text="Vi tittar på det.")
        )

    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert mailoutbox[0].body.startswith("Hej!\n\nTack för din rapport om ")
    assert "\n\nVi tittar på det.\n\n" in mailoutbox[0].body
    answer = UnsafePlaceAnswer.objects.get()
    assert (answer.report, answer.kind, answer.by) == (report, "svar", coordinator_client.user)
    assert "Vi tittar på det." in coordinator_client.get(case(report)).content.decode()


def test_no_answer_form_without_an_address(coordinator_client):
    report = UnsafePlaceReportFactory(email="")

    assert "answer" not in coordinator_client.get(case(report)).context["forms"]


def test_ended_report_offers_no_actions(coordinator_client):
    report = UnsafePlaceReportFactory(status=UnsafePlaceStatus.REJECTED, reject_reason="Reklam.")

    response = coordinator_client.get(case(report))

    assert response.context["forms"] == {}
    assert response.context["may_reject"] is False


def test_history_never_holds_the_address():
    report = UnsafePlaceReportFactory(email="anna@example.org")

    assert "email" not in {field.name for field in report.history.model._meta.get_fields()}


# --- Conflicts and forms sent twice --------------------------------------------------------------


def test_publishing_a_report_someone_changed_meanwhile_is_a_conflict(coordinator_client):
    report = UnsafePlaceReportFactory()
    loaded = report.version
    UnsafePlaceReport.objects.get(pk=report.pk).save()  # a colleague saved it in between

    response = coordinator_client.post(
        f"{case(report)}publicera/", publish_data(report, **{"publicera-loaded_version": loaded})
    )

    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    report.refresh_from_db()
    assert report.status == UnsafePlaceStatus.NEW


def test_an_action_sent_twice_is_done_once(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    report = UnsafePlaceReportFactory(email="anna@example.org")
    data = action_data(report, "svar", text="Tack, vi kollar.")

    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(f"{case(report)}svara/", data)
        second = coordinator_client.post(f"{case(report)}svara/", data, follow=True)

    assert first.status_code == 302
    assert "Formuläret hade redan skickats" in second.content.decode()
    assert len(mailoutbox) == 1 and UnsafePlaceAnswer.objects.count() == 1


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_has_a_flagged_new_a_published_and_a_rejected_report_and_loads_twice(coordinator):
    coordinator.username = "samordnare"
    coordinator.save()
    places = {"folkets-park-tingsryd": PlaceFactory(slug="folkets-park-tingsryd")}

    demo.load(places)
    demo.load(places)

    reports = UnsafePlaceReport.objects.order_by("pk")
    assert [r.status for r in reports] == ["ny", "publicerad", "avvisad"]
    assert {flag.kind for flag in personal_data_flags(reports[0].description)} == {
        "namn",
        "personnummer",
        "telefon",
    }
    assert reverse("lagesbild:workspace-unsafe-place", args=[reports[0].pk]) == case(reports[0])


# --- Counts for the lägesbild --------------------------------------------------------------------


def test_counts_per_quarter_place_and_category_leave_out_rejected_and_duplicates(coordinator_client):
    park = PlaceFactory(name="Folkets park", area__name="Tingsryd")
    UnsafePlaceReportFactory.create_batch(2, place=park)
    UnsafePlaceReportFactory(place=park, published=True, category="skadegorelse")
    UnsafePlaceReportFactory(place=park, status=UnsafePlaceStatus.REJECTED)
    UnsafePlaceReportFactory(place=park, status=UnsafePlaceStatus.DUPLICATE)
    UnsafePlaceReportFactory(place=None, address="Bron")
    UnsafePlaceReport.objects.update(created_at=datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC))

    response = coordinator_client.get(f"{QUEUE}siffror/")

    assert [(r.quarter, r.area, r.place, r.category, r.count) for r in response.context["rows"]] == [
        ("2026 K4", "Tingsryd", "Folkets park", "Dålig belysning", 2),
        ("2026 K4", "Tingsryd", "Folkets park", "Skadegörelse", 1),
        ("2026 K4", "", "", "Dålig belysning", 1),
    ]
    assert "Ingen plats vald (bara adress)" in response.content.decode()


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_counts_are_for_coordinators(request, persona):
    client = request.getfixturevalue(persona)

    response = client.get(f"{QUEUE}siffror/")

    assert response.status_code == {"client": 302, "coordinator_client": 200}.get(persona, 403)
