"""Milestones (delmål och aktiviteter) of a measure: who may read, add, change, mark done and delete
them (rules and pages together), the forms (typed input kept, clear Swedish errors, a form sent twice
makes one milestone, two people cannot overwrite each other, delete only after a confirmation), the
"Delmål försenat" flag on the overview and the measure page's panel, the public timeline (never an
internal milestone) and the demo's milestones. Query counts are the same with 1 and 5 milestones."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.demo.milestone import LINKS, MILESTONES, load_milestones
from cycles.models import Measure, MeasureLink, Milestone, PlanStatus
from cycles.services import milestone as services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.personas import ALL_PERSONAS
from trygg import pagecache
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.dashboard import panels_for
from trygg.submissions import ALREADY_SAVED
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
INTERNAL_TITLE = "Intern avstämning om bemanningen"


def milestone(measure, **kwargs) -> Milestone:
    """A milestone of the measure (internal, no dates, unless told)."""
    kwargs.setdefault("title", f"Delmål {Milestone.objects.count() + 1}")
    return Milestone.objects.create(measure=measure, **kwargs)


def count_queries(client, url) -> int:
    """Queries of a request, after a first one has filled the per-process caches (content types,
    the municipality's settings); a public page's cached copy is thrown away first."""
    client.get(url)
    pagecache.bump()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def measures(police_partner, other_partner):
    """Polisen leads "egen" (Bostadsbolaget contributes); a third actor leads "annan" (Bostadsbolaget
    contributes) and the internal "intern"; "utkast" is Polisen's in a draft plan."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    return {
        "own": public_measure(plan=plan, lead_actor=police, slug="egen", contributors=[housing]),
        "other": public_measure(plan=plan, lead_actor=third, slug="annan", contributors=[housing]),
        "draft": public_measure(
            plan=ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC),
            lead_actor=police,
            slug="utkast",
        ),
        "internal": public_measure(
            plan=plan, lead_actor=third, slug="intern", visibility=Visibility.INTERNAL, contributors=[housing]
        ),
    }


# --- Permissions: the rules and the pages together ----------------------------------------------------

