"""Women and men in the public charts: a second chart "Kvinnor och män" with its table and summary where the
page's own area has such values, none where it has not, small counts hidden (and the other gender's figure
withheld with them), and the same number of queries either way."""

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
SAFE = "Andel som känner sig trygga ute sent en kväll"


@pytest.fixture(autouse=True)
def home(settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0763"


def html(response) -> str:
    return response.content.decode()


def gender_part(page: str) -> str:
    return page.split('<div class="lb-gender">')[1].split("</article>")[0]


def survey_indicator(**kwargs):
    return IndicatorFactory(
        source=IndicatorSource.SURVEY,
        external_id="",
        name=SAFE,
        unit="procent",
        attribution="Källa: Polisens trygghetsmätning",
        public=True,
        **kwargs,
    )


def municipality_values(indicator, rows) -> None:
    """rows: (year, gender, value) for Tingsryd kommun; the county and the country get totals only."""
    for year, gender, value in rows:
        IndicatorValueFactory(indicator=indicator, year=year, gender=gender, value=Decimal(value), count=400)
    for code, name, level in COMPARISON[1:]:
        for year in sorted({year for year, _g, _v in rows}):
            IndicatorValueFactory(
                indicator=indicator, area_code=code, area_name=name, area_level=level, year=year, value=70
            )


@pytest.fixture
def tingsryd_by_gender():
    indicator = survey_indicator()
    municipality_values(
        indicator,
        [
            (2023, "T", "64.0"),
            (2023, "K", "58.5"),
            (2023, "M", "69.0"),
            (2024, "T", "65.8"),
            (2024, "K", "61.2"),
            (2024, "M", "70.4"),
        ],
    )
    return indicator


def test_overview_shows_women_and_men_with_table_and_summary(client, tingsryd_by_gender):
    page = html(client.get("/lagesbild/"))

    part = gender_part(page)
    dom_id = f"indikator-{tingsryd_by_gender.pk}-kon"
    assert f'<h4 class="h6" id="{dom_id}">Kvinnor och män</h4>' in part
    assert "Tingsryd år 2024: kvinnor 61,2\xa0%, män 70,4\xa0%." in part
    assert f'role="region" aria-labelledby="{dom_id}-tabell" tabindex="0">' in part
    assert f'<caption id="{dom_id}-tabell">{SAFE}, kvinnor och män i Tingsryd, per år (procent).' in part
    header = part.split("<thead>")[1].split("</thead>")[0]
    assert header == (
        '<tr><th scope="col">År</th><th scope="col" class="text-end">Kvinnor</th>'
        '<th scope="col" class="text-end">Män</th><th scope="col" class="text-end">Totalt</th></tr>'
    )
    row_2024 = part.split('<th scope="row">2024</th>')[1].split("</tr>")[0]
    assert (
        row_2024
        == '<td class="text-end">61,2</td><td class="text-end">70,4</td><td class="text-end">65,8</td>'
    )
    svg = part.split('<svg class="lb-chart"')[1].split("</svg>")[0]
    assert f'role="img" aria-label="Diagram: {SAFE}, kvinnor och män i Tingsryd, 2023–2024.' in svg
    assert svg.count("<rect") == 2 and svg.count("<polygon") == 2 and svg.count("<circle") == 2
    assert svg.count('stroke-dasharray="8 4"') == 1 and svg.count('stroke-dasharray="2 4"') == 1


def test_overview_comparison_chart_is_unchanged_by_gender_values(client, tingsryd_by_gender):
    page = html(client.get("/lagesbild/"))

    comparison = page.split('<div class="lb-gender">')[0].split("<h3 class")[1]
    assert f"{SAFE}: 65,8 år 2024, 1,8 procentenheter högre än 2023." in comparison
    assert "Kvinnor" not in comparison and "61,2" not in comparison


def test_only_women_gives_a_chart_of_women_and_the_total():
    indicator = survey_indicator()
    municipality_values(indicator, [(2024, "T", "65"), (2024, "K", "61")])

    chart = charts.build(list(indicator.values.select_related("indicator")), [("0763", "Tingsryd")])[0]

    assert [s.label for s in chart.by_gender.series] == ["Kvinnor", "Totalt"]
    assert chart.by_gender.summary == "Tingsryd år 2024: kvinnor 61\xa0%."


def test_no_gender_chart_without_values_for_women_and_men(client):
    indicator = survey_indicator()
    municipality_values(indicator, [(2023, "T", "64"), (2024, "T", "65.8")])
    # Women and men for the county only: not the page's own area, so no chart either.
    IndicatorValueFactory(
        indicator=indicator, area_code="0007", area_level=AreaLevel.COUNTY, gender="K", value=Decimal("60")
    )

    response = client.get("/lagesbild/")

    page = html(response)
    assert response.context["indicator_charts"][0].by_gender is None
    assert "lb-gender" not in page and "Kvinnor och män" not in page and "Kvinnor</th>" not in page


def test_no_gender_chart_when_women_and_men_have_no_figures():
    indicator = survey_indicator()
    municipality_values(indicator, [(2024, "T", "65")])
    IndicatorValueFactory(indicator=indicator, gender="K", value=None)

    chart = charts.build(list(indicator.values.select_related("indicator")), [("0763", "Tingsryd")])[0]

    assert chart.by_gender is None


@pytest.fixture
def ryd_by_gender():
    """Ryd: women 2023 are too few (3), so men 2023 are withheld too; 2024 is shown."""
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(area=area, name="Ryds torg")
    indicator = survey_indicator()
    for year, gender, value, count in [
        (2023, "T", "60.0", 20),
        (2023, "K", "33.3", 3),
        (2023, "M", "70.6", 17),
        (2024, "T", "63.8", 52),
        (2024, "K", "59.3", 27),
        (2024, "M", "68.0", 25),
    ]:
        IndicatorValueFactory(
            indicator=indicator,
            area=area,
            area_code="omrade:ryd",
            area_name="Ryd",
            area_level=AreaLevel.DISTRICT,
            year=year,
            gender=gender,
            value=Decimal(value),
            count=count,
        )
    for year in (2023, 2024):
        IndicatorValueFactory(indicator=indicator, year=year, value=Decimal("72.4"), count=389)
    return indicator


def test_area_page_shows_the_areas_women_and_men(client, ryd_by_gender):
    page = html(client.get("/omraden/ryd/"))

    part = gender_part(page)
    assert "Ryd år 2024: kvinnor 59,3\xa0%, män 68,0\xa0%." in part
    row_2024 = part.split('<th scope="row">2024</th>')[1].split("</tr>")[0]
    assert (
        row_2024
        == '<td class="text-end">59,3</td><td class="text-end">68,0</td><td class="text-end">63,8</td>'
    )


def test_small_counts_for_women_or_men_in_an_area_stay_hidden(client, ryd_by_gender):
    page = html(client.get("/omraden/ryd/"))

    part = gender_part(page)
    row_2023 = part.split('<th scope="row">2023</th>')[1].split("</tr>")[0]
    # Women: too few. Men: withheld, since the total and the men's figure would give the women's.
    assert row_2023 == (
        '<td class="text-end">färre än 5</td><td class="text-end">visas inte</td>'
        '<td class="text-end">60,0</td>'
    )
    assert "33,3" not in page and "70,6" not in page
    assert "När kvinnorna eller männen är färre än 5 visar vi inte heller den andra gruppens siffra" in part
    svg = part.split('<svg class="lb-chart"')[1].split("</svg>")[0]
    assert (svg.count("<rect"), svg.count("<polygon"), svg.count("<circle")) == (1, 1, 2)  # 2024 only


def test_gender_summary_of_a_suppressed_latest_year_says_fewer_than(client, ryd_by_gender):
    ryd_by_gender.values.filter(year=2023, gender="K").update(count=10)
    ryd_by_gender.values.filter(year=2024, gender="M").update(count=4)

    page = html(client.get("/omraden/ryd/"))

    assert "Ryd år 2024: kvinnor visas inte, män färre än 5." in page
    assert "59,3" not in page and "68,0" not in page


def test_gender_chart_is_left_out_when_every_figure_is_hidden(client, ryd_by_gender):
    ryd_by_gender.values.filter(gender="K").update(count=2)

    page = html(client.get("/omraden/ryd/"))

    assert "lb-gender" not in page and "70,6" not in page and "68,0" not in page


def queries(url, client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_overview_query_count_is_the_same_for_1_and_5_indicators_with_gender_values(client):
    def add_indicator():
        indicator = IndicatorFactory(public=True)
        trend(indicator, areas=COMPARISON)
        for gender in ("K", "M"):
            IndicatorValueFactory(indicator=indicator, gender=gender, value=Decimal("900.5"))

    client.get("/lagesbild/")  # creates the municipality settings row once
    none, _response = queries("/lagesbild/", client)
    add_indicator()
    one, response = queries("/lagesbild/", client)
    assert response.context["indicator_charts"][0].by_gender is not None
    for _ in range(4):
        add_indicator()
    five, response = queries("/lagesbild/", client)
    assert [c.by_gender is not None for c in response.context["indicator_charts"]] == [True] * 5
    assert none == one == five


def test_area_page_query_count_is_the_same_with_and_without_gender_values(client, ryd_by_gender):
    client.get("/omraden/ryd/")  # creates the municipality settings row once
    with_genders, response = queries("/omraden/ryd/", client)
    assert response.context["indicator_charts"][0].by_gender is not None
    ryd_by_gender.values.exclude(gender="T").delete()
    without, response = queries("/omraden/ryd/", client)
    assert response.context["indicator_charts"][0].by_gender is None
    assert with_genders == without
