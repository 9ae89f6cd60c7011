"""The 2023–2027 samverkansperiod in step 4, with its checklist ticked as it happened in Tingsryd."""

import datetime

from django.utils import timezone

from actors.demo import find_decision, find_meeting
from lagesbild.models import Area, Problem, SituationReport

from ..models import (
    Agreement,
    CitizenPromise,
    Cycle,
    StepTransition,
)
from ..services import cycle as cycle_services

D = datetime.date


CYCLE_NAME = "Samverkansperiod 2023–2027"

# step, clause order, done on, evidence (kind, key), public, note
TICKS = [
    (1, 1, D(2023, 9, 12), None, True, "Avsiktsförklaring om samverkan, KS och LPO Nybro."),
    (1, 2, D(2023, 10, 3), None, True, "Uppdragsbeskrivning för samordnaren."),
    (1, 3, D(2023, 11, 14), None, True, "Styrgruppen och lokala BRÅ bildade med namngivna ansvariga."),
    (1, 4, D(2023, 11, 14), None, False, "Kommunikatören på kommunledningsförvaltningen."),
    (1, 5, D(2024, 1, 22), None, False, "Utkast till kommunikationsplan."),
    (2, 1, D(2024, 5, 20), None, True, "Kommunens egen lägesbild, underlag till den gemensamma."),
    (2, 2, D(2024, 4, 30), None, False, "Medarbetardialoger i skola, socialtjänst och bostadsbolag."),
    (2, 3, D(2024, 6, 11), None, True, "Redovisning för kommunledningen och LPO-ledningen."),
    (3, 1, D(2025, 2, 11), ("decision", ("Kommunstyrelsen", D(2025, 2, 11), "KS § 23")), True, ""),
    (3, 2, D(2025, 2, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 2, 16))), True, ""),
    (3, 3, D(2024, 11, 5), None, True, "Medborgardialoger och trygghetsvandringar i Tingsryd och Ryd."),
    (3, 4, D(2025, 3, 20), ("meeting", ("Strategiska rådet", D(2025, 3, 20))), False, ""),
    (3, 5, D(2025, 4, 8), ("agreement", None), True, ""),
    (4, 1, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 2, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 3, D(2025, 5, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 5, 16))), True, ""),
    (4, 4, D(2025, 3, 1), None, True, "Medborgarlöftet 2025 publicerat på webbplatsen och i lokaltidningen."),
    (5, 4, D(2025, 10, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 10, 16))), True, ""),
]


# Why there is no evidence in the system for the items ticked without any.
NO_EVIDENCE = {
    (1, 1): "Avsiktsförklaringen skrevs under på papper och finns i kommunens diarium, KS 2023/145.",
    (1, 2): "Uppdragsbeskrivningen är ett internt personaldokument och publiceras inte.",
    (1, 3): (
        "Styrgruppen och lokala BRÅ bildades genom ett muntligt beslut vid ett möte som inte protokollfördes."
    ),
    (1, 4): "Ansvaret står i kommunledningsförvaltningens delegationsordning.",
    (1, 5): "Kommunikationsplanen är ett utkast som ännu inte har beslutats.",
    (2, 1): "Lägesbilden är under beredning och läggs in här när den har fastställts.",
    (2, 2): "Dialogerna dokumenterades i anteckningar som innehåller personuppgifter.",
    (2, 3): "Redovisningen hölls muntligt med bildstöd.",
    (3, 3): "Synpunkterna från dialogerna finns i trygghetsvandringarnas anteckningar.",
    (4, 4): "Medborgarlöftet publicerades i lokaltidningen och på kommunens webbplats.",
}
# When the period reached each step (step 1: the period's start).
MOVED_ON = {1: D(2023, 7, 1), 2: D(2024, 2, 1), 3: D(2024, 9, 2), 4: D(2025, 5, 5)}


# Open items in step 4 get a due date, one of them already passed.
DUE_DATES = {(4, 5): D(2026, 3, 31), (4, 6): D(2027, 3, 31)}


def load_cycle(coordinator, agreement: Agreement) -> Cycle:
    if Cycle.objects.filter(is_current=True).exists():
        return Cycle.objects.current()  # someone already runs a period: leave it alone
    cycle = cycle_services.start_cycle(
        name=CYCLE_NAME, start=D(2023, 7, 1), end=D(2027, 6, 30), by=coordinator
    )
    items = {(i.step.number, i.order): i for i in cycle.checklist.select_related("step")}
    for (step, order), due in DUE_DATES.items():
        item = items[(step, order)]
        item.due_date = due
        item.save(update_fields=["due_date", "updated_at"])
    for step, order, done_on, evidence, public, note in TICKS:
        kwargs = {}
        if evidence is not None:
            kind, key = evidence
            if kind == "decision":
                kwargs["decision"] = find_decision(*key)
            elif kind == "meeting":
                kwargs["meeting"] = find_meeting(*key)
            else:
                kwargs["agreement"] = agreement
        cycle_services.tick_item(
            item=items[(step, order)],
            by=coordinator,
            done_on=done_on,
            note=note,
            public=public,
            no_evidence_reason=NO_EVIDENCE.get((step, order), "Underlaget finns i kommunens diarium."),
            **kwargs,
        )
    for _move in range(3):  # steps 1–3 are done: move on to step 4, Genomförande
        cycle_services.move_to_next_step(cycle=cycle, by=coordinator)
    # The services stamp the moves with "now"; the demo dates them when they happened in Tingsryd.
    for to_step, day in MOVED_ON.items():
        StepTransition.objects.filter(cycle=cycle, to_step__number=to_step).update(
            at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        )
    cycle.refresh_from_db()
    return cycle


def link_lagesbild(cycle: Cycle, agreement: Agreement, promise: CitizenPromise) -> None:
    """Link the agreement's focus areas, the promise's areas and the lägesbild evidence (idempotent)."""
    focus = Problem.objects.filter(prioritised=True)
    if focus.exists() and not agreement.focus_problems.exists():
        agreement.focus_problems.set(focus)
    tingsryd = Area.objects.filter(slug="tingsryd").first()
    if tingsryd is not None and not promise.area_links.exists():
        promise.area_links.set([tingsryd])
    report = SituationReport.objects.filter(title="Kommunens lägesbild 2024").first()
    item = cycle.checklist.filter(step__number=2, order=1, evidence_report__isnull=True).first()
    if report is not None and item is not None:
        item.evidence_report = report
        item.save(update_fields=["evidence_report", "updated_at"])
