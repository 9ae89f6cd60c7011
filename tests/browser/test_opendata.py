"""/oppna-data/ in headless chromium on a phone-sized screen: the list of datasets and a description
page pass axe without sideways scrolling, and a resident reaches a dataset's columns with the keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import public_measure
from tests.lagesbild.factories import AreaFactory
from tests.trygg.opendata_dataset import SLUG, registered
from trygg import opendata

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dataset():
    with registered() as registered_dataset:
        measure = public_measure(slug="belysning", title="Belysning i parken")
        measure.areas.set([AreaFactory(name="Ryd", slug="ryd")])
        yield registered_dataset


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_open_data_pages_pass_axe_on_a_phone(page, live_server, dataset):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/oppna-data/")

    expect(page.get_by_role("heading", name="Öppna data", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)

    link = page.get_by_role("link", name="Teståtgärder", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/oppna-data/{SLUG}/")
    expect(
        page.get_by_role("table", name="Kolumnerna i ”Teståtgärder”, i den ordning de står i filerna")
    ).to_be_visible()
    assert_no_axe_violations(page)
    _fits_the_phone(page)

    for other in opendata.datasets():  # the real datasets' description pages, whatever their columns
        page.goto(f"{live_server.url}/oppna-data/{other.slug}/")
        assert_no_axe_violations(page)
        _fits_the_phone(page)