CASES = ["own", "other", "draft", "internal"]
NONE = (False, False, False, False)
# persona: {case: (read, add/change/mark done, delete, publish)}; "visible" says 404 or 403.
EXPECT = {
    "client": dict.fromkeys(CASES, NONE),
    "coordinator_client": dict.fromkeys(CASES, (True, True, True, True)),
    # Polisen leads "egen" and "utkast"; their reports are reviewed, so a coordinator publishes.
    "police_partner_client": {
        "own": (True, True, False, False),
        "other": NONE,
        "draft": (True, True, False, False),
        "internal": NONE,
    },
    # Bostadsbolaget contributes to "egen", "annan" and "intern": it reads their milestones only.
    "other_partner_client": {
        "own": (True, False, False, False),
        "other": (True, False, False, False),
        "draft": NONE,
        "internal": (True, False, False, False),
    },
    "board_client": dict.fromkeys(CASES, (True, False, False, False)),
    "admin_client": dict.fromkeys(CASES, NONE),
    "no_role_client": dict.fromkeys(CASES, NONE),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_rules_agree_with_the_matrix(persona, request, measures):
    name = request.node.callspec.params["persona"]
    user = getattr(persona, "user", None) or AnonymousUser()
    for case, measure in measures.items():
        item = milestone(measure)
        read, write, delete, publish = EXPECT[name][case]
        assert user.has_perm("cycles.view_milestones", measure) is read, (name, case, "view")
        assert user.has_perm("cycles.add_milestone", measure) is write, (name, case, "add")
        assert user.has_perm("cycles.change_milestone", item) is write, (name, case, "change")
        assert user.has_perm("cycles.delete_milestone", item) is delete, (name, case, "delete")
        assert user.has_perm("cycles.publish_milestone", measure) is publish, (name, case, "publish")


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("page", ["list", "create", "edit", "done", "delete"])
def test_pages_answer_login_404_403_or_200(persona, request, measures, page):
    name = request.node.callspec.params["persona"]
    for case, measure in measures.items():
        item = milestone(measure)
        url = {
            "list": f"/arbete/atgarder/{measure.slug}/delmal/",
            "create": f"/arbete/atgarder/{measure.slug}/delmal/ny/",
            "edit": f"/arbete/atgarder/{measure.slug}/delmal/{item.pk}/",
            "done": f"/arbete/atgarder/{measure.slug}/delmal/{item.pk}/klar/",
            "delete": f"/arbete/atgarder/{measure.slug}/delmal/{item.pk}/ta-bort/",
        }[page]
        response = persona.get(url)
        if name == "client":
            assert response.status_code == 302 and "/konto/" in response["Location"], (case, page)
            continue
        read, write, delete, _publish = EXPECT[name][case]
        allowed = {"list": read, "create": write, "edit": write, "done": write, "delete": delete}[page]
        user = persona.user
        visible = Measure.objects.visible_to(user).filter(pk=measure.pk).exists()
        if not user.has_perm("trygg.view_workspace"):
            expected = 403
        else:
            expected = 200 if allowed else (403 if visible else 404)
        assert response.status_code == expected, (name, case, page)


def test_a_milestone_of_another_measure_is_not_found_under_this_one(coordinator_client, measures):
    item = milestone(measures["other"])
    assert coordinator_client.get(f"/arbete/atgarder/egen/delmal/{item.pk}/").status_code == 404


def test_a_partner_cannot_post_where_it_may_not_act(police_partner_client, other_partner_client, measures):
    own = milestone(measures["own"], title="Polisens delmål")
    assert (
        police_partner_client.post(
            f"/arbete/atgarder/egen/delmal/{own.pk}/ta-bort/", {"version": own.version}
        ).status_code
        == 403
    )
    assert (
        other_partner_client.post("/arbete/atgarder/egen/delmal/ny/", {"title": "Kapat delmål"}).status_code
        == 403
    )
    assert (
        other_partner_client.post(
            f"/arbete/atgarder/egen/delmal/{own.pk}/klar/", {"version": own.version, "done_on": TODAY}
        ).status_code
        == 403
    )
    own.refresh_from_db()
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Polisens delmål"]
    assert own.done_on is None


# --- Adding, editing, marking done, deleting ----------------------------------------------------------


def test_coordinator_adds_a_public_milestone_and_returns_where_it_came_from(coordinator_client, measures):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/delmal/ny/?next=/arbete/atgarder/egen/",
        {
            "title": "Nya armaturer vid torget",
            "due_on": "2027-03-31",
            "visibility": "public",
            "next": "/arbete/atgarder/egen/",
        },
    )
    item = Milestone.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/arbete/atgarder/egen/#delmal-{item.pk}"
    assert (item.measure, item.title, item.due_on, item.visibility) == (
        measures["own"],
        "Nya armaturer vid torget",
        datetime.date(2027, 3, 31),
        Visibility.PUBLIC,
    )
    assert item.responsible_actor == measures["own"].lead_actor
    assert item.history.first().history_user == coordinator_client.user


def test_next_outside_the_workspace_is_ignored(coordinator_client, measures):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/delmal/ny/",
        {"title": "Delmål", "visibility": "internal", "next": "https://example.com/arbete/"},
    )
    assert response["Location"].startswith("/arbete/atgarder/egen/delmal/#delmal-")


def test_a_form_sent_twice_makes_one_milestone(coordinator_client, measures):
    data = {
        "title": "Skyltar uppsatta",
        "visibility": "internal",
        "submission": "5f0c6d1e-0000-4000-8000-000000000001",
    }
    first = coordinator_client.post("/arbete/atgarder/egen/delmal/ny/", data)
    second = coordinator_client.post("/arbete/atgarder/egen/delmal/ny/", data, follow=True)
    assert first.status_code == 302
    assert Milestone.objects.count() == 1
    assert str(ALREADY_SAVED) in [str(m) for m in second.context["messages"]]


