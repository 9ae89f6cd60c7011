"""Åtgärdsplaner in the workspace (/arbete/planer/): who may do what, writing a plan with the errors that
keep what was typed, conflicts and double sendings, status moves, deleting an empty draft, copying a
plan, the next plan with the unfinished measures carried over (the old records untouched), the query
counts of the list and the plan's page, and the menu."""

import datetime

import pytest
from django.test import Client

from cycles.models import (
    ActionPlan,
    LinkKind,
    Measure,
    MeasureIndicator,
    MeasureLink,
    MeasureStatus,
    MeasureUpdate,
    Milestone,
    PlanStatus,
)
from cycles.services import plan as plan_services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    CycleFactory,
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
    IndicatorFactory,
    PlaceFactory,
    SituationReportFactory,
)
from tests.personas import ALL_PERSONAS
from trygg import pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TOKEN = "6f1c1f8e-8b7a-4a53-9d55-1b1f0f6d0a11"


def _second_client(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def _plan_data(**changes):
    data = {
        "title": "Åtgärdsplan 2027–2029",
        "cycle": CycleFactory(is_current=False).pk,
        "period_start": "2027-07-01",
        "period_end": "2029-06-30",
        "situation_report": "",
        "goals": "Färre ska vara rädda i centrum.",
        "decision": "",
        "visibility": "internal",
        "loaded_version": "",
    }
    data.update(changes)
    return data


# --- Who may do what ----------------------------------------------------------------------------------


def _pages(draft, running):
    """(url, what the coordinator gets) for every page of the section."""
    return [
        ("/arbete/planer/", 200),
        ("/arbete/planer/ny/", 200),
        (f"/arbete/planer/{running.pk}/", 200),
        (f"/arbete/planer/{running.pk}/andra/", 200),
        (f"/arbete/planer/{draft.pk}/status/consultation/", 200),
        (f"/arbete/planer/{running.pk}/kopiera/", 200),
        (f"/arbete/planer/{running.pk}/for-over/", 200),
        (f"/arbete/planer/{draft.pk}/ta-bort/", 200),
    ]


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_every_plan_page_answers_by_role(persona, request, police_partner):
    name = request.node.callspec.params["persona"]
    police = link_user_to_actor(police_partner)
    running = running_plan(title="Planen som genomförs")
    public_measure(plan=running, lead_actor=police)
    draft = ActionPlanFactory(title="Tomt utkast")
    reads = {"/arbete/planer/", f"/arbete/planer/{running.pk}/"}
    for url, coordinator_gets in _pages(draft, running):
        response = persona.get(url)
        if name == "client":
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url
            continue
        expected = {
            "coordinator_client": coordinator_gets,
            "board_client": 200 if url in reads else 403,
        }.get(name, 403)
        assert response.status_code == expected, (name, url, response.status_code)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "coordinator_client"], indirect=True)
def test_posts_by_anyone_but_a_coordinator_change_nothing(persona):
    running = running_plan(title="Planen som genomförs")
    measure = public_measure(plan=running)
    draft = ActionPlanFactory(title="Tomt utkast")
    before = (list(ActionPlan.objects.values().order_by("pk")), list(Measure.objects.values().order_by("pk")))
    for url, _status in _pages(draft, running)[1:]:
        persona.post(
            url,
            {
                **_plan_data(),
                "version": draft.version,
                "measures": [measure.pk],
                "submission": TOKEN,
            },
        )
    after = (list(ActionPlan.objects.values().order_by("pk")), list(Measure.objects.values().order_by("pk")))
    assert after == before


def test_the_menu_shows_plans_to_readers_of_plans(coordinator_client, board_reader, police_partner):
    police_client = _second_client(police_partner)
    link_user_to_actor(police_partner)
    assert 'href="/arbete/planer/"' in coordinator_client.get("/arbete/").content.decode()
    assert 'href="/arbete/planer/"' in _second_client(board_reader).get("/arbete/").content.decode()
    assert 'href="/arbete/planer/"' not in police_client.get("/arbete/").content.decode()


# --- The list and the plan's page ---------------------------------------------------------------------


