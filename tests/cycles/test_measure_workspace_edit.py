"""A measure written in the workspace: its page (/arbete/atgarder/<slug>/) with the panels other parts
register, "Ny åtgärd", changes with their conflict check, copy and cancellation (Avbruten with a reason),
who may do each, and forms that explain themselves and keep what was typed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from actors.rules import own_actor
from cycles.models import Measure, MeasureStatus, MeasureUpdate, PlanStatus
from cycles.services import plan as plan_services
from tests.actors.factories import ActorFactory, ContactFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    decision,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import (
    AreaFactory,
    CauseAnalysisFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from tests.personas import ALL_PERSONAS
from trygg import dashboard
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TOKEN = "0b6f3c1e-2f5d-4c8a-9a7e-5d2c1b0a9f8e"


def _second_client(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def _measure_data(plan, **changes):
    """What the measure form posts for a complete, valid measure in `plan`."""
    lead = changes.pop("lead_actor", None) or ActorFactory(name="Tekniska förvaltningen")
    data = {
        "plan": plan.pk,
        "title": "Belysning i Folkets park",
        "slug": "",
        "public_text": "Vi sätter upp ny belysning längs gångvägarna.",
        "internal_notes": "",
        "kind": "situationell",
        "level": "universell",
        "lead_actor": lead.pk,
        "lead_contact": "",
        "start_date": "2026-03-01",
        "end_date": "2026-12-01",
        "budget": "250 000",
        "funding": "",
        "goal": "",
        "indicator": "",
        "visibility": "public",
        "updates_need_approval": "on",
        "decision": "",
        "loaded_version": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def police_measure(police_partner, other_partner):
    """A public measure of a running plan that Polisen (the police partner's actor) leads."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    return public_measure(lead_actor=police, title="Polisen i centrum", slug="polisen-i-centrum")


# --- Who may do what ----------------------------------------------------------------------------------

PAGES = ["", "andra/", "kopiera/", "avbryt/"]


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_every_measure_page_answers_by_role(persona, request, police_measure):
    name = request.node.callspec.params["persona"]
    for page in PAGES:
        response = persona.get(f"/arbete/atgarder/{police_measure.slug}/{page}")
        if name == "client":
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
            continue
        expected = {
            "coordinator_client": 200,
            "board_client": 200 if page == "" else 403,
            "police_partner_client": 200 if page == "" else 403,
        }.get(name, 403)
        assert response.status_code == expected, (name, page, response.status_code)


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_new_measure_answers_by_role(persona, request):
    name = request.node.callspec.params["persona"]
    response = persona.get("/arbete/atgarder/ny/")
    if name == "client":
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    else:
        assert response.status_code == (200 if name == "coordinator_client" else 403), name


def test_an_internal_measure_is_not_found_for_another_partner(other_partner, police_measure):
    police_measure.visibility = Visibility.INTERNAL
    police_measure.save()
    other = _second_client(other_partner)
    for page in PAGES:
        assert other.get(f"/arbete/atgarder/{police_measure.slug}/{page}").status_code == 404


def test_a_contributing_partner_reads_the_page_but_changes_nothing(other_partner, police_measure):
    police_measure.contributors.add(own_actor(other_partner))
    other = _second_client(other_partner)
    response = other.get(f"/arbete/atgarder/{police_measure.slug}/")
    assert response.status_code == 200
    assert "Ändra åtgärden" not in response.content.decode()


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "coordinator_client"], indirect=True)
def test_posts_by_anyone_but_a_coordinator_change_nothing(persona, police_measure):
    before = list(Measure.objects.values().order_by("pk"))
    data = _measure_data(police_measure.plan, title="Nej", loaded_version=police_measure.version)
    data.update(version=police_measure.version, reason="Nej", submission=TOKEN)
    persona.post("/arbete/atgarder/ny/", data)
    for page in PAGES[1:]:
        persona.post(f"/arbete/atgarder/{police_measure.slug}/{page}", data)
    assert list(Measure.objects.values().order_by("pk")) == before
    assert not MeasureUpdate.objects.exists()


