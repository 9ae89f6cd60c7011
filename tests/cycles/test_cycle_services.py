"""The cycle's services: starting a period (with carried-over items), moving between steps (a reason
when items are open), ticking and unticking items with evidence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cycles.models import (
    AgreementStatus,
    ChecklistItem,
    ChecklistTemplateItem,
    Cycle,
    StepTransition,
)
from cycles.services import agreement as agreement_services
from cycles.services import cycle as cycle_services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CycleFactory,
    step,
)

pytestmark = pytest.mark.django_db


def test_start_cycle_copies_the_klart_nar_templates_fresh(coordinator):
    cycle = cycle_services.start_cycle(
        name="Period 2027–2031",
        start=datetime.date(2027, 7, 1),
        end=datetime.date(2031, 6, 30),
        by=coordinator,
    )

    assert cycle.is_current
    assert cycle.current_step.number == 1
    assert cycle.checklist.count() == ChecklistTemplateItem.objects.count() == 24
    assert cycle.checklist.done().count() == 0
    assert [i.text for i in cycle.checklist.filter(step__number=5)][-1] == (
        "Resultatet av medborgarlöftena är återrapporterat till medborgarna"
    )


def test_start_cycle_ends_the_previous_and_carries_chosen_items_over(coordinator):
    old = CycleFactory(current_step=step(5))
    open_item = ChecklistItemFactory(cycle=old, text="Arbetsprocessen är utvärderad")
    ChecklistItemFactory(cycle=old, text="Inte vald")

    new = cycle_services.start_cycle(
        name="Ny period",
        start=datetime.date(2027, 7, 1),
        end=datetime.date(2031, 6, 30),
        by=coordinator,
        carry_over_from=old,
        carry_items=[open_item],
    )

    old.refresh_from_db()
    assert not old.is_current
    assert Cycle.objects.current() == new
    carried = new.checklist.get(carried_over_from=open_item)
    assert (carried.text, carried.local, carried.is_done) == ("Arbetsprocessen är utvärderad", True, False)
    assert not new.checklist.filter(text="Inte vald").exists()


def test_start_cycle_refuses_to_carry_a_done_item(coordinator):
    old = CycleFactory(current_step=step(5))
    done = ChecklistItemFactory(cycle=old, done_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="redan klar"):
        cycle_services.start_cycle(
            name="Ny",
            start=datetime.date(2027, 7, 1),
            end=datetime.date(2031, 6, 30),
            by=coordinator,
            carry_over_from=old,
            carry_items=[done],
        )
    assert Cycle.objects.current() == old


def test_start_cycle_refuses_end_before_start(coordinator):
    with pytest.raises(ValidationError):
        cycle_services.start_cycle(
            name="Fel", start=datetime.date(2027, 7, 1), end=datetime.date(2027, 1, 1), by=coordinator
        )
    assert not Cycle.objects.exists()


def test_database_allows_only_one_current_cycle():
    CycleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory()


def test_move_with_everything_ticked_needs_no_reason(coordinator):
    cycle = CycleFactory(current_step=step(1))
    ChecklistItemFactory(cycle=cycle, done_on=datetime.date(2024, 1, 1))

    transition = cycle_services.move_to_next_step(cycle=cycle, by=coordinator)

    cycle.refresh_from_db()
    assert cycle.current_step.number == 2
    assert (transition.from_step.number, transition.to_step.number, transition.reason) == (1, 2, "")
    assert transition.by == coordinator


def test_move_with_open_items_is_refused_without_a_reason(coordinator):
    cycle = CycleFactory(current_step=step(2))
    ChecklistItemFactory(cycle=cycle)

    with pytest.raises(ValidationError, match="1 punkter i steget är inte klara"):
        cycle_services.move_to_next_step(cycle=cycle, by=coordinator, reason="   ")

    cycle.refresh_from_db()
    assert cycle.current_step.number == 2
    assert not StepTransition.objects.exists()


def test_move_with_open_items_keeps_the_reason_in_the_history(coordinator):
    cycle = CycleFactory(current_step=step(3))
    ChecklistItemFactory(cycle=cycle)
    ChecklistItemFactory(cycle=cycle, step=step(4))  # another step's open items do not count

    transition = cycle_services.move_to_next_step(
        cycle=cycle, by=coordinator, reason="Överenskommelsen dröjer."
    )

    cycle.refresh_from_db()
    assert cycle.current_step.number == 4
    assert (transition.open_items, transition.reason) == (1, "Överenskommelsen dröjer.")
    assert cycle.history.first().history_change_reason == "Överenskommelsen dröjer."


def test_move_after_step_five_is_refused_with_advice_to_start_a_new_cycle(coordinator):
    cycle = CycleFactory(current_step=step(5))
    with pytest.raises(ValidationError, match="Starta en ny samverkansperiod"):
        cycle_services.move_to_next_step(cycle=cycle, by=coordinator, reason="x")


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_every_step_can_move_to_the_next(coordinator, number):
    cycle = CycleFactory(current_step=step(number))
    step(number + 1)
    cycle_services.move_to_next_step(cycle=cycle, by=coordinator)
    cycle.refresh_from_db()
    assert cycle.current_step.number == number + 1


def test_tick_and_untick_record_date_who_and_evidence(coordinator):
    item = ChecklistItemFactory()
    cycle_services.tick_item(
        item=item,
        by=coordinator,
        done_on=datetime.date(2025, 3, 1),
        url="https://www.tingsryd.se/lagesbild",
        note="Lägesbild 2025",
        public=True,
    )
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.evidence_public) == (
        datetime.date(2025, 3, 1),
        coordinator,
        True,
    )

    cycle_services.untick_item(item=item, by=coordinator)

    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (None, None)
    assert item.evidence_url == "https://www.tingsryd.se/lagesbild"
    assert [h.done_on for h in item.history.all()] == [None, datetime.date(2025, 3, 1), None]


def test_tick_refuses_a_date_in_the_future(coordinator):
    item = ChecklistItemFactory()
    with pytest.raises(ValidationError, match="framtiden"):
        cycle_services.tick_item(
            item=item,
            by=coordinator,
            done_on=datetime.date.today() + datetime.timedelta(days=2),
            url="https://example.org/beslut",
        )
    item.refresh_from_db()
    assert item.done_on is None


def test_tick_needs_evidence_or_a_reason_why_there_is_none(coordinator):
    item = ChecklistItemFactory()
    with pytest.raises(ValidationError, match="Finns inget underlag skriver du varför") as refused:
        cycle_services.tick_item(item=item, by=coordinator, done_on=datetime.date(2025, 6, 1), note="Klart!")
    assert refused.value.error_dict["no_evidence_reason"][0].code == "missing_evidence"
    item.refresh_from_db()
    assert item.done_on is None

    cycle_services.tick_item(
        item=item, by=coordinator, done_on=datetime.date(2025, 6, 1), no_evidence_reason="Muntligt beslut."
    )
    item.refresh_from_db()
    assert (item.done_on, item.no_evidence_reason) == (datetime.date(2025, 6, 1), "Muntligt beslut.")


def test_progress_is_counted_from_the_checklist():
    from cycles.models import step_overview

    cycle = CycleFactory(current_step=step(2))
    ChecklistItemFactory(cycle=cycle, step=step(1), done_on=datetime.date(2024, 1, 1))
    ChecklistItemFactory(cycle=cycle, step=step(2), done_on=datetime.date(2024, 2, 1))
    ChecklistItemFactory(cycle=cycle, step=step(2))
    steps = [step(n) for n in range(1, 6)]

    overview = step_overview(cycle, steps, list(ChecklistItem.objects.filter(cycle=cycle)))

    assert [(e["state"], e["done"], e["total"]) for e in overview] == [
        ("done", 1, 1),
        ("active", 1, 2),
        ("not_started", 0, 0),
        ("not_started", 0, 0),
        ("not_started", 0, 0),
    ]


def test_status_change_names_who_made_it_in_the_history(coordinator):
    agreement = AgreementFactory(parties=[ActorFactory()])
    agreement_services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED, by=coordinator)
    assert agreement.history.first().history_user == coordinator
