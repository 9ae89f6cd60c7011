"""The admin pages for indicators, their values and the import log open for a coordinator; the log is
read-only."""

import pytest

from tests.lagesbild.factories import ImportRunFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_statistics_admin_pages_open_for_a_coordinator(coordinator_client):
    value = IndicatorValueFactory(import_run=ImportRunFactory())
    urls = [
        "/admin/lagesbild/indicator/",
        "/admin/lagesbild/indicator/add/",
        f"/admin/lagesbild/indicator/{value.indicator.pk}/change/",
        f"/admin/lagesbild/indicator/{value.indicator.pk}/history/",
        "/admin/lagesbild/indicatorvalue/",
        f"/admin/lagesbild/indicatorvalue/{value.pk}/change/",
        "/admin/lagesbild/importrun/",
        f"/admin/lagesbild/importrun/{value.import_run.pk}/change/",
    ]
    for url in urls:
        assert coordinator_client.get(url).status_code == 200, url
    assert coordinator_client.get("/admin/lagesbild/importrun/add/").status_code == 403