def test_list_shows_status_period_cycle_and_number_of_measures(coordinator_client):
    plan = running_plan(title="Åtgärdsplan 2025–2027", cycle=CycleFactory(name="Perioden 2023–2027"))
    MeasureFactory.create_batch(3, plan=plan)
    ActionPlanFactory(
        title="Nästa plan", period_start=datetime.date(2027, 7, 1), period_end=datetime.date(2029, 6, 30)
    )

    response = coordinator_client.get("/arbete/planer/")
    html = response.content.decode()

    assert [p.title for p in response.context["plans"]] == ["Nästa plan", "Åtgärdsplan 2025–2027"]
    assert [p.measure_count for p in response.context["plans"]] == [0, 3]
    assert "Genomförs" in html and "Perioden 2023–2027" in html and "2025-07-01" in html
    assert "Ny åtgärdsplan" in html


def test_list_says_when_there_are_no_plans(coordinator_client, board_reader):
    assert (
        "Välj Ny åtgärdsplan för att skriva den första."
        in coordinator_client.get("/arbete/planer/").content.decode()
    )
    html = _second_client(board_reader).get("/arbete/planer/").content.decode()
    assert "Det finns inga åtgärdsplaner ännu." in html and "Ny åtgärdsplan" not in html


def test_plan_page_lists_measures_and_offers_the_next_steps(coordinator_client, board_reader):
    plan = running_plan(title="Planen")
    done = public_measure(plan=plan, title="Klar åtgärd", status=MeasureStatus.DONE)
    ongoing = public_measure(plan=plan, title="Pågående åtgärd")

    response = coordinator_client.get(f"/arbete/planer/{plan.pk}/")
    html = response.content.decode()

    assert response.context["measures"] == [done, ongoing]
    assert f'href="/arbete/atgarder/{ongoing.slug}/"' in html
    assert [m.value for m in response.context["moves"]] == ["followed_up", "superseded"]
    assert f"/arbete/planer/{plan.pk}/for-over/" in html
    assert "1 åtgärd är inte klar och kan föras över till nästa plan." in html
    assert f"/arbete/atgarder/ny/?plan={plan.pk}" in html
    board_html = _second_client(board_reader).get(f"/arbete/planer/{plan.pk}/").content.decode()
    assert "Pågående åtgärd" in board_html and "Ändra planen" not in board_html


