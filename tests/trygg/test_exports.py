"""trygg.exports: the workspace lists' downloads (CSV and Excel) of every row that the page's filters
select, shown here on the accessibility queue (/arbete/tillganglighet/), and the cell formatting."""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import timezone

from tests.downloads import csv_rows, xlsx_rows
from tests.personas import ALL_PERSONAS
from tests.trygg.factories import AccessibilityFeedbackFactory, UserFactory
from trygg.exports import cell, person, resolve
from trygg.models import AccessibilityFeedbackStatus

QUEUE = "/arbete/tillganglighet/"
MAY_HANDLE = ("coordinator_client", "admin_client")
HEADER = ["Synpunkt", "Inkommen", "Sida", "Beskrivning", "Status", "Handläggare", "Vill ha svar", "Stängd"]


# --- Cells ----------------------------------------------------------------------------------------------


def test_cell_writes_dates_booleans_numbers_and_empty_values_for_a_spreadsheet():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 4, 13, 5))

    assert cell(datetime.date(2026, 3, 4)) == "2026-03-04"
    assert cell(moment) == "2026-03-04 13:05"
    assert [cell(True), cell(False), cell(None)] == ["Ja", "Nej", ""]
    assert [cell(7), cell(2.5)] == [7, 2.5]


def test_resolve_follows_a_path_calls_methods_and_stops_at_none():
    row = SimpleNamespace(plan=SimpleNamespace(title="Plan A", label=lambda: "Pågår"), lead=None)

    assert resolve(row, "plan.title") == "Plan A"
    assert resolve(row, "plan.label") == "Pågår"
    assert resolve(row, "lead.name") is None
    assert resolve(row, lambda r: r.plan.title.upper()) == "PLAN A"


@pytest.mark.django_db
def test_person_is_the_full_name_or_else_the_user_name():
    assert person(UserFactory(username="kim", first_name="Kim", last_name="Berg")) == "Kim Berg"
    assert person(UserFactory(username="anon", first_name="", last_name="")) == "anon"
    assert person(None) == ""


# --- The accessibility queue's export -------------------------------------------------------------------


@pytest.mark.django_db
def test_export_has_the_header_and_the_rows_the_filter_selects_on_every_page(coordinator_client):
    for n in range(30):
        AccessibilityFeedbackFactory(description=f"Öppen synpunkt {n}")
    AccessibilityFeedbackFactory(description="Stängd synpunkt", status=AccessibilityFeedbackStatus.CLOSED)

    page = coordinator_client.get(QUEUE)
    response = coordinator_client.get(QUEUE + "?export=csv")

    assert len(page.context["cases"]) == 25  # one page of the queue
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert sorted(r[3] for r in rows[1:]) == sorted(f"Öppen synpunkt {n}" for n in range(30))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="tillganglighet-{today}.csv"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_export_applies_the_filters_of_the_page(coordinator_client):
    AccessibilityFeedbackFactory(
        description="Kontrasten är för låg", status=AccessibilityFeedbackStatus.CLOSED
    )
    AccessibilityFeedbackFactory(description="Kontrasten i menyn", status=AccessibilityFeedbackStatus.NEW)
    AccessibilityFeedbackFactory(description="Bilden saknar text", status=AccessibilityFeedbackStatus.CLOSED)

    rows = csv_rows(coordinator_client.get(QUEUE + "?status=closed&q=kontrast&page=1&export=csv"))

    assert [r[3] for r in rows[1:]] == ["Kontrasten är för låg"]
    assert rows[1][4] == "Stängd"


@pytest.mark.django_db
def test_page_links_to_both_files_with_its_filters_but_not_its_page(coordinator_client):
    AccessibilityFeedbackFactory()

    html = coordinator_client.get(QUEUE + "?status=new&q=knapp&page=1").content.decode()

    assert 'href="?status=new&amp;q=knapp&amp;export=csv"' in html
    assert 'href="?status=new&amp;q=knapp&amp;export=xlsx"' in html
    assert "Exportera listan som </span>CSV" in html
    assert "(1 rad)" in html


@pytest.mark.django_db
def test_xlsx_has_the_same_rows_as_the_csv(coordinator_client):
    AccessibilityFeedbackFactory(description="Första", page_url="/atgarder/")
    AccessibilityFeedbackFactory(description="Andra", email="")

    csv_file = csv_rows(coordinator_client.get(QUEUE + "?export=csv"))
    response = coordinator_client.get(QUEUE + "?export=xlsx")

    assert response["Content-Disposition"].endswith('.xlsx"')
    assert xlsx_rows(response) == csv_file


@pytest.mark.django_db
def test_export_never_holds_the_reporters_address(coordinator_client):
    AccessibilityFeedbackFactory(email="invanare@example.org")

    for kind in ("csv", "xlsx"):
        response = coordinator_client.get(f"{QUEUE}?export={kind}")
        assert b"invanare@example.org" not in response.content
    assert csv_rows(coordinator_client.get(QUEUE + "?export=csv"))[1][6] == "Ja"  # only that there is one


@pytest.mark.django_db
def test_formula_like_text_stays_text(coordinator_client):
    AccessibilityFeedbackFactory(description='=HYPERLINK("https://example.org","klicka")')

    rows = csv_rows(coordinator_client.get(QUEUE + "?export=csv"))
    cell_xlsx = xlsx_rows(coordinator_client.get(QUEUE + "?export=xlsx"))[1][3]

    assert rows[1][3] == '\'=HYPERLINK("https://example.org","klicka")'
    assert cell_xlsx == '=HYPERLINK("https://example.org","klicka")'
    sheet = openpyxl.load_workbook(io.BytesIO(coordinator_client.get(QUEUE + "?export=xlsx").content)).active
    assert sheet.cell(row=2, column=4).data_type == "s"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pdf", "", "CSV"])
def test_unknown_format_is_a_bad_request(coordinator_client, kind):
    assert coordinator_client.get(f"{QUEUE}?export={kind}").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_those_who_see_the_queue_get_its_export(request, persona):
    AccessibilityFeedbackFactory(description="Hemlig synpunkt")
    client = request.getfixturevalue(persona)

    response = client.get(QUEUE + "?export=csv")

    if persona == "client":
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == (200 if persona in MAY_HANDLE else 403)
    assert b"Hemlig synpunkt" not in response.content or persona in MAY_HANDLE


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_export_query_count_is_constant(coordinator_client, coordinator, count, django_assert_num_queries):
    AccessibilityFeedbackFactory.create_batch(count, assigned_to=coordinator)

    with django_assert_num_queries(4):  # the session, the user, the user's roles, the rows with their handler
        response = coordinator_client.get(QUEUE + "?export=xlsx")

    assert len(xlsx_rows(response)) == count + 1
