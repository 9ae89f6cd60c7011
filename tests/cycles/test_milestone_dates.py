"""Dates typed into the plain (non-model) forms of milestones, the cycle board, progress updates and a
report's decision: a year like 0001 or 2925 is a typo and is refused with a clear Swedish message, by
the form and, for marking a milestone done, by the service too; nothing is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cycles.forms.cycle import LocalItemForm, StartCycleForm, TickForm
from cycles.forms.measure import MeasureUpdateForm
from cycles.forms.milestone import MilestoneDoneForm
from cycles.forms.report import AdvanceForm
from cycles.models import ChecklistItem, Cycle
from cycles.services import milestone as services
from tests.cycles.factories import (
    ChecklistItemFactory,
    CycleFactory,
    MilestoneFactory,
    all_steps,
    public_measure,
    step,
)

pytestmark = pytest.mark.django_db

IMPLAUSIBLE = "Kontrollera datumet: året"


@pytest.fixture
def cycle(db):
    all_steps()
    cycle = CycleFactory(current_step=step(5))
    ChecklistItemFactory(cycle=cycle, step=step(5), text="Uppföljningen är gjord")
    return cycle


def test_marking_a_milestone_done_on_year_one_is_refused_and_nothing_is_stored(coordinator_client):
    measure = public_measure()
    milestone = MilestoneFactory(measure=measure)
    url = f"/arbete/atgarder/{measure.slug}/delmal/{milestone.pk}/klar/"

    response = coordinator_client.post(url, {"version": milestone.version, "done_on": "0001-01-01"})

    assert response.status_code == 200
    assert IMPLAUSIBLE in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_the_milestone_done_form_refuses_an_implausible_year():
    milestone = MilestoneFactory(measure=public_measure())
    form = MilestoneDoneForm({"version": milestone.version, "done_on": "1900-05-01"}, milestone=milestone)
    assert not form.is_valid()
    assert IMPLAUSIBLE in str(form.errors["done_on"])


def test_the_mark_done_service_refuses_an_implausible_date_too(coordinator):
    milestone = MilestoneFactory(measure=public_measure())

    with pytest.raises(ValidationError) as refused:
        services.mark_done(milestone=milestone, by=coordinator, done_on=datetime.date(1, 1, 1))

    assert IMPLAUSIBLE in " ".join(refused.value.messages)
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_plausible_date_still_marks_the_milestone_done(coordinator):
    milestone = MilestoneFactory(measure=public_measure())
    done = services.mark_done(milestone=milestone, by=coordinator, done_on=datetime.date(2025, 3, 1))
    assert done.done_on == datetime.date(2025, 3, 1)


def test_ticking_a_checklist_item_on_year_one_is_refused(coordinator_client, cycle):
    item = cycle.checklist.get()

    response = coordinator_client.post(
        f"/arbete/kretslopp/punkter/{item.pk}/",
        {"version": item.version, "done_on": "0001-01-01", "no_evidence_reason": "Muntligt."},
    )

    assert response.status_code == 200
    assert IMPLAUSIBLE in response.content.decode()
    item.refresh_from_db()
    assert item.done_on is None


def test_a_local_item_due_in_year_2925_is_refused(coordinator_client, cycle):
    response = coordinator_client.post(
        "/arbete/kretslopp/punkter/ny/", {"step": step(5).pk, "text": "Egen punkt", "due_date": "2925-01-01"}
    )

    assert response.status_code == 200
    assert IMPLAUSIBLE in response.content.decode()
    assert not ChecklistItem.objects.filter(text="Egen punkt").exists()


@pytest.mark.parametrize("field", ["start", "end"])
def test_a_new_period_with_an_implausible_date_is_refused(coordinator_client, cycle, field):
    data = {"name": "Period 2027–2031", "start": "2027-07-01", "end": "2031-06-30", field: "0202-07-01"}

    response = coordinator_client.post("/arbete/kretslopp/ny-period/", data)

    assert response.status_code == 200
    assert IMPLAUSIBLE in response.content.decode()
    assert Cycle.objects.count() == 1


@pytest.mark.parametrize(
    "form_class, kwargs, data, field",
    [
        (TickForm, "item", {"done_on": "0001-01-01", "no_evidence_reason": "x"}, "done_on"),
        (LocalItemForm, None, {"text": "Punkt", "due_date": "3000-01-01"}, "due_date"),
        (StartCycleForm, None, {"name": "P", "start": "1900-01-01", "end": "2030-01-01"}, "start"),
        (StartCycleForm, None, {"name": "P", "start": "2026-01-01", "end": "2200-01-01"}, "end"),
    ],
)
def test_the_cycle_forms_refuse_implausible_years(cycle, form_class, kwargs, data, field):
    extra = {"item": cycle.checklist.get()} if kwargs == "item" else {}
    if form_class is TickForm:
        data = {**data, "version": 0}
    if form_class is LocalItemForm:
        data = {**data, "step": step(5).pk}
    form = form_class(data, **extra)
    assert not form.is_valid()
    assert IMPLAUSIBLE in str(form.errors[field])


def test_a_progress_update_dated_year_one_is_refused():
    from_form = MeasureUpdateForm({"date": "0001-01-01"}, measure=public_measure())
    assert not from_form.is_valid()
    assert IMPLAUSIBLE in str(from_form.errors["date"])


def test_a_decision_registered_on_a_report_with_an_implausible_date_is_refused():
    field = AdvanceForm.base_fields["new_decided_on"]
    with pytest.raises(ValidationError) as refused:
        field.clean("2999-01-01")
    assert IMPLAUSIBLE in str(refused.value)