def test_the_lead_partner_sees_what_it_may_do(police_partner_client, police_measure):
    html = police_partner_client.get(f"/arbete/atgarder/{police_measure.slug}/").content.decode()
    assert f"/arbete/atgarder/{police_measure.slug}/rapport/" in html
    assert f"/arbete/atgarder/{police_measure.slug}/text/" in html
    assert "Ändra åtgärden" not in html and "Avbryt åtgärden" not in html


# --- The measure's page ---------------------------------------------------------------------------------


@pytest.fixture
def registered_panel(monkeypatch, tmp_path, settings):
    """A panel that another part of the workspace registers for the measure's page ("workspace-measure"),
    with its own template; returns the calls the page made."""
    folder = tmp_path / "panels"
    folder.mkdir()
    (folder / "_test_panel.html").write_text("<p>Panelen om {{ ctx.title }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]
    panel = dashboard.Panel(
        key="test-panel",
        title="Testpanelen",
        template="_test_panel.html",
        context=None,
        page="workspace-measure",
    )
    calls = []

    def panels_for(request, page="dashboard", **objects):
        calls.append((page, objects))
        return [(panel, {"title": objects["measure"].title})] if page == "workspace-measure" else []

    monkeypatch.setattr(dashboard, "panels_for", panels_for)
    return calls


def test_page_shows_facts_chain_updates_and_actions(coordinator_client):
    report = SituationReportFactory(title="Lägesbild 2024")
    problem = ProblemFactory(title="Otrygghet i parken")
    problem.reports.set([report])
    cause = CauseAnalysisFactory(problem=problem)
    plan = running_plan(situation_report=report)
    measure = public_measure(
        plan=plan, causes=[cause], end_date=datetime.date(2020, 1, 1), internal_notes="Internt"
    )
    MeasureUpdateFactory(measure=measure, text="Första rapporten.")
    MeasureUpdateFactory(measure=measure, text="Väntar.", approved_at=None, needs_approval=True)

    response = coordinator_client.get(f"/arbete/atgarder/{measure.slug}/")
    html = response.content.decode()

    assert response.context["chain"] == [(problem, [cause])]
    assert "Lägesbild 2024" in html and "Otrygghet i parken" in html
    assert "Första rapporten." in html and "Väntar." in html and "Väntar på granskning" in html
    assert "Internt" in html and ">sen<" in html
    for page in ("andra", "kopiera", "avbryt", "rapport"):
        assert f"/arbete/atgarder/{measure.slug}/{page}/" in html
    assert f'href="/atgarder/{measure.slug}/"' in html  # public now: a link to the public page


def test_page_renders_the_panels_registered_for_it(coordinator_client, registered_panel):
    measure = public_measure(title="Belysning")
    html = coordinator_client.get(f"/arbete/atgarder/{measure.slug}/").content.decode()
    assert registered_panel == [("workspace-measure", {"measure": measure})]
    assert '<h2 class="h4" id="panel-test-panel">Testpanelen</h2>' in html
    assert "<p>Panelen om Belysning</p>" in html


def test_overview_links_each_row_to_the_measure_page_and_offers_a_new_one(coordinator_client):
    measure = public_measure()
    html = coordinator_client.get("/arbete/atgarder/").content.decode()
    assert f'<a href="/arbete/atgarder/{measure.slug}/">{measure.title}</a>' in html
    assert 'href="/arbete/atgarder/ny/"' in html


# --- Ny åtgärd ------------------------------------------------------------------------------------------


def test_the_form_groups_problems_by_lagesbild_and_causes_by_problem(coordinator_client):
    own, other = SituationReportFactory(title="Planens lägesbild"), SituationReportFactory(title="Polisens")
    park = ProblemFactory(title="Otrygghet i parken", prioritised=True, priority=1)
    park.reports.set([own, other])
    ProblemFactory(title="Klotter").reports.set([other])
    CauseAnalysisFactory(problem=park, offender_motivation="Unga utan sysselsättning.")
    area = AreaFactory(name="Ryd")
    PlaceFactory(area=area, name="Torget")
    plan = ActionPlanFactory(situation_report=own)

    response = coordinator_client.get(f"/arbete/atgarder/ny/?plan={plan.pk}")
    html = response.content.decode()
    groups = response.context["form"].grouped()

    assert [legend for legend, _options in groups["problems"]["groups"]] == [
        "Lägesbild: Planens lägesbild (planens lägesbild)",
        "Lägesbild: Polisens",
    ]
    assert [legend for legend, _options in groups["cause_analyses"]["groups"]] == [
        "Orsaker till problemet ”Otrygghet i parken”"
    ]
    assert "Otrygghet i parken (fokusområde, prioritet 1)" in html
    assert "Orsaksanalys ur ett situationellt perspektiv: Unga utan sysselsättning." in html
    assert '<legend class="fs-6 mb-1">Område: Ryd</legend>' in html
    assert 'data-choice-filter="Sök problem"' in html and "js/choice-filter.js" in html
    assert response.context["form"]["plan"].value() == plan.pk
    assert "ÅÅÅÅ-MM-DD, till exempel 2026-12-01." in html


def test_create_saves_the_measure_in_the_plan_and_sent_twice_makes_one(coordinator_client):
    plan = ActionPlanFactory()
    cause = CauseAnalysisFactory()
    place = PlaceFactory()
    data = _measure_data(
        plan, problems=[cause.problem_id], cause_analyses=[cause.pk], places=[place.pk], submission=TOKEN
    )

    response = coordinator_client.post("/arbete/atgarder/ny/", data)

    measure = Measure.objects.get()
    assert response["Location"] == "/arbete/atgarder/belysning-i-folkets-park/"
    assert (measure.plan, measure.slug, measure.status, measure.progress, measure.budget) == (
        plan,
        "belysning-i-folkets-park",
        MeasureStatus.PLANNED,
        0,
        250000,
    )
    assert (measure.end_date, list(measure.places.all()), list(measure.cause_analyses.all())) == (
        datetime.date(2026, 12, 1),
        [place],
        [cause],
    )
    again = coordinator_client.post("/arbete/atgarder/ny/", data, follow=True)
    assert Measure.objects.count() == 1
    assert "Formuläret hade redan skickats" in again.content.decode()


def test_create_keeps_what_was_typed_and_explains_each_error(coordinator_client):
    plan = ActionPlanFactory()
    cause = CauseAnalysisFactory(problem=ProblemFactory(title="Skadegörelse"))
    contact = ContactFactory(name="Lena Lind", actor=ActorFactory(name="Skolan"))
    response = coordinator_client.post(
        "/arbete/atgarder/ny/",
        _measure_data(
            plan,
            title="Trygga skolvägar",
            end_date="1/12/2026",
            cause_analyses=[cause.pk],
            lead_contact=contact.pk,
            kind="",
            slug="mina",
        ),
    )
    html = response.content.decode()

    assert response.status_code == 200 and not Measure.objects.exists()
    assert "till exempel 2026-12-01 om du menar den 1 december 2026" in html
    assert "Orsaken hör till ett problem som inte är valt: ”Skadegörelse”. Välj problemet också." in html
    assert "Lena Lind arbetar hos Skolan, inte hos den ansvariga aktören Tekniska förvaltningen." in html
    assert "Välj om åtgärden är situationell eller social." in html
    assert "”mina” är en sida i arbetsytan" in html
    assert 'value="Trygga skolvägar"' in html and 'value="1/12/2026"' in html
    assert "Vi sätter upp ny belysning längs gångvägarna." in html


def test_a_measure_added_to_a_decided_plan_is_marked_as_added_after_the_decision(coordinator_client):
    plan = running_plan(decision=decision(days_after=0))
    plan.decision.decided_on = timezone.localdate() - datetime.timedelta(days=30)
    plan.decision.save()
    coordinator_client.post("/arbete/atgarder/ny/", _measure_data(plan))
    measure = Measure.objects.get()
    assert measure.added_after_plan_decision
    html = coordinator_client.get(f"/arbete/atgarder/{measure.slug}/").content.decode()
    assert "efter planens beslut" in html


def test_a_plan_that_is_followed_up_takes_no_new_measures(coordinator_client):
    plan = running_plan(status=PlanStatus.FOLLOWED_UP)
    response = coordinator_client.post("/arbete/atgarder/ny/", _measure_data(plan))
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Measure.objects.exists()


# --- Changes, copy, cancellation -----------------------------------------------------------------------


def test_edit_saves_and_a_second_editor_gets_a_conflict_keeping_the_text(coordinator, coordinator_client):
    measure = MeasureFactory(title="Gammal rubrik", slug="gammal")
    url = f"/arbete/atgarder/{measure.slug}/andra/"
    data = _measure_data(
        measure.plan, slug="gammal", loaded_version=measure.version, lead_actor=measure.lead_actor
    )
    del data["plan"]
    assert _second_client(coordinator).post(url, {**data, "title": "Hennes rubrik"}).status_code == 302

    response = coordinator_client.post(url, {**data, "title": "Min rubrik"})

    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Min rubrik" in html
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.title, saved.status, saved.plan_id) == (
        "Hennes rubrik",
        MeasureStatus.PLANNED,
        measure.plan_id,
    )


