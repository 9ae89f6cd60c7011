"""The admin for periods and steps: checklist items inside a period, who may open it, every page opens."""

import pytest

from cycles.models import ChecklistTemplateItem
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
)

pytestmark = pytest.mark.django_db


def test_cycle_change_page_has_checklist_inline(coordinator_client):
    item = ChecklistItemFactory(cycle=CycleFactory(), text="Egen punkt om skolorna")
    html = coordinator_client.get(f"/admin/cycles/cycle/{item.cycle.pk}/change/").content.decode()
    assert "Egen punkt om skolorna" in html


def test_board_reader_cannot_open_the_admin(board_client):
    response = board_client.get("/admin/cycles/agreement/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "model", ["cycle", "checklistitem", "checklisttemplateitem", "step", "agreement", "citizenpromise"]
)
def test_admin_pages_open_for_coordinators(coordinator_client, model):
    item = ChecklistItemFactory()
    objects = {
        "cycle": item.cycle,
        "checklistitem": item,
        "checklisttemplateitem": ChecklistTemplateItem.objects.first(),
        "step": item.step,
        "agreement": AgreementFactory(),
        "citizenpromise": CitizenPromiseFactory(),
    }
    assert coordinator_client.get(f"/admin/cycles/{model}/").status_code == 200
    assert coordinator_client.get(f"/admin/cycles/{model}/{objects[model].pk}/change/").status_code == 200
    assert coordinator_client.get(f"/admin/cycles/{model}/{objects[model].pk}/history/").status_code == 200


def test_periods_are_not_added_in_the_admin(coordinator_client):
    assert coordinator_client.get("/admin/cycles/cycle/add/").status_code == 403
