"""Residents' reports as a source of the lägesbild: counts per place, category and quarter on a
lägesbild's workspace page (coordinators only, linking to the queue filtered), and on the public
/lagesbild/ page published reports per category with small counts written "färre än 5"."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from lagesbild.models import Problem, UnsafePlaceCategory, UnsafePlaceReport, UnsafePlaceStatus
from lagesbild.services.unsafe_place import counts_for_period, public_counts_by_category, quarter_bounds
from tests.lagesbild.factories import PlaceFactory, SituationReportFactory, UnsafePlaceReportFactory
from tests.personas import ALL_PERSONAS
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

START, END = datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)


def arrived(report, day: datetime.date):
    """Move a report's arrival to `day` at noon (created_at is set automatically)."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    UnsafePlaceReport.objects.filter(pk=report.pk).update(created_at=when)
    return report


def make(n: int, day: datetime.date, **kwargs) -> list:
    return [arrived(UnsafePlaceReportFactory(**kwargs), day) for _ in range(n)]


# --- The counts of a period ------------------------------------------------------------------------


def test_counts_per_place_category_and_quarter_leave_out_rejected_duplicates_and_other_periods():
    park = PlaceFactory(name="Parken", area__name="Ryd")
    torg = PlaceFactory(name="Torget", area__name="Tingsryd")
    make(3, datetime.date(2023, 2, 1), place=park)
    make(1, datetime.date(2023, 5, 1), place=torg, category=UnsafePlaceCategory.TRAFFIC, published=True)
    make(1, datetime.date(2024, 12, 31), place=None, address="Bakom skolan", status=UnsafePlaceStatus.CLOSED)
    make(1, datetime.date(2023, 3, 1), place=park, status=UnsafePlaceStatus.REJECTED)
    make(1, datetime.date(2023, 3, 1), place=park, status=UnsafePlaceStatus.DUPLICATE)
    make(2, datetime.date(2022, 12, 31), place=park)
    make(2, datetime.date(2025, 1, 1), place=park)

    counts = counts_for_period(START, END)

    assert counts.total == 5
    assert [(t.label, t.count) for t in counts.by_place] == [
        ("Ryd: Parken", 3),
        ("Ingen plats vald", 1),
        ("Tingsryd: Torget", 1),
    ]
    assert [(t.label, t.count) for t in counts.by_category] == [("Dålig belysning", 4), ("Trafik", 1)]
    assert [(t.label, t.count) for t in counts.by_quarter] == [("2023 K1", 3), ("2023 K2", 1), ("2024 K4", 1)]