@pytest.mark.parametrize("count", [1, 5])
def test_plan_list_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    for _ in range(count):
        MeasureFactory(plan=ActionPlanFactory())
    with django_assert_num_queries(15):
        response = coordinator_client.get("/arbete/planer/")
    assert len(response.context["plans"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_plan_page_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    plan = running_plan()
    for _ in range(count):
        old = public_measure(plan=ActionPlanFactory(status=PlanStatus.FOLLOWED_UP))
        public_measure(plan=plan, contributors=[ActorFactory()])
        plan_services.carry_over(measures=[old], into=plan, by=None)
    with django_assert_num_queries(18):
        response = coordinator_client.get(f"/arbete/planer/{plan.pk}/")
    assert len(response.context["measures"]) == 2 * count


# --- Writing a plan -----------------------------------------------------------------------------------


def test_create_makes_a_draft_and_sent_twice_makes_one(coordinator_client):
    data = _plan_data(submission=TOKEN)
    first = coordinator_client.post("/arbete/planer/ny/", data)
    plan = ActionPlan.objects.get()
    assert first["Location"] == f"/arbete/planer/{plan.pk}/"
    assert (plan.title, plan.status, plan.period_start) == (
        "Åtgärdsplan 2027–2029",
        PlanStatus.DRAFT,
        datetime.date(2027, 7, 1),
    )
    again = coordinator_client.post("/arbete/planer/ny/", data, follow=True)
    assert ActionPlan.objects.count() == 1
    assert "Formuläret hade redan skickats" in again.content.decode()


def test_create_keeps_what_was_typed_and_says_the_date_format(coordinator_client):
    response = coordinator_client.post(
        "/arbete/planer/ny/", _plan_data(period_start="1/12/2026", period_end="2026-01-01", title="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not ActionPlan.objects.exists()
    assert (
        "”1/12/2026” går inte att läsa som ett datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel "
        "2026-12-01 om du menar den 1 december 2026."
    ) in html
    assert "Ge planen ett namn." in html
    assert 'value="1/12/2026"' in html and "Färre ska vara rädda i centrum." in html
    assert "ÅÅÅÅ-MM-DD, till exempel 2026-12-01." in html  # the help text shows the format


def test_create_refuses_an_end_before_the_start(coordinator_client):
    response = coordinator_client.post(
        "/arbete/planer/ny/", _plan_data(period_start="2027-07-01", period_end="2027-01-01")
    )
    assert "Planen måste gälla till ett datum efter startdatumet." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_edit_reports_a_conflict_and_keeps_what_was_typed(coordinator, coordinator_client):
    plan = ActionPlanFactory(title="Gammalt namn")
    url = f"/arbete/planer/{plan.pk}/andra/"
    other = _second_client(coordinator)
    data = _plan_data(cycle=plan.cycle_id, loaded_version=plan.version)
    assert other.post(url, {**data, "title": "Hennes namn"}).status_code == 302

    response = coordinator_client.post(url, {**data, "title": "Mitt namn"})

    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Mitt namn" in html
    assert ActionPlan.objects.get(pk=plan.pk).title == "Hennes namn"


# --- Status moves and deleting --------------------------------------------------------------------------


def test_status_move_is_confirmed_then_made(coordinator_client):
    plan = ActionPlanFactory()
    url = f"/arbete/planer/{plan.pk}/status/consultation/"
    page = coordinator_client.get(url).content.decode()
    assert "Ja, ändra till ”Remiss”" in page
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT

    response = coordinator_client.post(url, {"version": plan.version})

    assert response["Location"] == f"/arbete/planer/{plan.pk}/"
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION


def test_deciding_without_decision_and_causes_is_refused_in_swedish(coordinator_client):
    plan = ActionPlanFactory(status=PlanStatus.CONSULTATION)
    MeasureFactory(plan=plan, title="Utan orsak")
    url = f"/arbete/planer/{plan.pk}/status/decided/"
    response = coordinator_client.post(url, {"version": plan.version})
    assert "Ange beslutet och lägesbilden" in response.content.decode()

    plan.decision, plan.situation_report = decision(), SituationReportFactory(adopted=True)
    plan.save()
    response = coordinator_client.post(url, {"version": plan.version})
    assert "Åtgärder utan orsak: ”Utan orsak”." in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION


def test_status_move_on_a_changed_plan_is_a_conflict(coordinator_client):
    plan = ActionPlanFactory()
    stale_version = plan.version
    plan.title = "Ändrad under tiden"
    plan.save()
    response = coordinator_client.post(
        f"/arbete/planer/{plan.pk}/status/consultation/", {"version": stale_version}
    )
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_move_not_in_the_table_is_refused(coordinator_client):
    plan = ActionPlanFactory()
    response = coordinator_client.get(f"/arbete/planer/{plan.pk}/status/superseded/", follow=True)
    assert "kan inte flyttas till ”Ersatt”" in response.content.decode()
    assert coordinator_client.get(f"/arbete/planer/{plan.pk}/status/okand/").status_code == 404


def test_an_empty_draft_is_deleted_after_confirmation(coordinator_client):
    plan = ActionPlanFactory(title="Felstart")
    url = f"/arbete/planer/{plan.pk}/ta-bort/"
    assert "Ja, ta bort utkastet" in coordinator_client.get(url).content.decode()
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
    response = coordinator_client.post(url, {"version": plan.version})
    assert response["Location"] == "/arbete/planer/"
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()


def test_a_plan_with_measures_or_past_draft_is_not_deleted(coordinator_client):
    with_measure = ActionPlanFactory()
    MeasureFactory(plan=with_measure)
    decided = running_plan()
    for plan in (with_measure, decided):
        page = coordinator_client.get(f"/arbete/planer/{plan.pk}/ta-bort/", follow=True).content.decode()
        assert "Bara ett utkast utan åtgärder kan tas bort." in page
        coordinator_client.post(f"/arbete/planer/{plan.pk}/ta-bort/", {"version": plan.version})
        assert ActionPlan.objects.filter(pk=plan.pk).exists()


# --- Copy -----------------------------------------------------------------------------------------------


def test_copy_makes_a_draft_with_fresh_copies_of_the_chosen_measures(coordinator_client):
    plan = running_plan(title="Original", situation_report=SituationReportFactory(adopted=True))
    first = public_measure(plan=plan, title="Belysning", progress=60)
    second = public_measure(plan=plan, title="Nattvandring")
    left = public_measure(plan=plan, title="Blir kvar")
    MeasureLink.objects.create(from_measure=first, kind=LinkKind.DEPENDS_ON, to_measure=second)
    MeasureLink.objects.create(from_measure=first, kind=LinkKind.RELATED, to_measure=left)
    MeasureUpdateFactory(measure=first)
    before = list(Measure.objects.values().order_by("pk"))

    response = coordinator_client.post(
        f"/arbete/planer/{plan.pk}/kopiera/",
        {
            "title": "Kopian",
            "cycle": plan.cycle_id,
            "period_start": "2027-07-01",
            "period_end": "2029-06-30",
            "measures": [first.pk, second.pk],
            "submission": TOKEN,
        },
    )

    copy = ActionPlan.objects.get(title="Kopian")
    assert response["Location"] == f"/arbete/planer/{copy.pk}/"
    assert (copy.status, copy.situation_report_id, copy.goals) == (
        PlanStatus.DRAFT,
        plan.situation_report_id,
        plan.goals,
    )
    copies = list(copy.measures.order_by("title"))
    assert [(m.title, m.status, m.progress, m.continued_from_id) for m in copies] == [
        ("Belysning", MeasureStatus.PLANNED, 0, None),
        ("Nattvandring", MeasureStatus.PLANNED, 0, None),
    ]
    assert list(copies[0].cause_analyses.all()) == list(first.cause_analyses.all())
    assert not copies[0].updates.exists()
    assert list(MeasureLink.objects.filter(from_measure__plan=copy).values_list("to_measure", "kind")) == [
        (copies[1].pk, LinkKind.DEPENDS_ON)
    ]
    assert list(Measure.objects.filter(pk__in=[m["id"] for m in before]).values().order_by("pk")) == before
    coordinator_client.post(f"/arbete/planer/{plan.pk}/kopiera/", {"title": "Kopian", "submission": TOKEN})
    assert ActionPlan.objects.filter(title="Kopian").count() == 1


# --- Ny plan och överföring -------------------------------------------------------------------------------


@pytest.fixture
def old_plan():
    """A plan being followed up: two unfinished measures with everything a measure can have, linked to
    each other and to a finished one and to a measure in another plan; a done one."""
    plan = running_plan(title="Plan 2023–2025", status=PlanStatus.FOLLOWED_UP)
    lead, helper = ActorFactory(name="Polisen"), ActorFactory(name="Bostadsbolaget")
    area = AreaFactory(name="Ryd")
    lights = public_measure(
        plan=plan,
        title="Belysning",
        slug="belysning",
        status=MeasureStatus.ONGOING,
        progress=40,
        lead_actor=lead,
        contributors=[helper],
        causes=[CauseAnalysisFactory(), CauseAnalysisFactory()],
        budget=250000,
    )
    lights.areas.set([area])
    lights.places.set([PlaceFactory(area=area)])
    MeasureIndicator.objects.create(
        measure=lights,
        indicator=IndicatorFactory(),
        baseline=12,
        baseline_year=2023,
        target=8,
        target_year=2026,
    )
    walks = public_measure(plan=plan, title="Nattvandring", status=MeasureStatus.DELAYED, progress=20)
    done = public_measure(plan=plan, title="Klar", status=MeasureStatus.DONE, progress=100)
    elsewhere = public_measure(title="I en annan plan")
    MeasureLink.objects.create(from_measure=lights, kind=LinkKind.DEPENDS_ON, to_measure=walks)
    MeasureLink.objects.create(from_measure=done, kind=LinkKind.PART_OF, to_measure=lights)
    MeasureLink.objects.create(from_measure=walks, kind=LinkKind.RELATED, to_measure=elsewhere)
    MeasureUpdateFactory(
        measure=lights, status=MeasureStatus.ONGOING, progress=40, text="Armaturer beställda."
    )
    Milestone.objects.create(measure=lights, title="Upphandling", due_on=datetime.date(2026, 3, 1))
    Milestone.objects.create(measure=lights, title="Klart delmål", done_on=datetime.date(2025, 1, 1))
    return {"plan": plan, "lights": lights, "walks": walks, "done": done, "elsewhere": elsewhere}


def _snapshot():
    """Every row that carrying over must leave as it was."""
    return {
        model.__name__: list(model.objects.values().order_by("pk"))
        for model in (ActionPlan, Measure, MeasureUpdate, MeasureLink, MeasureIndicator, Milestone)
    }


def _carry(client, plan, measures, **changes):
    data = {
        "title": "Plan 2025–2027",
        "cycle": plan.cycle_id,
        "period_start": "2025-07-01",
        "period_end": "2027-06-30",
        "situation_report": "",
        "goals": "Nya mål.",
        "measures": [m.pk for m in measures],
        "submission": TOKEN,
        **changes,
    }
    return client.post(f"/arbete/planer/{plan.pk}/for-over/", data)


def test_carry_over_offers_only_unfinished_measures_not_carried_before(coordinator_client, old_plan):
    response = coordinator_client.get(f"/arbete/planer/{old_plan['plan'].pk}/for-over/")
    offered = list(response.context["form"].fields["measures"].queryset)
    assert offered == [old_plan["lights"], old_plan["walks"]]
    assert response.context["form"]["measures"].initial == [old_plan["lights"].pk, old_plan["walks"].pk]


def test_carry_over_copies_what_continues_and_leaves_the_old_records_unchanged(coordinator_client, old_plan):
    before = _snapshot()

    response = _carry(coordinator_client, old_plan["plan"], [old_plan["lights"], old_plan["walks"]])

    new_plan = ActionPlan.objects.get(title="Plan 2025–2027")
    assert response["Location"] == f"/arbete/planer/{new_plan.pk}/"
    assert (new_plan.status, new_plan.goals) == (PlanStatus.DRAFT, "Nya mål.")
    after = _snapshot()
    for name, rows in before.items():
        old_ids = {row["id"] for row in rows}
        assert [row for row in after[name] if row["id"] in old_ids] == rows, name

    lights, walks = old_plan["lights"], old_plan["walks"]
    new_lights = Measure.objects.get(continued_from=lights)
    new_walks = Measure.objects.get(continued_from=walks)
    assert (new_lights.plan, new_lights.status, new_lights.progress, new_lights.last_update_on) == (
        new_plan,
        MeasureStatus.ONGOING,
        40,
        lights.last_update_on,
    )
    assert (new_walks.status, new_walks.progress) == (MeasureStatus.DELAYED, 20)
    assert new_lights.slug == "belysning-2025"
    assert (new_lights.lead_actor, new_lights.budget) == (lights.lead_actor, lights.budget)
    for relation in ("contributors", "areas", "places", "problems", "cause_analyses"):
        assert set(getattr(new_lights, relation).all()) == set(getattr(lights, relation).all()), relation
    assert list(new_lights.indicator_links.values_list("indicator", "baseline", "target_year")) == list(
        lights.indicator_links.values_list("indicator", "baseline", "target_year")
    )
    assert list(new_lights.milestones.values_list("title", "due_on")) == [
        ("Upphandling", datetime.date(2026, 3, 1))
    ]
    assert not new_lights.updates.exists()  # the history stays with the old measure, shown from there
    links = set(
        MeasureLink.objects.filter(from_measure__plan=new_plan).values_list(
            "from_measure", "kind", "to_measure"
        )
    ) | set(
        MeasureLink.objects.filter(to_measure__plan=new_plan).values_list(
            "from_measure", "kind", "to_measure"
        )
    )
    assert links == {
        (new_lights.pk, LinkKind.DEPENDS_ON, new_walks.pk),  # both ends carried: between the new ones
        (old_plan["done"].pk, LinkKind.PART_OF, new_lights.pk),  # the other end stays: kept to it
        (new_walks.pk, LinkKind.RELATED, old_plan["elsewhere"].pk),
    }


def test_carry_over_sent_twice_makes_one_plan(coordinator_client, old_plan):
    _carry(coordinator_client, old_plan["plan"], [old_plan["lights"]])
    again = _carry(coordinator_client, old_plan["plan"], [old_plan["lights"]])
    assert again.status_code == 302
    assert ActionPlan.objects.filter(title="Plan 2025–2027").count() == 1
    assert Measure.objects.filter(continued_from=old_plan["lights"]).count() == 1


def test_carry_over_refuses_finished_or_already_carried_measures(coordinator, old_plan):
    plan_services.start_next_plan(
        plan=old_plan["plan"],
        by=coordinator,
        cycle=old_plan["plan"].cycle,
        title="Första",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2027, 6, 30),
        situation_report=None,
        goals="",
        measures=[old_plan["lights"]],
    )
    for chosen in ([old_plan["lights"]], [old_plan["done"]]):
        with pytest.raises(Exception, match="Det gäller inte"):
            plan_services.start_next_plan(
                plan=old_plan["plan"],
                by=coordinator,
                cycle=old_plan["plan"].cycle,
                title="Andra",
                period_start=datetime.date(2025, 7, 1),
                period_end=datetime.date(2027, 6, 30),
                situation_report=None,
                goals="",
                measures=chosen,
            )
    assert not ActionPlan.objects.filter(title="Andra").exists()


def test_carry_over_is_not_offered_from_a_draft(coordinator_client):
    draft = ActionPlanFactory()
    response = coordinator_client.get(f"/arbete/planer/{draft.pk}/for-over/", follow=True)
    assert "Åtgärder förs över från en plan som har beslutats." in response.content.decode()


def test_carry_over_keeps_what_was_typed_on_errors(coordinator_client, old_plan):
    plans = ActionPlan.objects.count()
    response = _carry(
        coordinator_client, old_plan["plan"], [old_plan["walks"]], title="", period_end="30/6/2027"
    )
    html = response.content.decode()
    assert "Ge den nya planen ett namn." in html
    assert "till exempel 2027-06-30 om du menar den 30 juni 2027" in html
    assert "Nya mål." in html
    assert response.context["form"]["measures"].value() == [str(old_plan["walks"].pk)]
    assert ActionPlan.objects.count() == plans


def test_the_new_measure_page_shows_where_it_came_from_with_its_updates(coordinator_client, old_plan):
    _carry(coordinator_client, old_plan["plan"], [old_plan["lights"]])
    new = Measure.objects.get(continued_from=old_plan["lights"])

    html = coordinator_client.get(f"/arbete/atgarder/{new.slug}/").content.decode()
    old_html = coordinator_client.get(f"/arbete/atgarder/{old_plan['lights'].slug}/").content.decode()

    assert f'href="/arbete/atgarder/{old_plan["lights"].slug}/"' in html
    assert "Armaturer beställda." in html and "från Plan 2023–2025" in html
    assert (
        f'href="/arbete/atgarder/{new.slug}/"' in old_html
        and "Åtgärden fortsätter i en nyare plan" in old_html
    )


def test_the_public_page_says_it_continues_and_links_only_a_public_predecessor(client, old_plan):
    new_plan = running_plan(title="Den nya planen")
    (new,) = plan_services.carry_over(measures=[old_plan["lights"]], into=new_plan, by=None)

    html = client.get(f"/atgarder/{new.slug}/").content.decode()
    assert "Åtgärden fortsätter från den förra åtgärdsplanen." in html
    assert f'href="/atgarder/{old_plan["lights"].slug}/"' in html

    ActionPlan.objects.filter(pk=old_plan["plan"].pk).update(visibility=Visibility.INTERNAL)
    pagecache.bump()  # a queryset update sends no signal
    html = client.get(f"/atgarder/{new.slug}/").content.decode()
    assert "Åtgärden fortsätter från den förra åtgärdsplanen." in html
    assert f"/atgarder/{old_plan['lights'].slug}/" not in html
    assert "Plan 2023–2025" not in html


def test_an_edit_sent_twice_is_saved_once_without_a_false_conflict(coordinator_client):
    plan = ActionPlanFactory()
    data = _plan_data(cycle=plan.cycle_id, loaded_version=plan.version, submission=TOKEN)
    coordinator_client.post(f"/arbete/planer/{plan.pk}/andra/", data)
    again = coordinator_client.post(f"/arbete/planer/{plan.pk}/andra/", data, follow=True)
    assert "Formuläret hade redan skickats" in again.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).version == plan.version + 1
