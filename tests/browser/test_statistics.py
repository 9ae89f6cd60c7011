"""Statistics in headless chromium: the charts with their tables on /lagesbild/ and on an area page pass
axe, and a coordinator imports a Brå file: first one with an unknown name (the error result passes axe
and nothing changes), then the right one."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lagesbild.models import AreaLevel, IndicatorSource, IndicatorValue
from tests.browser.axe import assert_no_axe_violations
from tests.lagesbild.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlaceFactory,
    trend,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-bra-losenord-2026"
DATA = Path(__file__).resolve().parent.parent / "lagesbild" / "data"
COMPARISON = (
    ("0763", "Tingsryd", AreaLevel.MUNICIPALITY),
    ("0007", "Kronobergs län", AreaLevel.COUNTY),
    ("0000", "Riket", AreaLevel.COUNTRY),
)


@pytest.fixture(autouse=True)
def home(settings):
    settings.TRYGG_MUNICIPALITY_CODE = "0763"


def test_overview_with_charts_and_tables_has_no_axe_violations(page, live_server):
    for name in ("Anmälda våldsbrott per 100 000 invånare", "Anmälda brott totalt per 100 000 invånare"):
        trend(IndicatorFactory(name=name, public=True), areas=COMPARISON)
    page.goto(live_server.url + "/lagesbild/")
    expect(page.locator("svg.lb-chart")).to_have_count(2)
    expect(
        page.get_by_role(
            "img", name="Diagram: Anmälda våldsbrott per 100 000 invånare, 2015–2024.", exact=False
        )
    ).to_be_visible()
    expect(
        page.locator("table caption", has_text="Anmälda våldsbrott per 100 000 invånare, per år")
    ).to_be_visible()
    expect(page.get_by_text("Källa: Kolada").first).to_be_visible()
    assert_no_axe_violations(page)


def test_area_page_with_hidden_small_counts_has_no_axe_violations(page, live_server):
    area = AreaFactory(name="Konga", slug="konga")
    PlaceFactory(area=area, name="Hållplatsen i Konga")
    indicator = IndicatorFactory(
        source=IndicatorSource.SURVEY,
        name="Andel som känner sig trygga ute sent en kväll",
        attribution="Källa: Polisens trygghetsmätning",
        public=True,
    )
    for year, count in ((2022, 9), (2023, 6), (2024, 4)):
        IndicatorValueFactory(
            indicator=indicator,
            area=area,
            area_code="omrade:konga",
            area_name="Konga",
            area_level=AreaLevel.DISTRICT,
            year=year,
            value=Decimal("75"),
            count=count,
        )
        IndicatorValueFactory(indicator=indicator, year=year, value=Decimal("72.4"), count=389)
    page.goto(live_server.url + "/omraden/konga/")
    expect(page.locator("h1")).to_have_text("Konga")
    expect(page.get_by_role("cell", name="färre än 5")).to_be_visible()
    assert_no_axe_violations(page)


def test_coordinator_sees_a_failed_import_then_previews_and_confirms_the_file(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    indicator = IndicatorFactory(
        source=IndicatorSource.BRA, external_id="anmalda-brott", name="Anmälda brott (Brå)"
    )
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")
    page.get_by_role("navigation", name="Arbetsytans meny").get_by_role("link", name="Statistik").click()
    page.get_by_role("link", name="Importera siffror").click()
    page.get_by_label("Vad vill du importera?").select_option("bra")
    page.get_by_label("Indikator").select_option(str(indicator.pk))
    page.get_by_label("År som siffrorna gäller").fill("2024")
    page.get_by_label("Fil", exact=True).set_input_files(str(DATA / "bra_unmatched.csv"))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Importen gick inte igenom")).to_be_visible()
    expect(page.get_by_role("cell", name="Ingen kommun heter ”Atlantis”.")).to_be_visible()
    expect(page.get_by_label("År som siffrorna gäller")).to_have_value("2024")
    assert not IndicatorValue.objects.exists()
    assert_no_axe_violations(page)
    page.get_by_label("Fil", exact=True).set_input_files(str(DATA / "bra_2024.csv"))
    page.get_by_role("button", name="Importera").click()
    # The preview: nothing saved until the coordinator confirms.
    expect(page.get_by_role("heading", name="Kontrollera importen innan den sparas")).to_be_visible()
    expect(page.get_by_role("heading", name="Nya värden (6)")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Tingsryd")).to_be_visible()
    assert not IndicatorValue.objects.exists()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara 6 nya och 0 ändrade värden").focus()
    page.keyboard.press("Enter")  # works with the keyboard
    expect(page.get_by_text("Importen är klar: 6 nya, 0 ändrade och 0 borttagna värden.")).to_be_visible()
    assert IndicatorValue.objects.count() == 6
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Tillbaka till statistiken").click()
    expect(page.get_by_role("cell", name="Misslyckad, inget ändrat")).to_be_visible()
    assert_no_axe_violations(page)
