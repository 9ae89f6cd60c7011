"""Two people editing the same object in the workspace: the one who saves second gets the Swedish
conflict message on the form (not a redirect, not an error page), what they typed stays in the form,
and the colleague's save is kept. One table of the workspace's edit forms of versioned objects; and
the race where a colleague's save lands between the form's check and its save."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.db.models import F
from django.forms.formsets import BaseFormSet

from cycles.models import PlanStatus
from lagesbild.forms.report import SituationReportForm
from lagesbild.forms.statistics import IndicatorForm
from lagesbild.models import Indicator, SituationReport
from tests.actors.factories import ActorFactory, ContactFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    ChecklistItemFactory,
    CycleFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MilestoneFactory,
    YearWheelItemFactory,
    YearWheelRuleFactory,
    all_steps,
    link_user_to_actor,
    public_measure,
    running_plan,
    step,
)
from tests.lagesbild.factories import DialogueFactory, IndicatorFactory, SituationReportFactory
from trygg.concurrency import CONFLICT_MESSAGE

pytestmark = pytest.mark.django_db

COLLEAGUE = "Kollegans ändring"
MINE = "Min ändring"


# --- The form as the browser sends it back ----------------------------------------------------------


def _value(value):
    """A bound field's value as a browser posts it (None: not posted)."""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [str(getattr(v, "pk", v)) for v in value]
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


def _fields(form) -> dict:
    data = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue
        value = _value(bound.value())
        if value is not None:
            data[bound.html_name] = value
    return data


def form_data(context, keys) -> dict:
    """What the page's forms (and formsets) would post unchanged, the hidden version included."""
    data = {}
    for key in keys:
        shown = context[key]
        if isinstance(shown, BaseFormSet):
            data.update(_fields(shown.management_form))
            for form in shown.forms:
                data.update(_fields(form))
        else:
            data.update(_fields(shown))
    return data


# --- The forms ---------------------------------------------------------------------------------------


@dataclass
class Case:
    """`make(user)` gives (object, url) for an object `persona` may edit; a colleague sets `field` to
    COLLEAGUE with a normal save; the user had typed `typed` into the form's field `name`."""

    persona: str
    make: Callable
    field: str
    name: str | None = None
    typed: str = MINE
    keys: list[str] = field(default_factory=lambda: ["form"])
    unchanged: Callable | None = None  # (object) -> bool: the user's change did not land
    extra: dict = field(default_factory=dict)  # what else the user filled in


def _contact(user):
    actor = link_user_to_actor(user, ActorFactory(name="Polisen LPO Nybro"))
    contact = ContactFactory(actor=actor, title="Kommunpolis")
    return contact, f"/arbete/min-organisation/kontakter/{contact.pk}/"


def _dialogue(user):
    dialogue = DialogueFactory()
    return dialogue, f"/arbete/dialoger/{dialogue.pk}/"


def _indicator(user):
    indicator = IndicatorFactory()
    return indicator, f"/arbete/statistik/indikatorer/{indicator.pk}/"


def _measure(user):
    measure = public_measure()
    return measure, f"/arbete/atgarder/{measure.slug}/andra/"


def _measure_text(user):
    measure = public_measure()
    return measure, f"/arbete/atgarder/{measure.slug}/text/"


def _measure_indicator(user):
    measure = public_measure()
    link = measure.indicator_links.create(indicator=IndicatorFactory(), baseline=120, target=90)
    return link, f"/arbete/atgarder/{measure.slug}/indikatorer/{link.pk}/"


def _milestone(user):
    milestone = MilestoneFactory(measure=public_measure())
    return milestone, f"/arbete/atgarder/{milestone.measure.slug}/delmal/{milestone.pk}/"


def _milestone_done(user):
    milestone = MilestoneFactory(measure=public_measure())
    return milestone, f"/arbete/atgarder/{milestone.measure.slug}/delmal/{milestone.pk}/klar/"


def _plan(user):
    plan = ActionPlanFactory(cycle=CycleFactory(), status=PlanStatus.DRAFT)
    return plan, f"/arbete/planer/{plan.pk}/andra/"


def _period(user):
    period = FollowUpPeriodFactory()
    return period, f"/arbete/uppfoljning/perioder/{period.pk}/andra/"


def _follow_up(user):
    police = link_user_to_actor(user, ActorFactory(name="Polisen LPO Nybro"))
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    follow_up = FollowUpFactory(period=period, measure=public_measure(plan=plan, lead_actor=police))
    return follow_up, f"/arbete/uppfoljning/{period.pk}/{follow_up.measure.slug}/"


def _report(user):
    report = FollowUpReportFactory()
    return report, f"/arbete/rapporter/{report.pk}/andra/"


def _situation_report(user):
    report = SituationReportFactory()
    return report, f"/arbete/lagesbild/{report.pk}/andra/"


def _year_wheel_item(user):
    item = YearWheelItemFactory()
    return item, f"/arbete/arshjul/enstaka/{item.pk}/"