def test_errors_are_clear_and_keep_what_was_typed(coordinator_client, measures):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/delmal/ny/",
        {"title": "", "due_on": "1/12/2026", "done_on": str(TODAY + DAY), "visibility": "public"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Milestone.objects.exists()
    assert "Skriv vad delmålet eller aktiviteten är." in html
    assert "Datumet går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-01." in html
    assert "Datumet kan inte ligga i framtiden" in html
    assert 'value="1/12/2026"' in html
    assert re.search(r'<input type="radio" name="visibility" value="public"[^>]* checked', html)
    assert 'aria-invalid="true"' in html and 'id="formularfel"' in html


def test_a_partner_adds_an_internal_milestone_when_its_reports_are_reviewed(police_partner_client, measures):
    page = police_partner_client.get("/arbete/atgarder/egen/delmal/ny/").content.decode()
    assert 'name="visibility"' not in page
    police_partner_client.post(
        "/arbete/atgarder/egen/delmal/ny/", {"title": "Schema klart", "visibility": "public"}
    )
    assert Milestone.objects.get().visibility == Visibility.INTERNAL


def test_a_partner_publishes_when_its_reports_need_no_review(police_partner_client, measures):
    Measure.objects.filter(pk=measures["own"].pk).update(updates_need_approval=False)
    police_partner_client.post(
        "/arbete/atgarder/egen/delmal/ny/", {"title": "Schema klart", "visibility": "public"}
    )
    assert Milestone.objects.get().visibility == Visibility.PUBLIC


def test_the_lead_partner_edits_a_milestone_but_keeps_its_visibility(police_partner_client, measures):
    item = milestone(measures["own"], title="Gammal rubrik", visibility=Visibility.PUBLIC)
    response = police_partner_client.post(
        f"/arbete/atgarder/egen/delmal/{item.pk}/",
        {
            "title": "Ny rubrik",
            "due_on": "2027-01-31",
            "visibility": "internal",
            "loaded_version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.due_on, item.visibility) == ("Ny rubrik", datetime.date(2027, 1, 31), "public")


def test_two_people_editing_the_same_milestone_cannot_overwrite_each_other(coordinator_client, measures):
    item = milestone(measures["own"], title="Första rubriken")
    loaded = item.version
    coordinator_client.post(
        f"/arbete/atgarder/egen/delmal/{item.pk}/",
        {"title": "Den andras rubrik", "visibility": "internal", "loaded_version": loaded},
    )
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/delmal/{item.pk}/",
        {"title": "Min rubrik", "visibility": "internal", "loaded_version": loaded},
    )
    item.refresh_from_db()
    assert item.title == "Den andras rubrik"
    html = response.content.decode()
    assert str(CONFLICT_MESSAGE) in html and 'value="Min rubrik"' in html


def test_marking_done_happens_on_post_only_and_not_with_a_future_date(police_partner_client, measures):
    item = milestone(measures["own"], title="Schema klart", due_on=TODAY - DAY)
    url = f"/arbete/atgarder/egen/delmal/{item.pk}/klar/"
    assert f'value="{TODAY.isoformat()}"' in police_partner_client.get(url).content.decode()
    item.refresh_from_db()
    assert item.done_on is None
    refused = police_partner_client.post(url, {"version": item.version, "done_on": str(TODAY + DAY)})
    assert "Datumet kan inte ligga i framtiden" in refused.content.decode()
    response = police_partner_client.post(url, {"version": item.version, "done_on": str(TODAY - DAY)})
    item.refresh_from_db()
    assert response.status_code == 302
    assert item.done_on == TODAY - DAY and not item.is_overdue


def test_marking_done_after_someone_else_changed_it_is_refused(coordinator_client, measures):
    item = milestone(measures["own"], title="Schema klart")
    version = item.version
    item.title = "Ändrad av någon annan"
    item.save()
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/delmal/{item.pk}/klar/", {"version": version, "done_on": str(TODAY)}
    )
    item.refresh_from_db()
    assert item.done_on is None
    assert str(CONFLICT_MESSAGE) in response.content.decode()


def test_delete_asks_first_then_deletes_once(coordinator_client, measures):
    item = milestone(measures["own"], title="Onödigt delmål", visibility=Visibility.PUBLIC)
    url = f"/arbete/atgarder/egen/delmal/{item.pk}/ta-bort/"
    page = coordinator_client.get(url).content.decode()
    assert "Ja, ta bort delmålet" in page and "Det försvinner också från åtgärdens publika sida." in page
    assert Milestone.objects.filter(pk=item.pk).exists()
    response = coordinator_client.post(url, {"version": item.version})
    assert response.status_code == 302 and not Milestone.objects.exists()
    again = coordinator_client.post(url, {"version": item.version}, follow=True)
    assert "Delmålet är redan borttaget." in [str(m) for m in again.context["messages"]]
    assert coordinator_client.get(url).status_code == 404


def test_delete_after_someone_else_changed_it_is_refused(coordinator_client, measures):
    item = milestone(measures["own"])
    version = item.version
    item.save()
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/delmal/{item.pk}/ta-bort/", {"version": version}
    )
    assert Milestone.objects.filter(pk=item.pk).exists()
    assert str(CONFLICT_MESSAGE) in response.content.decode()


