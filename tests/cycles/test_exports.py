"""Exports of the cycles workspace lists (trygg.exports): every row the page's filters select, on all
pages, as CSV and Excel, only what the user may see on the page, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import ActionPlan, Assessment, FollowUpPeriod, Measure, MeasureImport, MeasureStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    FollowUpFactory,
    FollowUpReportFactory,
    MeasureFeedbackFactory,
    MeasureUpdateFactory,
    MilestoneFactory,
    link_user_to_actor,
    period_with_measures,
    public_measure,
)
from tests.downloads import csv_rows, xlsx_rows
from tests.personas import ALL_PERSONAS
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = pytest.mark.django_db


def export(url: str, kind: str = "csv") -> str:
    return f"{url}{'&' if '?' in url else '?'}export={kind}"


# Each list: a function that adds n rows a coordinator sees and returns the list's URL, and the header.


def measures(n, user):
    for _i in range(n):
        public_measure()
    return "/arbete/atgarder/"


def plans(n, user):
    ActionPlanFactory.create_batch(n)
    return "/arbete/planer/"


def reports(n, user):
    FollowUpReportFactory.create_batch(n)
    return "/arbete/rapporter/"


def waiting_updates(n, user):
    author = UserFactory(roles=[Role.PARTNER_EDITOR])
    link_user_to_actor(author)
    MeasureUpdateFactory.create_batch(n, approved_at=None, needs_approval=True, author=author)
    return "/arbete/atgarder/granska/"


def follow_ups(n, user):
    period = FollowUpPeriod.objects.first()
    if period is None:
        period = period_with_measures(1)
        FollowUpFactory(period=period, measure=period.measures().get())
        n -= 1
    for _i in range(n):
        public_measure(plan=ActionPlan.objects.get(cycle=period.cycle))
    return "/arbete/uppfoljning/"


def imports(n, user):
    for i in range(n):
        MeasureImport.objects.create(created_by=user, file_name=f"atgarder-{i}.xlsx", changed=i)
    return "/arbete/atgarder/importer/"


def milestones(n, user):
    measure = Measure.objects.filter(slug="belysning").first() or public_measure(slug="belysning")
    MilestoneFactory.create_batch(n, measure=measure, responsible=ActorFactory())
    return "/arbete/atgarder/belysning/delmal/"


def feedback(n, user):
    MeasureFeedbackFactory.create_batch(n, email="invanare@example.org")
    return "/arbete/synpunkter/"


LISTS = {
    "atgarder": (
        measures,
        "Åtgärd;Adress;Åtgärdsplan;Ansvarig aktör;Status;Procent klart;Start;Klart senast;"
        "Senaste lägesrapport;Inaktuell;Synlighet",
    ),
    "planer": (plans, "Plan;Status;Gäller från;Gäller till;Samverkansperiod;Åtgärder;Synlighet"),
    "rapporter": (reports, "Rubrik;Period;Version;Status;Senaste beslut;Diarienummer"),
    "granska": (waiting_updates, "Åtgärd;Datum;Status;Procent klart;Skriven av;Aktör;Text"),
    "uppfoljning": (follow_ups, "Period;Åtgärd;Ansvarig aktör;Uppföljning;Bedömning"),
    "importer": (imports, "Uppladdad;Fil;Vem;Status;Ändrade;Oförändrade;Fel"),
    "delmal": (milestones, "Delmål;Klart senast;Klart;Försenat;Ansvarig aktör;Synlighet"),
    "synpunkter": (
        feedback,
        "Synpunkt;Inkommen;Åtgärd;Status;Besvarad;Markeringar för personuppgifter;Text som visas offentligt",
    ),
}


@pytest.mark.parametrize("name", LISTS)
def test_export_has_the_header_and_every_row(coordinator_client, coordinator, name):
    build, header = LISTS[name]
    url = build(3, coordinator)

    rows = csv_rows(coordinator_client.get(export(url)))

    assert ";".join(rows[0]) == header
    assert len(rows) == 1 + 3
    assert len(coordinator_client.get(url).context["object_list"]) == 3  # the page shows the same rows


@pytest.mark.parametrize("name", LISTS)
def test_xlsx_has_the_same_rows_as_the_csv(coordinator_client, coordinator, name):
    url = LISTS[name][0](2, coordinator)

    response = coordinator_client.get(export(url, "xlsx"))

    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["Cache-Control"] == "private, no-store"
    assert xlsx_rows(response) == csv_rows(coordinator_client.get(export(url)))


@pytest.mark.parametrize("name", LISTS)
def test_export_runs_the_same_number_of_queries_for_1_and_5_rows(coordinator_client, coordinator, name):
    build = LISTS[name][0]
    url = build(1, coordinator)
    coordinator_client.get(url)  # the session and the user are loaded once before counting
    with CaptureQueriesContext(connection) as one:
        coordinator_client.get(export(url, "xlsx"))

    build(4, coordinator)
    with CaptureQueriesContext(connection) as five:
        response = coordinator_client.get(export(url, "xlsx"))

    assert len(xlsx_rows(response)) == 1 + 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("name", LISTS)
def test_export_answers_as_its_page_does(request, coordinator, persona, name):
    url = LISTS[name][0](1, coordinator)
    client = request.getfixturevalue(persona)

    page, file = client.get(url), client.get(export(url))

    assert file.status_code == page.status_code
    if page.status_code == 302:
        assert file["Location"].startswith("/konto/logga-in/")


# --- Filters, pages and what each user may see ------------------------------------------------------------


def test_measure_export_has_every_page_of_the_filtered_rows(coordinator_client):
    for i in range(26):
        public_measure(title=f"Pågår {i:02}")
    public_measure(title="Planerad", status=MeasureStatus.PLANNED)

    page = coordinator_client.get("/arbete/atgarder/?status=ongoing&page=2")
    rows = csv_rows(coordinator_client.get("/arbete/atgarder/export.csv?status=ongoing"))

    assert len(page.context["measures"]) == 1  # the second page holds the 26th
    assert [r[0] for r in rows[1:]] == [f"Pågår {i:02}" for i in range(26)]


def test_measure_overview_links_to_its_export_urls_with_its_filters(coordinator_client):
    public_measure()

    html = coordinator_client.get("/arbete/atgarder/?status=ongoing&page=1").content.decode()
    workbook = xlsx_rows(coordinator_client.get("/arbete/atgarder/export.xlsx?status=ongoing"))

    assert 'href="/arbete/atgarder/export.csv?status=ongoing"' in html
    assert 'href="/arbete/atgarder/export.xlsx?status=ongoing"' in html
    assert workbook == csv_rows(coordinator_client.get("/arbete/atgarder/export.csv?status=ongoing"))


def test_follow_up_export_applies_the_status_filter(coordinator_client, coordinator):
    url = follow_ups(3, coordinator)

    rows = csv_rows(coordinator_client.get(url + "?status=draft&export=csv"))

    assert [r[3] for r in rows[1:]] == ["Utkast"]
    assert rows[1][4] == str(Assessment.GREEN.label)


def test_my_follow_ups_export_has_only_the_partners_own_measures(police_partner_client, followup_world):
    rows = csv_rows(police_partner_client.get("/arbete/uppfoljning/mina/?export=csv"))

    assert [r[1] for r in rows[1:]] == ["Polisen i centrum"]
    assert rows[0][:3] == ["Period", "Åtgärd", "Ansvarig aktör"]


def test_board_readers_export_no_draft_reports(board_client, report_states):
    rows = csv_rows(board_client.get("/arbete/rapporter/?export=csv"))

    assert sorted(r[0] for r in rows[1:]) == ["Hos styrgruppen", "Publicerad"]


def test_coordinators_export_every_report_with_its_latest_decision(coordinator_client, report_states):
    rows = csv_rows(coordinator_client.get("/arbete/rapporter/?export=csv"))

    assert sorted(r[0] for r in rows[1:]) == ["Hos styrgruppen", "Publicerad", "Utkastet"]
    decisions = {r[0]: r[4] for r in rows[1:]}
    assert decisions["Utkastet"] == ""
    assert decisions["Publicerad"].startswith(str(report_states["published"].latest_decision.forum.name))


def test_partner_exports_only_their_own_imports(police_partner_client, police_partner, coordinator):
    link_user_to_actor(police_partner)
    MeasureImport.objects.create(created_by=police_partner, file_name="mina.xlsx")
    MeasureImport.objects.create(created_by=coordinator, file_name="samordnarens.xlsx")

    rows = csv_rows(police_partner_client.get("/arbete/atgarder/importer/?export=csv"))

    assert [r[1] for r in rows[1:]] == ["mina.xlsx"]


def test_partner_exports_only_feedback_on_measures_their_actor_leads(police_partner_client, police_partner):
    own = public_measure(lead_actor=link_user_to_actor(police_partner), title="Egen åtgärd")
    MeasureFeedbackFactory(measure=own)
    MeasureFeedbackFactory(measure=public_measure(title="Annans åtgärd"))

    rows = csv_rows(police_partner_client.get("/arbete/synpunkter/?export=csv"))

    assert [r[2] for r in rows[1:]] == ["Egen åtgärd"]


def test_feedback_export_keeps_the_default_filter_and_leaves_the_residents_words_out(coordinator_client):
    MeasureFeedbackFactory(text="Ring mig på 070-123 45 67", email="invanare@example.org")
    MeasureFeedbackFactory(published=True, text="Redan publicerad")

    response = coordinator_client.get("/arbete/synpunkter/?export=csv")  # the page's link without filters
    rows = csv_rows(response)

    assert [r[3] for r in rows[1:]] == ["Ny"]  # new feedback only, as the page shows by default
    assert rows[1][5] == "1"  # the phone number is flagged, as in the table
    text = response.content.decode("utf-8-sig")
    assert "invanare@example.org" not in text and "070-123 45 67" not in text
    assert len(csv_rows(coordinator_client.get("/arbete/synpunkter/?status=&export=csv"))) == 1 + 2


def test_milestone_export_is_named_for_the_measure(coordinator_client, coordinator):
    url = milestones(1, coordinator)

    response = coordinator_client.get(export(url))

    assert 'filename="delmal-belysning-' in response["Content-Disposition"]
    assert csv_rows(response)[1][3] == "Nej"  # not overdue