def _year_wheel_rule(user):
    rule = YearWheelRuleFactory()
    return rule, f"/arbete/arshjul/aterkommande/{rule.pk}/"


def _checklist_item(user):
    all_steps()
    cycle = CycleFactory(current_step=step(4))
    item = ChecklistItemFactory(cycle=cycle, step=step(4))
    return item, f"/arbete/kretslopp/punkter/{item.pk}/"


CASES = {
    "kontakt": Case("police_partner", _contact, "title"),
    "dialog": Case("coordinator", _dialogue, "summary", "dialog-summary", keys=["form", "formset"]),
    "indikator": Case("coordinator", _indicator, "name"),
    "atgard": Case("coordinator", _measure, "title"),
    "atgardens-text": Case("coordinator", _measure_text, "public_text"),
    "atgardens-indikator": Case(
        "coordinator",
        _measure_indicator,
        "target",
        typed="77",
        unchanged=lambda link: link.baseline == 120,
    ),
    "delmal": Case("coordinator", _milestone, "title"),
    "delmal-klart": Case(
        "coordinator", _milestone_done, "title", name="", unchanged=lambda m: m.done_on is None
    ),
    "plan": Case("coordinator", _plan, "title"),
    "uppfoljningsperiod": Case("coordinator", _period, "name"),
    "uppfoljning": Case("police_partner", _follow_up, "done_text", keys=["form", "formset"]),
    "rapport": Case("coordinator", _report, "introduction"),
    "lagesbild": Case("coordinator", _situation_report, "sources_used"),
    "arshjul-enstaka": Case("coordinator", _year_wheel_item, "title"),
    "arshjul-aterkommande": Case("coordinator", _year_wheel_rule, "title"),
    "checklistpunkt": Case(
        "coordinator",
        _checklist_item,
        "text",
        name="note",
        unchanged=lambda item: item.done_on is None,
        extra={"no_evidence_reason": "Beslutet togs muntligt."},
    ),
}


def _colleague_saves(obj, name: str):
    """A colleague changes the object with a normal save (which moves its version on)."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    value = COLLEAGUE
    if name == "target":
        value = 55
    setattr(stored, name, value)
    stored.save()
    return stored


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_saving_a_stale_workspace_form_shows_the_conflict_and_keeps_both_sides(request, client, case):
    case = CASES[case]
    user = request.getfixturevalue(case.persona)
    client.force_login(user)
    obj, url = case.make(user)
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.context, case.keys)
    name = case.field if case.name is None else case.name
    if name:
        assert name in data, sorted(data)
        data[name] = case.typed

    saved = _colleague_saves(obj, case.field)
    response = client.post(url, {**data, **case.extra})

    html = response.content.decode()
    assert response.status_code == 200, (url, response.get("Location"))
    assert str(CONFLICT_MESSAGE) in html
    if name:
        assert case.typed in html  # what the user typed is still in the form
    obj.refresh_from_db()
    assert obj.version == saved.version
    assert getattr(obj, case.field) == getattr(saved, case.field)  # the colleague's save is kept
    if case.unchanged is not None:
        assert case.unchanged(obj)


def test_the_table_covers_at_least_ten_forms():
    assert len(CASES) >= 10


# --- A colleague's save between the form's check and its save ---------------------------------------


def _save_lands_after_the_check(monkeypatch, form_class, model, name):
    """After the form is checked (its version still current), a colleague's save moves the version
    on and changes `name`: the form's own save then finds the row changed."""
    checked = form_class.clean

    def clean(self):
        cleaned = checked(self)
        model._base_manager.filter(pk=self.instance.pk).update(version=F("version") + 1, **{name: COLLEAGUE})
        return cleaned

    monkeypatch.setattr(form_class, "clean", clean)


def test_an_indicator_saved_by_a_colleague_after_the_check_shows_the_conflict(
    coordinator_client, monkeypatch
):
    indicator = IndicatorFactory()
    url = f"/arbete/statistik/indikatorer/{indicator.pk}/"
    data = form_data(coordinator_client.get(url).context, ["form"])
    _save_lands_after_the_check(monkeypatch, IndicatorForm, Indicator, "name")

    response = coordinator_client.post(url, {**data, "name": MINE})

    assert response.status_code == 200
    html = response.content.decode()
    assert str(CONFLICT_MESSAGE) in html and MINE in html
    indicator.refresh_from_db()
    assert indicator.name == COLLEAGUE


def test_a_lagesbild_saved_by_a_colleague_after_the_check_shows_the_conflict(coordinator_client, monkeypatch):
    report = SituationReportFactory()
    url = f"/arbete/lagesbild/{report.pk}/andra/"
    data = form_data(coordinator_client.get(url).context, ["form"])
    _save_lands_after_the_check(monkeypatch, SituationReportForm, SituationReport, "sources_used")

    response = coordinator_client.post(url, {**data, "sources_used": MINE})

    assert response.status_code == 200
    html = response.content.decode()
    assert str(CONFLICT_MESSAGE) in html and MINE in html
    report.refresh_from_db()
    assert report.sources_used == COLLEAGUE