# --- The list page, the panel and the overview's flag --------------------------------------------------


def test_list_page_flags_overdue_and_is_paginated(coordinator_client, measures):
    measure = measures["own"]
    Milestone.objects.bulk_create(
        Milestone(measure=measure, title=f"Steg {n:02d}", due_on=TODAY + n * DAY) for n in range(1, 30)
    )
    milestone(measure, title="Försenat steg", due_on=TODAY - DAY)
    first = coordinator_client.get("/arbete/atgarder/egen/delmal/")
    html = first.content.decode()
    assert [r["milestone"].title for r in first.context["rows"]][:2] == ["Försenat steg", "Steg 01"]
    assert len(first.context["rows"]) == 25
    assert "Delmål försenat" in html and "Sida 1 av 2" in html
    assert len(coordinator_client.get("/arbete/atgarder/egen/delmal/?page=2").context["rows"]) == 5


def test_list_page_says_when_there_are_no_milestones(board_client, measures):
    html = board_client.get("/arbete/atgarder/egen/delmal/").content.decode()
    assert "Åtgärden har inga delmål ännu." in html
    assert "Lägg till delmål" not in html


def test_list_page_query_count_is_the_same_with_1_and_5_milestones(coordinator_client, measures):
    measure = measures["own"]
    milestone(measure, responsible=ActorFactory(), due_on=TODAY - DAY)
    one = count_queries(coordinator_client, "/arbete/atgarder/egen/delmal/")
    for _n in range(4):
        milestone(measure, responsible=ActorFactory(), due_on=TODAY + DAY, visibility=Visibility.PUBLIC)
    assert count_queries(coordinator_client, "/arbete/atgarder/egen/delmal/") == one


def _panel(rf, user, measure, key="measure-milestones"):
    request = rf.get(f"/arbete/atgarder/{measure.slug}/")
    request.user = user
    shown = dict(
        (panel.key, (panel, ctx))
        for panel, ctx in panels_for(request, page="workspace-measure", measure=measure)
    )
    if key not in shown:
        return None
    panel, ctx = shown[key]
    return render_to_string(panel.template, {"ctx": ctx, "request": request})


def test_panel_shows_milestones_with_the_overdue_flag_and_what_the_user_may_do(rf, coordinator, measures):
    measure = Measure.objects.select_related("lead_actor", "plan").get(slug="egen")
    milestone(measure, title="Försenat steg", due_on=TODAY - DAY)
    milestone(measure, title="Klart steg", due_on=TODAY - 3 * DAY, done_on=TODAY - 5 * DAY)
    milestone(measure, title=INTERNAL_TITLE, due_on=TODAY + DAY)
    html = _panel(rf, coordinator, measure)
    assert "Delmål försenat" in html and "3 delmål" in html and "1 försenat" in html
    for title in ("Försenat steg", "Klart steg", INTERNAL_TITLE):
        assert title in html
    assert "Internt" in html and "Polisen LPO Nybro" in html
    assert "/arbete/atgarder/egen/delmal/ny/?next=/arbete/atgarder/egen/" in html
    assert "ta-bort/?next=" in html and "klar/?next=" in html