@pytest.mark.parametrize(
    ("year", "quarter", "first", "last"),
    [
        (2024, 1, "2024-01-01", "2024-03-31"),
        (2024, 2, "2024-04-01", "2024-06-30"),
        (2023, 4, "2023-10-01", "2023-12-31"),
    ],
)
def test_quarter_bounds(year, quarter, first, last):
    wide = (datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    assert quarter_bounds(year, quarter, *wide) == {"start": first, "end": last}


def test_quarter_bounds_stay_within_the_period():
    assert quarter_bounds(2024, 1, datetime.date(2024, 2, 15), datetime.date(2024, 3, 1)) == {
        "start": "2024-02-15",
        "end": "2024-03-01",
    }


def test_each_count_links_to_the_queue_showing_exactly_those_reports(coordinator_client):
    park, torg = PlaceFactory(), PlaceFactory()
    make(3, datetime.date(2023, 2, 1), place=park)
    make(2, datetime.date(2024, 5, 1), place=torg, category=UnsafePlaceCategory.TRAFFIC, published=True)
    make(1, datetime.date(2023, 2, 1), place=park, status=UnsafePlaceStatus.REJECTED)
    make(1, datetime.date(2025, 2, 1), place=park)
    counts = counts_for_period(START, END)

    for tally in [*counts.by_place, *counts.by_category, *counts.by_quarter]:
        response = coordinator_client.get(f"/arbete/trygghetsrapporter/?{tally.query}")
        assert response.status_code == 200
        assert len(response.context["reports"]) == tally.count, tally
        assert "Visar bara" in response.content.decode()
    everything = coordinator_client.get(f"/arbete/trygghetsrapporter/?{counts.query}")
    assert len(everything.context["reports"]) == 5


def test_queue_refuses_a_malformed_place_filter(coordinator_client):
    response = coordinator_client.get("/arbete/trygghetsrapporter/?status=&place=x")
    assert response.status_code == 200
    assert list(response.context["reports"]) == []


# --- On the lägesbild's workspace page --------------------------------------------------------------


def test_coordinator_sees_the_reports_as_part_of_the_lagesbild(coordinator_client):
    report = SituationReportFactory(period_start=START, period_end=END)
    park = PlaceFactory(name="Folkparken", area__name="Ryd")
    make(2, datetime.date(2024, 3, 1), place=park)
    make(1, datetime.date(2021, 3, 1), place=park)

    page = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/").content.decode()

    assert "Invånarnas rapporter om otrygga platser" in page
    assert "kom 2 rapporter om otrygga platser in" in page
    assert "Ryd: Folkparken" in page
    assert "2024 K1" in page
    assert f"?status=raknade&amp;start=2023-01-01&amp;end=2024-12-31&amp;place={park.pk}" in page


def test_without_reports_in_its_period_the_lagesbild_shows_the_last_twelve_months(coordinator_client):
    report = SituationReportFactory(period_start=START, period_end=END)
    make(3, timezone.localdate() - datetime.timedelta(days=10), place=PlaceFactory(name="Busstorget"))

    page = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/").content.decode()

    assert "Under lägesbildens period (2023-01-01 – 2024-12-31) kom inga rapporter" in page
    assert "De senaste tolv månaderna" in page and "kom 3 rapporter in." in page
    assert "Busstorget" in page
    assert "Rapporterna från de senaste tolv månaderna" in page


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p not in ("client", "coordinator_client")])
def test_only_coordinators_see_the_residents_reports_on_a_lagesbild(request, persona):
    report = SituationReportFactory(period_start=START, period_end=END, public=True)
    make(6, datetime.date(2024, 3, 1), place=PlaceFactory(name="Folkparken"))
    response = request.getfixturevalue(persona).get(f"/arbete/lagesbild/{report.pk}/")
    assert "Folkparken" not in response.content.decode()
    assert "Invånarnas rapporter om otrygga platser" not in response.content.decode()


# --- On /lagesbild/: published reports per category, small counts suppressed -------------------------


def public_cells(client) -> dict[str, str]:
    pagecache.bump()
    page = client.get("/lagesbild/").content.decode()
    table = page.split('id="invanarrapporter-tabell"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="text-end">([^<]+)</td>', table)
    return dict(rows)


def test_public_counts_per_category_write_small_counts_as_fewer_than(client):
    today = timezone.localdate()
    make(6, today, published=True)
    make(3, today, category=UnsafePlaceCategory.TRAFFIC, published=True)

    cells = public_cells(client)

    assert cells == {"Dålig belysning": "6", "Trafik": "färre än 5"}


def test_unpublished_rejected_and_duplicate_reports_never_count_publicly(client):
    today = timezone.localdate()
    make(5, today, published=True)
    make(1, today, status=UnsafePlaceStatus.PUBLISHED, public_text="Stängd", moderated_at=timezone.now())
    UnsafePlaceReport.objects.filter(public_text="Stängd").update(status=UnsafePlaceStatus.CLOSED)
    for status in [UnsafePlaceStatus.NEW, UnsafePlaceStatus.REJECTED, UnsafePlaceStatus.DUPLICATE]:
        make(3, today, status=status)
        make(4, today, status=status, category=UnsafePlaceCategory.TRAFFIC)
    make(2, today, status=UnsafePlaceStatus.CLOSED)  # closed without ever being published

    cells = public_cells(client)

    assert cells == {"Dålig belysning": "6"}  # five published and one closed after publishing


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_a_count_of_one_to_four_is_never_shown(client, n):
    today = timezone.localdate()
    make(n, today, published=True)
    make(n, today, category=UnsafePlaceCategory.OTHER, published=True)
    cells = public_cells(client)
    assert cells == {"Dålig belysning": "färre än 5", "Annat": "färre än 5"}
    assert all(tally.count is None for tally in public_counts_by_category(today, today))
    pagecache.bump()
    table = client.get("/lagesbild/").content.decode().split('id="invanarrapporter"', 1)[1]
    table = table.split("</section>", 1)[0]
    assert not re.search(rf">\s*{n}\s*<", table)


def test_public_counts_cover_the_last_twelve_months(client):
    old = timezone.localdate() - datetime.timedelta(days=400)
    make(7, old, published=True)
    pagecache.bump()
    page = client.get("/lagesbild/").content.decode()
    assert "Inga rapporter är publicerade under perioden." in page


