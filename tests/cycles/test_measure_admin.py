"""The admin for measures and lägesrapporter: pages open, and reports are not edited there."""

import pytest

from tests.cycles.factories import (
    MeasureUpdateFactory,
    public_measure,
)

pytestmark = pytest.mark.django_db


def test_admin_pages_open(coordinator_client):
    measure = public_measure()
    update = MeasureUpdateFactory(measure=measure)
    for url in [
        "/admin/cycles/actionplan/",
        f"/admin/cycles/actionplan/{measure.plan.pk}/change/",
        f"/admin/cycles/actionplan/{measure.plan.pk}/history/",
        "/admin/cycles/measure/",
        "/admin/cycles/measure/add/",
        f"/admin/cycles/measure/{measure.pk}/change/",
        f"/admin/cycles/measure/{measure.pk}/history/",
        "/admin/cycles/measureupdate/",
        f"/admin/cycles/measureupdate/{update.pk}/change/",
    ]:
        assert coordinator_client.get(url).status_code == 200, url


def test_reports_are_not_edited_in_the_admin(coordinator_client):
    update = MeasureUpdateFactory(text="Som det rapporterades")
    coordinator_client.post(f"/admin/cycles/measureupdate/{update.pk}/change/", {"text": "Ändrat"})
    update.refresh_from_db()
    assert update.text == "Som det rapporterades"