def test_panel_for_the_lead_partner_has_no_delete_and_for_others_is_not_shown(
    rf, police_partner, administrator, measures
):
    measure = measures["own"]
    milestone(measure, title="Polisens delmål")
    html = _panel(rf, police_partner, measure)
    assert "Polisens delmål" in html and "Lägg till delmål" in html and "Ta bort" not in html
    assert _panel(rf, administrator, measure) is None
    assert _panel(rf, AnonymousUser(), measure) is None


def test_panel_without_milestones_says_so(rf, board_reader, measures):
    html = _panel(rf, board_reader, measures["own"])
    assert "Åtgärden har inga delmål ännu." in html and "Lägg till delmål" not in html


def test_panel_query_count_is_the_same_with_1_and_5_milestones(rf, coordinator, measures):
    measure = Measure.objects.select_related("lead_actor", "plan").get(slug="egen")
    milestone(measure, due_on=TODAY - DAY)

    def queries():
        fresh = Measure.objects.select_related("lead_actor", "plan").get(pk=measure.pk)
        with CaptureQueriesContext(connection) as captured:
            _panel(rf, coordinator, fresh)
        return len(captured)

    queries()  # the user's roles and actor are read once and kept on the user
    one = queries()
    for _n in range(4):
        milestone(measure, responsible=ActorFactory(), due_on=TODAY + DAY)
    assert queries() == one


def test_overview_flags_measures_with_an_overdue_milestone(coordinator_client, measures):
    milestone(measures["own"], due_on=TODAY - DAY)  # overdue
    milestone(measures["other"], due_on=TODAY - DAY, done_on=TODAY - DAY)  # done: not overdue
    milestone(measures["internal"], due_on=TODAY + DAY)  # not yet due
    milestone(measures["draft"], due_on=TODAY - DAY, visibility=Visibility.INTERNAL)  # internal counts too
    response = coordinator_client.get("/arbete/atgarder/")
    flagged = {m.slug for m in response.context["measures"] if m.has_overdue_milestone}
    assert flagged == {"egen", "utkast"}
    assert response.content.decode().count("Delmål försenat") == 2


def test_overview_query_count_is_the_same_with_1_and_5_flagged_measures(coordinator_client):
    plan = running_plan()

    def add():
        milestone(public_measure(plan=plan), due_on=TODAY - DAY)

    add()
    one = count_queries(coordinator_client, "/arbete/atgarder/")
    for _n in range(4):
        add()
    assert count_queries(coordinator_client, "/arbete/atgarder/") == one


def test_with_overdue_milestones_takes_another_day(measures):
    milestone(measures["own"], due_on=TODAY + DAY)
    rows = services.with_overdue_milestones(Measure.objects.filter(slug="egen"), today=TODAY + 2 * DAY)
    assert rows.get().has_overdue_milestone is True
    assert (
        services.with_overdue_milestones(Measure.objects.filter(slug="egen")).get().has_overdue_milestone
        is False
    )


# --- The public timeline ---------------------------------------------------------------------------


@pytest.fixture
def timeline(measures):
    measure = measures["own"]
    lead = measure.lead_actor
    return {
        "planned": milestone(
            measure, title="Utvärdering till styrgruppen", due_on=TODAY + 30 * DAY, visibility="public"
        ),
        "done": milestone(
            measure,
            title="Schema klart",
            due_on=TODAY - 20 * DAY,
            done_on=TODAY - 25 * DAY,
            visibility="public",
        ),
        "overdue": milestone(
            measure,
            title="Nya armaturer monterade",
            due_on=TODAY - 2 * DAY,
            visibility="public",
            responsible=ActorFactory(name="Elbolaget i Tingsryd"),
        ),
        "undated": milestone(measure, title="Skyltar om kameror", visibility="public", responsible=lead),
        "internal": milestone(measure, title=INTERNAL_TITLE, due_on=TODAY - DAY),
        "other_internal_measure": milestone(
            measures["internal"], title="Delmål i en intern åtgärd", visibility="public"
        ),
        "draft_plan": milestone(
            measures["draft"], title="Delmål i en plan som inte är beslutad", visibility="public"
        ),
    }