# --- A cluster of reports becomes a problem ---------------------------------------------------------

NEW_PROBLEM = "/arbete/trygghetsrapporter/nytt-problem/"


def cluster():
    park = PlaceFactory(name="Parken", area__name="Ryd")
    reports = [
        *make(2, datetime.date(2026, 3, 1), place=park, description="Kalle Svensson HEMLIGT"),
        *make(1, datetime.date(2026, 4, 2), place=park, category=UnsafePlaceCategory.TRAFFIC),
        *make(1, datetime.date(2026, 5, 3), place=None, address="Bakom skolan"),
    ]
    return park, reports


def create_data(chosen, **overrides) -> dict:
    return {
        "title": "Mörkt i parken",
        "description": "Flera rapporter om belysningen.",
        "places": [r.place_id for r in chosen if r.place_id][:1],
        "visibility": Visibility.INTERNAL,
        "reports": [r.pk for r in chosen],
        "submission": str(uuid.uuid4()),
        **overrides,
    }


def test_queue_has_a_checkbox_per_report_and_a_button_that_sends_them_by_get(coordinator_client):
    _park, reports = cluster()
    page = coordinator_client.get("/arbete/trygghetsrapporter/").content.decode()
    assert f'action="{NEW_PROBLEM}"' in page
    for report in reports:
        assert f'name="valda" value="{report.pk}" id="valj-{report.pk}"' in page
        assert f'for="valj-{report.pk}">Välj rapport {report.pk}</label>' in page
    assert "Skapa ett problem av de valda" in page


def test_the_form_is_prefilled_from_the_chosen_reports_without_their_text(coordinator_client):
    park, reports = cluster()
    response = coordinator_client.get(NEW_PROBLEM, {"valda": [r.pk for r in reports]})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Dålig belysning: Parken"
    assert form.initial["description"].splitlines() == [
        "Underlag: 4 rapporter från invånare om otrygga platser, inkomna 2026-03-01 – 2026-05-03.",
        "Kategorier: Dålig belysning (3), Trafik (1).",
        "Platser: Parken (3), ingen plats vald i listan (1).",
    ]
    assert form.initial["places"] == [park.pk]
    assert form.initial["visibility"] == Visibility.INTERNAL
    page = response.content.decode()
    assert "HEMLIGT" not in page and "Kalle Svensson" not in page
    assert "Bakom skolan" not in form.initial["title"] + form.initial["description"]
    assert Problem.objects.count() == 0  # nothing is saved on GET


def test_without_a_chosen_report_the_queue_says_so(coordinator_client):
    response = coordinator_client.get(NEW_PROBLEM, follow=True)
    assert "Välj minst en rapport i listan" in response.content.decode()


def test_confirming_creates_an_internal_problem_and_links_every_report(coordinator_client):
    park, reports = cluster()

    response = coordinator_client.post(NEW_PROBLEM, create_data(reports))

    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/arbete/problem/#problem-{problem.pk}"
    assert problem.title == "Mörkt i parken"
    assert problem.visibility == Visibility.INTERNAL
    assert list(problem.places.all()) == [park]
    assert list(problem.areas.all()) == [park.area]
    assert set(problem.unsafe_place_reports.all()) == set(reports)
    assert problem.history.first().history_user is not None


def test_a_form_sent_twice_creates_one_problem(coordinator_client):
    _park, reports = cluster()
    data = create_data(reports)
    coordinator_client.post(NEW_PROBLEM, data)
    again = coordinator_client.post(NEW_PROBLEM, data, follow=True)
    assert Problem.objects.count() == 1
    assert "Formuläret hade redan skickats" in again.content.decode()


def test_a_problem_needs_a_title_and_at_least_one_report(coordinator_client):
    _park, reports = cluster()
    response = coordinator_client.post(NEW_PROBLEM, create_data(reports, title="", reports=[], places=[]))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "reports"}
    assert Problem.objects.count() == 0


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "coordinator_client"])
def test_only_coordinators_turn_reports_into_a_problem(request, persona):
    _park, reports = cluster()
    client = request.getfixturevalue(persona)
    for response in [
        client.get(NEW_PROBLEM, {"valda": [r.pk for r in reports]}),
        client.post(NEW_PROBLEM, create_data(reports)),
    ]:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"].startswith("/konto/logga-in/")
    assert Problem.objects.count() == 0