def test_copy_makes_a_planned_measure_and_leaves_the_original(coordinator_client):
    original = public_measure(title="Nattvandring", progress=70, contributors=[ActorFactory()])
    target = ActionPlanFactory(title="Nästa plan")
    before = Measure.objects.values().get(pk=original.pk)
    data = {"plan": target.pk, "title": "Nattvandring i Ryd", "submission": TOKEN}

    response = coordinator_client.post(f"/arbete/atgarder/{original.slug}/kopiera/", data)

    copy = Measure.objects.get(title="Nattvandring i Ryd")
    assert response["Location"] == f"/arbete/atgarder/{copy.slug}/"
    assert (copy.plan, copy.status, copy.progress, copy.continued_from) == (
        target,
        MeasureStatus.PLANNED,
        0,
        None,
    )
    assert list(copy.contributors.all()) == list(original.contributors.all())
    assert list(copy.cause_analyses.all()) == list(original.cause_analyses.all())
    assert Measure.objects.values().get(pk=original.pk) == before
    coordinator_client.post(f"/arbete/atgarder/{original.slug}/kopiera/", data)
    assert Measure.objects.filter(title="Nattvandring i Ryd").count() == 1


def test_the_copy_form_suggests_a_title_and_the_same_plan(coordinator_client):
    original = MeasureFactory(title="Trygghetsvandring")
    form = coordinator_client.get(f"/arbete/atgarder/{original.slug}/kopiera/").context["form"]
    assert (form["title"].value(), form["plan"].value()) == ("Trygghetsvandring (kopia)", original.plan_id)


