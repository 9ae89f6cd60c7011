"""The Tingsryd demo: a period in step 4 with evidence from the actors demo, an agreement in force and a
followed-up medborgarlöfte; a second run changes nothing."""

import io

import pytest

from actors import demo as actors_demo
from cycles import demo
from cycles.models import (
    Agreement,
    AgreementStatus,
    ChecklistItem,
    CitizenPromise,
    Cycle,
    PromiseStatus,
    StepTransition,
)
from tests.shared_data import loaded_once_per_module
from trygg import demo as trygg_demo

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    for module in (trygg_demo, actors_demo, demo):
        module.load(stdout=out)
    return out.getvalue()


loaded_demo = loaded_once_per_module(_load)  # every test here starts from one _load(); its output


def _snapshot():
    return {
        "cycles": list(Cycle.objects.values_list("pk", "version", "current_step__number")),
        "items": list(ChecklistItem.objects.values_list("pk", "version", "done_on")),
        "transitions": StepTransition.objects.count(),
        "agreements": list(Agreement.objects.values_list("pk", "version", "status")),
        "promises": list(CitizenPromise.objects.values_list("pk", "version", "status")),
    }


def test_demo_builds_the_tingsryd_cycle(loaded_demo):
    output = loaded_demo

    cycle = Cycle.objects.current()
    assert (cycle.name, cycle.current_step.number) == ("Samverkansperiod 2023–2027", 4)
    assert f"{cycle.start_date:%Y-%m-%d} {cycle.end_date:%Y-%m-%d}" == "2023-07-01 2027-06-30"
    done = {n: cycle.checklist.filter(step__number=n).done().count() for n in range(1, 6)}
    totals = {n: cycle.checklist.filter(step__number=n).count() for n in range(1, 6)}
    assert [done[n] == totals[n] for n in range(1, 4)] == [True, True, True]
    assert 0 < done[4] < totals[4]
    assert 0 < done[5] < totals[5]
    assert cycle.checklist.filter(evidence_decision__paragraph="KS § 23").exists()
    assert cycle.checklist.filter(evidence_meeting__isnull=False).exists()
    assert Agreement.objects.get().status == AgreementStatus.IN_FORCE
    assert Agreement.objects.get().parties.count() == 2
    promise = CitizenPromise.objects.get()
    assert (promise.year, promise.status) == (2025, PromiseStatus.FOLLOWED_UP)
    assert promise.lines.exclude(follow_up="").count() == promise.lines.count() == 4
    assert "Kretsloppet: Samverkansperiod 2023–2027 i steg 4" in output


def test_demo_is_idempotent():
    before = _snapshot()  # after the module's _load()
    _load()
    assert _snapshot() == before


def test_demo_pages_show_the_cycle(client):
    assert "Steg 4 av 5: Genomförande" in client.get("/").content.decode()
    assert "Medborgarlöfte 2025" in client.get("/medborgarloften/").content.decode()
    assert "Polisen LPO Nybro" in client.get("/samverkan/overenskommelser/").content.decode()
