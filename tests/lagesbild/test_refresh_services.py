"""The scheduled Kolada refresh (`manage.py refresh_kolada` and lagesbild.services.refresh) and the
dashboard's warning when the latest refresh of an indicator failed.

Kolada's answers are the real ones in data/kolada/ (see its README.md), served by a replaced urlopen:
no test reaches the network. The municipality is Stockholm (0180, county 0001), which the real answers
cover."""

import datetime
import io
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.models import ImportRun, ImportStatus, IndicatorSource, IndicatorValue
from lagesbild.services.refresh import failed_refreshes, refresh_kolada, refresh_years
from tests.lagesbild.factories import ImportRunFactory, IndicatorFactory, IndicatorValueFactory
from tests.lagesbild.network import FakeResponse

DATA = Path(__file__).parent / "data" / "kolada"
V3 = "K1_kolada_v3_N00945_real.json"
V2 = "K2_kolada_v2_N00945_real_with_nulls.json"
NOW = datetime.datetime(2026, 11, 29, 3, 15, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stockholm(settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0180"


@pytest.fixture
def kolada_answers(monkeypatch):
    """urlopen answering each KPI from a dict {kpi: bytes or exception}; returns the URLs asked for."""
    asked: list[str] = []
    answers: dict = {}

    def fake_urlopen(request, timeout=None):
        asked.append(request.full_url)
        reply = answers[request.full_url.split("/data/kpi/")[1].split("/")[0]]
        if isinstance(reply, Exception):
            raise reply
        return FakeResponse(reply)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    def use(**replies) -> list[str]:
        answers.update(replies)
        return asked

    return use


def refreshed(kpi: str = "N00945", **fields):
    return IndicatorFactory(source=IndicatorSource.KOLADA, external_id=kpi, refresh=True, **fields)


# --- The service -----------------------------------------------------------------------------------


def test_refresh_years_are_the_last_ten_up_to_this_year_unless_set(settings):
    assert refresh_years(now=NOW) == list(range(2017, 2027))
    settings.TRYGG_KOLADA_REFRESH_YEARS = 3
    assert refresh_years(now=NOW) == [2024, 2025, 2026]


def test_refresh_writes_the_values_as_a_scheduled_run(kolada_answers):
    indicator = refreshed()
    asked = kolada_answers(N00945=(DATA / V3).read_bytes())
    [run] = refresh_kolada(now=NOW)
    assert asked == [
        "https://api.kolada.se/v3/data/kpi/N00945/municipality/0180,0001,0000/year/"
        "2017,2018,2019,2020,2021,2022,2023,2024,2025,2026"
    ]
    assert (run.indicator, run.scheduled, run.status, run.rows_read, run.rows_created) == (
        indicator,
        True,
        ImportStatus.OK,
        63,
        63,
    )
    assert run.file_name == asked[0] and run.created_by is None
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 63
    assert IndicatorValue.objects.get(area_code="0180", year=2000).value == Decimal("31.33")


def test_refresh_skips_indicators_not_marked_and_other_sources(kolada_answers):
    IndicatorFactory(source=IndicatorSource.KOLADA, external_id="N00945", refresh=False)
    IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott", refresh=True)
    asked = kolada_answers()
    assert refresh_kolada(now=NOW) == []
    assert asked == [] and not ImportRun.objects.exists()


def test_refresh_twice_changes_nothing_the_second_time(kolada_answers):
    refreshed()
    kolada_answers(N00945=(DATA / V3).read_bytes())
    refresh_kolada(now=NOW)
    [second] = refresh_kolada(now=NOW)
    assert (second.status, second.rows_created, second.rows_updated) == (ImportStatus.OK, 0, 0)
    assert IndicatorValue.objects.count() == 63


def test_a_null_from_kolada_never_erases_a_stored_figure(kolada_answers):
    indicator = refreshed()
    stored = IndicatorValueFactory(
        indicator=indicator, area_code="0180", area_name="Stockholm", year=1996, value=Decimal("30.10")
    )
    kolada_answers(N00945=(DATA / V2).read_bytes())  # Stockholm 1996 is null in this answer
    [run] = refresh_kolada(now=NOW)
    stored.refresh_from_db()
    assert run.status == ImportStatus.OK and run.scheduled
    assert stored.value == Decimal("30.10")
    assert run.rows_removed == 0
    assert IndicatorValue.objects.get(indicator=indicator, area_code="1280", year=1996).value is None


def test_a_failed_fetch_is_logged_as_a_failed_scheduled_run(kolada_answers):
    indicator = refreshed()
    kolada_answers(N00945=urllib.error.URLError(OSError(101, "Network is unreachable")))
    [run] = refresh_kolada(now=NOW)
    assert (run.indicator, run.scheduled, run.status) == (indicator, True, ImportStatus.FAILED)
    assert run.errors[0]["reason"].startswith(
        "Det gick inte att nå Kolada. Kontrollera att servern har internet"
    )
    assert not IndicatorValue.objects.exists()


def test_one_failing_kpi_does_not_hold_back_the_others(kolada_answers):
    good, bad = refreshed("N00945", name="Bra"), refreshed("N99999", name="Okänd")
    kolada_answers(
        N00945=(DATA / V3).read_bytes(),
        N99999=urllib.error.HTTPError("https://api.kolada.se", 404, "Not Found", {}, None),
    )
    runs = {run.indicator: run for run in refresh_kolada(now=NOW)}
    assert (runs[good].status, runs[bad].status) == (ImportStatus.OK, ImportStatus.FAILED)
    assert "HTTP 404" in runs[bad].errors[0]["reason"]
    assert IndicatorValue.objects.filter(indicator=good).count() == 63


def test_an_empty_answer_is_a_failed_refresh_that_says_so(kolada_answers):
    refreshed()
    kolada_answers(N00945=b'{"count": 0, "values": [], "next_url": null}')
    [run] = refresh_kolada(now=NOW)
    assert run.status == ImportStatus.FAILED
    assert run.errors == [
        {
            "line": None,
            "reason": "Kolada har inga värden för N00945 för 0180, 0001, 0000 åren 2017–2026.",
        }
    ]


# --- The command -----------------------------------------------------------------------------------


def test_command_prints_a_line_per_indicator(kolada_answers):
    refreshed(name="Invånare")
    kolada_answers(N00945=(DATA / V3).read_bytes())
    out = io.StringIO()
    call_command("refresh_kolada", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("N00945 Invånare: Klar. 63 nya, 0 ändrade, 0 oförändrade värden för ")
    assert lines[-1] == "Klart. Indikatorer som hämtades från Kolada: 1."
    assert ImportRun.objects.get().scheduled


def test_command_fails_with_exit_code_1_when_a_refresh_failed(kolada_answers):
    refreshed(name="Invånare")
    kolada_answers(N00945=urllib.error.HTTPError("https://api.kolada.se", 503, "Unavailable", {}, None))
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("refresh_kolada", stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert str(failed.value) == "1 av 1 uppdateringar misslyckades."
    assert "Kolada svarar inte just nu (HTTP 503). Försök igen senare." in err.getvalue()
    run = ImportRun.objects.get()
    assert (run.status, run.scheduled) == (ImportStatus.FAILED, True)


def test_command_with_nothing_to_refresh_says_so():
    out = io.StringIO()
    call_command("refresh_kolada", stdout=out)
    assert out.getvalue() == "Ingen indikator uppdateras automatiskt. Inget hämtades.\n"


# --- The dashboard ---------------------------------------------------------------------------------


PANEL = "Automatisk uppdatering från Kolada"


def failed_refresh(indicator, reason="Kolada svarar inte just nu (HTTP 503). Försök igen senare."):
    return ImportRunFactory(
        indicator=indicator,
        scheduled=True,
        status=ImportStatus.FAILED,
        errors=[{"line": None, "reason": reason}],
    )


def test_dashboard_shows_a_failed_refresh_to_the_coordinator(coordinator_client):
    run = failed_refresh(refreshed(name="Invånare i Stockholm"))
    html = coordinator_client.get("/arbete/").content.decode()
    assert PANEL in html
    assert f'<a href="/arbete/statistik/importer/{run.pk}/">Invånare i Stockholm</a>' in html
    assert "Kolada svarar inte just nu (HTTP 503)." in html


@pytest.mark.parametrize("persona", ["police_partner_client", "board_client"])
def test_dashboard_hides_failed_refreshes_from_roles_without_statistics(request, persona):
    failed_refresh(refreshed(name="Invånare i Stockholm"))
    client = request.getfixturevalue(persona)
    response = client.get("/arbete/")
    assert response.status_code == 200
    assert PANEL not in response.content.decode()


def test_dashboard_only_counts_the_latest_scheduled_run(coordinator_client):
    recovered, still_failing, manual = (
        refreshed(kpi, name=name)
        for kpi, name in (("N00901", "Återhämtad"), ("N00902", "Trasig"), ("N00903", "Manuell"))
    )
    failed_refresh(recovered)
    ImportRunFactory(indicator=recovered, scheduled=True, status=ImportStatus.OK)
    failed_refresh(still_failing)
    ImportRunFactory(indicator=manual, scheduled=False, status=ImportStatus.FAILED)
    assert [run.indicator for run in failed_refreshes()] == [still_failing]
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Trasig" in html and "Återhämtad" not in html and "Manuell" not in html


def test_dashboard_is_calm_when_every_refresh_worked(coordinator_client):
    ImportRunFactory(indicator=refreshed(), scheduled=True, status=ImportStatus.OK)
    assert PANEL not in coordinator_client.get("/arbete/").content.decode()


def test_failed_refreshes_is_one_query(django_assert_num_queries):
    for n in range(3):
        failed_refresh(refreshed(f"N0090{n}"))
    with django_assert_num_queries(1):
        runs = failed_refreshes()
        names = [run.indicator.name for run in runs]
    assert len(names) == 3


def test_dashboard_query_count_does_not_grow_with_failed_refreshes(coordinator_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get("/arbete/").status_code == 200
        return len(captured)

    failed_refresh(refreshed("N00901"))
    queries()  # the first request fills per-session and per-process caches
    one = queries()
    for kpi in ("N00902", "N00903", "N00904"):
        failed_refresh(refreshed(kpi))
    assert queries() == one