def test_retire_asks_first_then_cancels_with_the_reason_as_a_public_update(coordinator_client):
    measure = public_measure(status=MeasureStatus.ONGOING, progress=30)
    url = f"/arbete/atgarder/{measure.slug}/avbryt/"
    page = coordinator_client.get(url).content.decode()
    assert "Ja, avbryt åtgärden" in page and "Det går inte att ångra" in page
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.ONGOING

    without = coordinator_client.post(url, {"version": measure.version, "reason": ""})
    assert "Skriv varför åtgärden avbryts." in without.content.decode()

    response = coordinator_client.post(url, {"version": measure.version, "reason": "Fastigheten revs."})

    assert response["Location"] == f"/arbete/atgarder/{measure.slug}/"
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.status, saved.progress) == (MeasureStatus.CANCELLED, 30)
    update = MeasureUpdate.objects.get(measure=measure)
    assert (update.status, update.text, update.is_approved) == (
        MeasureStatus.CANCELLED,
        "Fastigheten revs.",
        True,
    )
    assert "Fastigheten revs." in coordinator_client.get(f"/atgarder/{measure.slug}/").content.decode()


def test_retire_in_a_draft_plan_records_the_reason_in_the_history(coordinator_client):
    measure = MeasureFactory()
    coordinator_client.post(
        f"/arbete/atgarder/{measure.slug}/avbryt/", {"version": measure.version, "reason": "Dubblett."}
    )
    saved = Measure.objects.get(pk=measure.pk)
    assert saved.status == MeasureStatus.CANCELLED
    assert saved.history.first().history_change_reason == "Dubblett."
    assert not MeasureUpdate.objects.exists()


