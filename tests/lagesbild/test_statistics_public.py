"""Public statistics: charts with tables and summaries on /lagesbild/ and area pages, small-count
protection, constant query counts, and non-public indicators never shown."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild import charts
from lagesbild.models import AreaLevel, IndicatorSource
from tests.lagesbild.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlaceFactory,
    trend,
)

pytestmark = pytest.mark.django_db


COMPARISON = (
    ("0763", "Tingsryd", AreaLevel.MUNICIPALITY),
    ("0007", "Kronobergs län", AreaLevel.COUNTY),
    ("0000", "Riket", AreaLevel.COUNTRY),
)


@pytest.fixture(autouse=True)
def home(settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0763"


def html(response) -> str:
    return response.content.decode()


def test_overview_shows_chart_table_summary_and_source(client):
    indicator = IndicatorFactory(name="Anmälda våldsbrott per 100 000 invånare", public=True)
    trend(indicator, areas=COMPARISON)
    IndicatorValueFactory(indicator=indicator, area_code="0763", year=2025, value=Decimal("1234.5"))
    IndicatorValueFactory(indicator=indicator, area_code="0763", year=2026, value=Decimal("1172.3"))
    page = html(client.get("/lagesbild/"))
    assert '<svg class="lb-chart"' in page and 'role="img"' in page
    assert "Anmälda våldsbrott per 100 000 invånare: 1\xa0172,3 år 2026, 5\xa0% lägre än 2025." in page
    assert (
        f'<caption id="indikator-{indicator.pk}-tabell">Anmälda våldsbrott per 100 000 invånare, per år'
        in page
    )
    assert '<th scope="col" class="text-end">Kronobergs län</th>' in page
    assert '<th scope="row">2015</th>' in page
    assert "Källa: Kolada" in page
    assert "style=" not in page.split('<svg class="lb-chart"')[1].split("</svg>")[0]


def test_a_county_figure_is_never_presented_as_the_municipalitys_own(client):
    indicator = IndicatorFactory(name="Anmälda brott per 100 000 invånare", public=True)
    trend(indicator, areas=COMPARISON[1:])  # the county and the country, nothing for the municipality

    page = html(client.get("/lagesbild/"))

    assert "Anmälda brott per 100 000 invånare: inga värden för" in page
    assert "Diagrammet visar Kronobergs län och Riket." in page
    assert "Anmälda brott per 100 000 invånare: 1" not in page  # no figure as if it were the kommun's


def test_summary_says_higher_and_same():
    indicator = IndicatorFactory(name="Brott")
    IndicatorValueFactory(indicator=indicator, year=2023, value=Decimal("100"))
    IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal("110"))
    chart = charts.build(list(indicator.values.all()), [("0763", "Tingsryd")])[0]
    assert chart.summary == "Brott: 110 år 2024, 10\xa0% högre än 2023."
    indicator.values.filter(year=2024).update(value=Decimal("100.2"))
    chart = charts.build(list(indicator.values.all()), [("0763", "Tingsryd")])[0]
    assert chart.summary == "Brott: 100,2 år 2024, ungefär samma som 2023."


def test_summary_of_a_share_in_percent_speaks_of_percentage_points():
    indicator = IndicatorFactory(name="Andel trygga", unit="procent")
    IndicatorValueFactory(indicator=indicator, year=2023, value=Decimal("71.3"))
    IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal("72.4"))
    chart = charts.build(list(indicator.values.all()), [("0763", "Tingsryd")])[0]
    assert chart.summary == "Andel trygga: 72,4 år 2024, 1,1 procentenheter högre än 2023."


def test_missing_values_are_dashes_and_gaps():
    indicator = IndicatorFactory(name="Brott")
    IndicatorValueFactory(indicator=indicator, year=2022, value=Decimal("100"))
    IndicatorValueFactory(indicator=indicator, year=2023, value=None)
    IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal("90"))
    chart = charts.build(list(indicator.values.all()), [("0763", "Tingsryd")])[0]
    assert [cells[0].text for _year, cells in chart.rows] == ["100", "–", "90"]
    assert "<polyline" not in chart.svg  # one point on each side of the gap, no line across it
    assert chart.svg.count("<circle") == 2
    assert chart.summary == "Brott: 90 år 2024."


def test_non_public_indicators_never_appear(client):
    hidden = IndicatorFactory(name="Intern indikator", public=False, attribution="Källa: hemlig")
    trend(hidden, areas=COMPARISON)
    area = AreaFactory(slug="ryd")
    IndicatorValueFactory(
        indicator=hidden, area=area, area_code="omrade:ryd", area_level=AreaLevel.DISTRICT, count=100
    )
    for url in ("/lagesbild/", "/omraden/ryd/"):
        page = html(client.get(url))
        assert "Intern indikator" not in page and "Källa: hemlig" not in page and "lb-chart" not in page


@pytest.fixture
def ryd_survey():
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(area=area, name="Ryds torg")
    indicator = IndicatorFactory(
        source=IndicatorSource.SURVEY,
        external_id="",
        name="Andel som känner sig trygga ute sent en kväll",
        attribution="Källa: Polisens trygghetsmätning",
        public=True,
    )
    for year, value, count in [(2022, "58.0", 40), (2023, "61.0", 3), (2024, "64.0", 36)]:
        IndicatorValueFactory(
            indicator=indicator,
            area=area,
            area_code="omrade:ryd",
            area_name="Ryd",
            area_level=AreaLevel.DISTRICT,
            year=year,
            value=Decimal(value),
            count=count,
        )
        IndicatorValueFactory(indicator=indicator, year=year, value=Decimal("70.0"), count=400)
    return area


def test_area_page_shows_places_and_survey_figures_against_the_municipality(client, ryd_survey):
    page = html(client.get("/omraden/ryd/"))
    assert "<h1>Ryd</h1>" in page and "Ryds torg" in page
    assert "Andel som känner sig trygga ute sent en kväll: 64 år 2024." in page
    assert '<th scope="col" class="text-end">Hela kommunen</th>' in page
    assert "Källa: Polisens trygghetsmätning" in page


def test_small_counts_in_small_areas_are_never_shown(client, ryd_survey):
    page = html(client.get("/omraden/ryd/"))
    row_2023 = page.split('<th scope="row">2023</th>')[1].split("</tr>")[0]
    assert "färre än 5" in row_2023 and "61" not in row_2023
    # Not drawn either: two points for Ryd (2022, 2024) on separate sides of a gap, three for Tingsryd.
    svg = page.split('<svg class="lb-chart"')[1].split("</svg>")[0]
    assert svg.count("<circle") == 5


def test_small_count_threshold_comes_from_settings(client, ryd_survey, settings):
    settings.TRYGG_SMALL_COUNT_THRESHOLD = 50
    page = html(client.get("/omraden/ryd/"))
    assert page.count("färre än 50") >= 3
    assert "64 år 2024" not in page


def test_suppression_applies_only_below_the_municipality():
    indicator = IndicatorFactory()
    municipality = IndicatorValueFactory(indicator=indicator, count=2)
    district = IndicatorValueFactory(
        indicator=indicator, area_code="omrade:x", area_level=AreaLevel.DISTRICT, count=2
    )
    enough = IndicatorValueFactory(
        indicator=indicator, area_code="omrade:y", area_level=AreaLevel.DISTRICT, count=5
    )
    unknown = IndicatorValueFactory(indicator=indicator, area_code="omrade:z", area_level=AreaLevel.DISTRICT)
    assert (
        municipality.is_suppressed,
        district.is_suppressed,
        enough.is_suppressed,
        unknown.is_suppressed,
    ) == (
        False,
        True,
        False,
        False,
    )


def test_summary_of_a_suppressed_latest_year_says_fewer_than():
    indicator = IndicatorFactory(name="Trygghet")
    IndicatorValueFactory(
        indicator=indicator, area_code="omrade:x", area_level=AreaLevel.DISTRICT, count=2, year=2024
    )
    chart = charts.build(list(indicator.values.all()), [("omrade:x", "X")])[0]
    assert chart.summary == "Trygghet: färre än 5 år 2024."
    assert chart.svg == ""


def queries(url, client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_overview_query_count_is_the_same_for_1_and_5_indicators(client):
    trend(IndicatorFactory(public=True), areas=COMPARISON)
    client.get("/lagesbild/")  # creates the municipality settings row once
    one, response = queries("/lagesbild/", client)
    assert len(response.context["indicator_charts"]) == 1
    for _ in range(4):
        trend(IndicatorFactory(public=True), areas=COMPARISON)
    five, response = queries("/lagesbild/", client)
    assert len(response.context["indicator_charts"]) == 5
    assert one == five <= 10


def test_area_page_query_count_is_the_same_for_1_and_5_indicators(client):
    area = AreaFactory(slug="ryd")

    def add_indicator():
        indicator = IndicatorFactory(public=True, source=IndicatorSource.SURVEY)
        PlaceFactory(area=area)
        for year in (2023, 2024):
            IndicatorValueFactory(
                indicator=indicator,
                area=area,
                area_code="omrade:ryd",
                area_level=AreaLevel.DISTRICT,
                year=year,
            )
            IndicatorValueFactory(indicator=indicator, year=year)

    add_indicator()
    client.get("/omraden/ryd/")  # creates the municipality settings row once
    one, response = queries("/omraden/ryd/", client)
    assert len(response.context["indicator_charts"]) == 1
    for _ in range(4):
        add_indicator()
    five, response = queries("/omraden/ryd/", client)
    assert len(response.context["indicator_charts"]) == 5
    assert one == five


def test_public_report_page_lists_its_public_indicators(client, linked_report):
    page = html(client.get(f"/lagesbild/{linked_report.pk}/"))
    assert "Statistik i kartläggningen" in page and "Anmälda våldsbrott" in page
    assert "Intern siffra" not in page
