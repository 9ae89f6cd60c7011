"""Demo data for Tingsryd: the 2023–2027 samverkansperiod in step 4 with a realistic checklist, the
samverkansöverenskommelse with Polisen LPO Nybro, and the medborgarlöfte 2025 with follow-up.

Idempotent: the period, agreement and promise are found by natural key; a second run changes nothing.
The first run goes through the services (start_cycle, tick_item, move_to_next_step and the status
changes), so the demo data passes the same rules as real data. Evidence points at the actors demo's
decisions and meetings, looked up by their natural keys.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from actors.models import Actor, Decision, Meeting
from lagesbild.models import Area, Problem, SituationReport
from trygg.visibility import Visibility

from . import services
from .models import (
    Agreement,
    AgreementStatus,
    CitizenPromise,
    Cycle,
    PromiseLine,
    PromiseParty,
    PromiseStatus,
    StepTransition,
)

CYCLE_NAME = "Samverkansperiod 2023–2027"
AGREEMENT_TITLE = "Samverkansöverenskommelse mellan Tingsryds kommun och Polisen LPO Nybro 2025–2027"
PROMISE_TITLE = "Medborgarlöfte 2025: Tryggare kvällar i Tingsryds centrum"

D = datetime.date


def _decision(forum: str, decided_on: datetime.date, paragraph: str) -> Decision | None:
    return Decision.objects.filter(forum__name=forum, decided_on=decided_on, paragraph=paragraph).first()


def _meeting(forum: str, day: datetime.date) -> Meeting | None:
    return Meeting.objects.filter(forum__name=forum, starts_at__date=day).order_by("starts_at").first()


# step, clause order, done on, evidence (kind, key), public, note
TICKS = [
    (1, 1, D(2023, 9, 12), None, True, "Avsiktsförklaring om samverkan, KS och LPO Nybro."),
    (1, 2, D(2023, 10, 3), None, True, "Uppdragsbeskrivning för samordnaren."),
    (1, 3, D(2023, 11, 14), None, True, "Styrgruppen och lokala BRÅ bildade med namngivna ansvariga."),
    (1, 4, D(2023, 11, 14), None, False, "Kommunikatören på kommunledningsförvaltningen."),
    (1, 5, D(2024, 1, 22), None, False, "Utkast till kommunikationsplan."),
    (2, 1, D(2024, 5, 20), None, True, "Kommunens lägesbild 2024."),
    (2, 2, D(2024, 4, 30), None, False, "Medarbetardialoger i skola, socialtjänst och bostadsbolag."),
    (2, 3, D(2024, 6, 11), None, True, "Redovisning för kommunledningen och LPO-ledningen."),
    (3, 1, D(2025, 2, 11), ("decision", ("Kommunstyrelsen", D(2025, 2, 11), "KS § 23")), True, ""),
    (3, 2, D(2025, 2, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 2, 16))), True, ""),
    (3, 3, D(2024, 10, 8), None, True, "Medborgardialoger och trygghetsvandringar i Ryd och Urshult."),
    (3, 4, D(2025, 3, 20), ("meeting", ("Strategiska rådet", D(2025, 3, 20))), False, ""),
    (3, 5, D(2025, 4, 8), ("agreement", None), True, ""),
    (4, 1, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 2, D(2025, 6, 10), ("decision", ("Kommunstyrelsen", D(2025, 6, 10), "KS § 112")), True, ""),
    (4, 3, D(2025, 6, 16), ("meeting", ("Styrgruppen för trygghet", D(2025, 6, 16))), True, ""),
    (4, 4, D(2025, 3, 1), None, True, "Medborgarlöftet 2025 publicerat på webbplatsen och i lokaltidningen."),
    (5, 4, D(2025, 11, 11), ("decision", ("Kommunstyrelsen", D(2025, 11, 11), "KS § 187")), True, ""),
]
# When the period reached each step (step 1: the period's start).
MOVED_ON = {1: D(2023, 7, 1), 2: D(2024, 2, 1), 3: D(2024, 9, 2), 4: D(2025, 5, 5)}
# Open items in step 4 get a due date, one of them already passed.
DUE_DATES = {(4, 5): D(2026, 3, 31), (4, 6): D(2027, 3, 31)}


def load(*, stdout) -> None:
    coordinator = get_user_model().objects.filter(username="samordnare").first()
    agreement = _load_agreement()
    promise = _load_promise()
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    if cycle is None:
        cycle = _load_cycle(coordinator, agreement)
    _link_lagesbild(cycle, agreement, promise)
    stdout.write(
        f"Kretsloppet: {cycle.name} i steg {cycle.current_step.number}, "
        f"{cycle.checklist.done().count()} av {cycle.checklist.count()} punkter klara; "
        f"överenskommelse: {agreement.get_status_display()}; medborgarlöfte {promise.year}: "
        f"{promise.get_status_display()}"
    )


def _load_cycle(coordinator, agreement: Agreement) -> Cycle:
    if Cycle.objects.filter(is_current=True).exists():
        return Cycle.objects.current()  # someone already runs a period: leave it alone
    cycle = services.start_cycle(name=CYCLE_NAME, start=D(2023, 7, 1), end=D(2027, 6, 30), by=coordinator)
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
                kwargs["decision"] = _decision(*key)
            elif kind == "meeting":
                kwargs["meeting"] = _meeting(*key)
            else:
                kwargs["agreement"] = agreement
        services.tick_item(
            item=items[(step, order)], by=coordinator, done_on=done_on, note=note, public=public, **kwargs
        )
    for _move in range(3):  # steps 1–3 are done: move on to step 4, Genomförande
        services.move_to_next_step(cycle=cycle, by=coordinator)
    # The services stamp the moves with "now"; the demo dates them when they happened in Tingsryd.
    for to_step, day in MOVED_ON.items():
        StepTransition.objects.filter(cycle=cycle, to_step__number=to_step).update(
            at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        )
    cycle.refresh_from_db()
    return cycle


def _link_lagesbild(cycle: Cycle, agreement: Agreement, promise: CitizenPromise) -> None:
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


def _load_agreement() -> Agreement:
    agreement = Agreement.objects.filter(title=AGREEMENT_TITLE).first()
    if agreement is not None:
        return agreement
    agreement = Agreement(
        title=AGREEMENT_TITLE,
        purposes=(
            "Att minska brottsligheten och öka tryggheten i Tingsryds kommun genom ett gemensamt, "
            "kunskapsbaserat arbete.\nAtt parterna tar ett gemensamt ansvar för lägesbild, åtgärder och "
            "uppföljning."
        ),
        areas=("Trygghet i centrala Tingsryd kvällstid.\nUnga i riskzon.\nSkadegörelse och anlagda bränder."),
        focus_areas="Otrygghet vid resecentrum och torget.\nSkadegörelse på skolor i Ryd och Urshult.",
        valid_from=D(2025, 5, 1),
        valid_to=D(2027, 6, 30),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 4, 8),
        decision=_decision("Kommunstyrelsen", D(2025, 4, 8), "KS § 61"),
        visibility=Visibility.PUBLIC,
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(Actor.objects.filter(name__in=["Tingsryds kommun", "Polisen LPO Nybro"]))
    services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED)
    services.change_agreement_status(agreement=agreement, to=AgreementStatus.IN_FORCE)
    return agreement


PROMISE_LINES = [
    (
        PromiseParty.POLICE,
        None,
        "Polisen finns synlig i Tingsryds centrum minst två kvällar i veckan, fredag och lördag.",
        "Polisen var på plats 84 av 104 planerade kvällar. Flest besök vid resecentrum och torget.",
    ),
    (
        PromiseParty.MUNICIPALITY,
        None,
        "Kommunen förbättrar belysningen vid resecentrum och gångvägen till Folkets park.",
        "Ny belysning är uppsatt vid resecentrum. Gångvägen får ny belysning våren 2026.",
    ),
    (
        PromiseParty.JOINT,
        None,
        "Polisen och kommunen bjuder in till två trygghetsvandringar i centrum under året.",
        "Trygghetsvandringar hölls i maj och oktober med 31 deltagare. Synpunkterna finns i lägesbilden.",
    ),
    (
        PromiseParty.OTHER,
        "Tingsryds IF",
        "Tingsryds IF håller klubbstugan öppen för unga fredagskvällar med vuxna på plats.",
        "Klubbstugan var öppen 30 fredagar med i snitt 25 besökare.",
    ),
]


def _load_promise() -> CitizenPromise:
    promise = CitizenPromise.objects.filter(year=2025, title=PROMISE_TITLE).first()
    if promise is not None:
        return promise
    promise = CitizenPromise(
        year=2025,
        title=PROMISE_TITLE,
        areas="Tingsryd",
        background=(
            "I medborgardialogerna 2024 sa många att de känner sig otrygga i centrum på kvällen, särskilt "
            "vid resecentrum. Därför lovar polisen och kommunen detta för 2025."
        ),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 2, 20),
        visibility=Visibility.PUBLIC,
    )
    promise.full_clean()
    promise.save()
    follow_up_on = D(2025, 12, 15) if D(2025, 12, 15) <= timezone.localdate() else None
    for order, (party, actor_name, text, follow_up) in enumerate(PROMISE_LINES, start=1):
        line = PromiseLine(
            promise=promise,
            party=party,
            actor=Actor.objects.filter(name=actor_name).first() if actor_name else None,
            text=text,
            order=order,
            follow_up=follow_up,
            follow_up_on=follow_up_on,
        )
        if line.party == PromiseParty.OTHER and line.actor is None:
            line.party = PromiseParty.JOINT  # the actors demo did not run
        line.full_clean()
        line.save()
    for status in (PromiseStatus.SIGNED, PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP):
        services.change_promise_status(promise=promise, to=status)
    return promise