def test_retire_refuses_a_done_measure_and_a_stale_version(coordinator_client):
    done = public_measure(status=MeasureStatus.DONE)
    response = coordinator_client.get(f"/arbete/atgarder/{done.slug}/avbryt/", follow=True)
    assert "har status ”Genomförd” och kan inte avbrytas" in response.content.decode()

    measure = public_measure()
    stale = measure.version
    measure.title = "Ändrad under tiden"
    measure.save()
    response = coordinator_client.post(
        f"/arbete/atgarder/{measure.slug}/avbryt/", {"version": stale, "reason": "Behövs inte."}
    )
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.ONGOING
    assert not MeasureUpdate.objects.exists()


def test_a_measure_carried_over_is_not_listed_as_stale_in_the_old_plan(coordinator_client):
    old_plan = running_plan(status=PlanStatus.FOLLOWED_UP)
    old = public_measure(plan=old_plan, title="Gamla belysningen")
    Measure.objects.filter(pk=old.pk).update(
        last_update_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    forgotten = public_measure(plan=old_plan, title="Bortglömd åtgärd")
    Measure.objects.filter(pk=forgotten.pk).update(
        last_update_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    (new,) = plan_services.carry_over(measures=[Measure.objects.get(pk=old.pk)], into=running_plan(), by=None)

    response = coordinator_client.get("/arbete/atgarder/")

    # The continuation keeps the date of the last lägesrapport, so it is stale in its new plan.
    assert {m.pk for m in response.context["stale"]} == {forgotten.pk, new.pk}


def test_an_edit_sent_twice_is_saved_once_without_a_false_conflict(coordinator_client):
    measure = MeasureFactory(slug="dubbel")
    data = _measure_data(measure.plan, slug="dubbel", loaded_version=measure.version, submission=TOKEN)
    del data["plan"]
    url = f"/arbete/atgarder/{measure.slug}/andra/"
    assert coordinator_client.post(url, {**data, "title": "Ny rubrik"}).status_code == 302

    again = coordinator_client.post(url, {**data, "title": "Ny rubrik"}, follow=True)

    html = again.content.decode()
    assert "Formuläret hade redan skickats" in html and "Någon annan har sparat" not in html
    assert Measure.objects.get(pk=measure.pk).version == measure.version + 1


def test_an_address_made_from_the_title_is_free_and_never_a_workspace_page(coordinator_client):
    plan = ActionPlanFactory()
    MeasureFactory(slug="trygg-park")
    lead = ActorFactory()
    coordinator_client.post("/arbete/atgarder/ny/", _measure_data(plan, title="Trygg park", lead_actor=lead))
    coordinator_client.post("/arbete/atgarder/ny/", _measure_data(plan, title="Ny", lead_actor=lead))
    assert sorted(Measure.objects.filter(plan=plan).values_list("slug", flat=True)) == [
        "ny-2",
        "trygg-park-2",
    ]