def test_public_page_shows_public_milestones_as_a_dated_timeline(client, timeline):
    response = client.get("/atgarder/egen/")
    html = response.content.decode()
    assert [m.title for m in response.context["milestones"]] == [
        "Schema klart",
        "Nya armaturer monterade",
        "Utvärdering till styrgruppen",
        "Skyltar om kameror",
    ]
    section = html[html.index('id="delmal"') : html.index('id="rapporter"')]
    assert '<ol class="measure-timeline milestone-timeline">' in section
    done, overdue, planned = (TODAY - 25 * DAY).isoformat(), (TODAY - 2 * DAY).isoformat(), (TODAY + 30 * DAY)
    assert f'Klart</strong> <time datetime="{done}">{done}</time>' in section
    assert f'Försenat</strong>, skulle ha varit klart <time datetime="{overdue}">{overdue}</time>' in section
    assert f'Planerat</strong>, klart senast <time datetime="{planned.isoformat()}">' in section
    assert "inget datum satt" in section
    assert "Ansvarig: Elbolaget i Tingsryd" in section
    assert section.count("Ansvarig:") == 1  # the measure's own lead actor is not repeated


@pytest.mark.parametrize(
    "url", ["/atgarder/egen/", "/atgarder/", "/atgarder/flode/", "/atgarder/egen/flode/"]
)
def test_internal_milestones_never_reach_a_public_page(client, timeline, url):
    html = client.get(url).content.decode()
    for title in (INTERNAL_TITLE, "Delmål i en intern åtgärd", "Delmål i en plan som inte är beslutad"):
        assert title not in html, (url, title)


def test_public_milestones_of_hidden_measures_are_not_public(timeline):
    assert set(Milestone.objects.public().values_list("title", flat=True)) == {
        "Utvärdering till styrgruppen",
        "Schema klart",
        "Nya armaturer monterade",
        "Skyltar om kameror",
    }


def test_public_page_without_milestones_keeps_the_updates_full_width(client, measures):
    html = client.get("/atgarder/egen/").content.decode()
    assert 'id="delmal"' not in html and 'class="col-12"' in html


def test_public_page_query_count_is_the_same_with_1_and_5_milestones(client, measures):
    measure = measures["own"]
    milestone(measure, due_on=TODAY - DAY, visibility="public", responsible=ActorFactory())
    one = count_queries(client, "/atgarder/egen/")  # pagecache.bump(): a render, not the cached page
    for n in range(4):
        milestone(measure, due_on=TODAY + n * DAY, visibility="public", responsible=ActorFactory())
    assert count_queries(client, "/atgarder/egen/") == one


# --- Demo ------------------------------------------------------------------------------------------


def test_demo_milestones_have_done_overdue_and_internal_ones_and_load_once(coordinator):
    slugs = {*MILESTONES, *(s for s, _k, _o in LINKS), *(o for _s, _k, o in LINKS)}
    plan = running_plan()
    for slug in slugs:
        MeasureFactory(plan=plan, slug=slug, visibility=Visibility.PUBLIC)
    first = load_milestones(coordinator=coordinator)
    load_milestones(coordinator=coordinator)
    milestones = Milestone.objects.all()
    assert milestones.count() == sum(len(rows) for rows in MILESTONES.values())
    assert milestones.filter(done_on__isnull=False).count() >= 5
    assert list(milestones.overdue().values_list("measure__slug", flat=True)) == [
        "belysning-gangvag-folkets-park"
    ]
    assert milestones.filter(visibility=Visibility.INTERNAL).count() == 1
    assert MeasureLink.objects.count() == 2
    assert first.startswith(f"Delmål: {milestones.count()}, varav 1 försenade; 2 samband")
    assert all(m.history.first().history_user == coordinator for m in milestones)


def test_demo_milestones_need_the_plans_measures():
    assert load_milestones(coordinator=None) == "Delmål: 0, varav 0 försenade; 0 samband mellan åtgärder"
    assert not Milestone.objects.exists()
