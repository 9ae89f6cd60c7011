"""Demo data for Tingsryd: the 2023–2027 samverkansperiod in step 4 with a realistic checklist, the
samverkansöverenskommelse with Polisen LPO Nybro, and the medborgarlöfte 2025 with follow-up.

Idempotent: the period, agreement and promise are found by natural key; a second run changes nothing.
The first run goes through the services (start_cycle, tick_item, move_to_next_step and the status
changes), so the demo data passes the same rules as real data. Evidence points at the actors demo's
decisions and meetings, looked up by their natural keys.

Each concept has a module here; `load()` is what `python manage.py load_demo` runs for this app.
"""

from django.contrib.auth import get_user_model

from ..models import Cycle, MeasureUpdate
from .agreement import load_agreement
from .cycle import CYCLE_NAME, link_lagesbild, load_cycle
from .feedback import link_unsafe_place_reports
from .feedback import load as load_feedback
from .followup import load as load_followup
from .measure import HOUSING, POLICE
from .milestone import load_milestones
from .plan import load_plan
from .promise import load_promise
from .yearwheel import load as load_yearwheel


def load(*, stdout) -> None:
    coordinator = get_user_model().objects.filter(username="samordnare").first()
    agreement = load_agreement()
    promise = load_promise()
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    if cycle is None:
        cycle = load_cycle(coordinator, agreement)
    link_lagesbild(cycle, agreement, promise)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["polis", "bostader"])}
    partners = {
        name: users[username]
        for name, username in ((POLICE, "polis"), (HOUSING, "bostader"))
        if username in users
    }
    plan = load_plan(coordinator=coordinator, partners=partners)
    if plan is not None:
        stdout.write(
            f"Åtgärdsplan: {plan.title} ({plan.get_status_display()}), {plan.measures.count()} åtgärder, "
            f"{MeasureUpdate.objects.filter(measure__plan=plan).count()} lägesrapporter"
        )
        stdout.write(load_milestones(coordinator=coordinator))
        stdout.write(load_feedback())
        link_unsafe_place_reports()
    load_followup(stdout=stdout)
    stdout.write(load_yearwheel(coordinator=coordinator))
    stdout.write(
        f"Kretsloppet: {cycle.name} i steg {cycle.current_step.number}, "
        f"{cycle.checklist.done().count()} av {cycle.checklist.count()} punkter klara; "
        f"överenskommelse: {agreement.get_status_display()}; medborgarlöfte {promise.year}: "
        f"{promise.get_status_display()}"
    )
