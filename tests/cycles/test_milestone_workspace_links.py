"""Links between measures ("är beroende av", "är en del av", "hör ihop med"): only coordinators add and
remove them (rules and pages together); a link to itself or a second link between the same two
measures is refused in plain Swedish with the choice kept; a form sent twice makes one link; removing
asks first; each measure reads the link from its own side ("behövs för", "omfattar"); the public page
shows only links to public measures. Query counts are the same with 1 and 5 links."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cycles.models import LinkKind, Measure, MeasureLink, PlanStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import ActionPlanFactory, link_user_to_actor, public_measure, running_plan
from tests.personas import ALL_PERSONAS
from trygg import pagecache
from trygg.dashboard import panels_for
from trygg.submissions import ALREADY_SAVED
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def link(first, kind, second) -> MeasureLink:
    return MeasureLink.objects.create(from_measure=first, kind=kind, to_measure=second)


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
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    plan = running_plan(title="Åtgärdsplan 2025–2027")
    return {
        "patrol": public_measure(plan=plan, lead_actor=police, slug="patrull", title="Polisen patrullerar"),
        "light": public_measure(plan=plan, slug="belysning", title="Belysning vid torget"),
        "path": public_measure(plan=plan, slug="gangvag", title="Belysning på gångvägen"),
        "internal": public_measure(
            plan=plan, slug="intern", title="Intern kartläggning av kameror", visibility=Visibility.INTERNAL
        ),
        "draft": public_measure(
            plan=ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC, title="Nästa plan"),
            slug="utkast",
            title="Åtgärd i en plan som inte är beslutad",
        ),
    }


# --- Permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("page", ["list", "create", "delete"])
def test_only_coordinators_reach_the_link_pages(persona, request, measures, page):
    name = request.node.callspec.params["persona"]
    existing = link(measures["patrol"], LinkKind.DEPENDS_ON, measures["light"])
    for case in ("patrol", "internal"):
        measure = measures[case]
        own = existing if case == "patrol" else link(measure, LinkKind.RELATED, measures["path"])
        url = {
            "list": f"/arbete/atgarder/{measure.slug}/samband/",
            "create": f"/arbete/atgarder/{measure.slug}/samband/ny/",
            "delete": f"/arbete/atgarder/{measure.slug}/samband/{own.pk}/ta-bort/",
        }[page]
        response = persona.get(url)
        if name == "client":
            assert response.status_code == 302 and "/konto/" in response["Location"]
            continue
        user = persona.user
        assert user.has_perm("cycles.change_measurelink", measure) is (name == "coordinator_client")
        if name == "coordinator_client":
            expected = 200
        elif not user.has_perm("trygg.view_workspace"):
            expected = 403
        else:
            expected = 403 if Measure.objects.visible_to(user).filter(pk=measure.pk).exists() else 404
        assert response.status_code == expected, (name, case, page)


@pytest.mark.parametrize("persona", ["police_partner_client", "board_client"], indirect=True)
def test_others_cannot_add_or_remove_links(persona, measures):
    existing = link(measures["patrol"], LinkKind.DEPENDS_ON, measures["light"])
    response = persona.post(
        "/arbete/atgarder/patrull/samband/ny/", {"kind": "related", "to_measure": measures["path"].pk}
    )
    assert response.status_code == 403
    assert persona.post(f"/arbete/atgarder/patrull/samband/{existing.pk}/ta-bort/").status_code == 403
    assert list(MeasureLink.objects.all()) == [existing]


# --- Adding ---------------------------------------------------------------------------------------


def test_coordinator_links_two_measures_and_both_read_it_from_their_side(
    coordinator_client, coordinator, rf, measures
):
    response = coordinator_client.post(
        "/arbete/atgarder/patrull/samband/ny/",
        {"kind": "depends_on", "to_measure": measures["light"].pk, "next": "/arbete/atgarder/patrull/"},
    )
    assert response.status_code == 302 and response["Location"] == "/arbete/atgarder/patrull/"
    created = MeasureLink.objects.get()
    assert (created.from_measure, created.kind, created.to_measure) == (
        measures["patrol"],
        LinkKind.DEPENDS_ON,
        measures["light"],
    )
    assert created.history.first().history_user == coordinator
    patrol_panel = _links_panel(rf, coordinator, measures["patrol"])
    light_panel = _links_panel(rf, coordinator, measures["light"])
    assert re.search(r"<dt>Är beroende av</dt>\s*<dd[^>]*><a [^>]*>Belysning vid torget", patrol_panel)
    assert re.search(r"<dt>Behövs för</dt>\s*<dd[^>]*><a [^>]*>Polisen patrullerar", light_panel)


def test_part_of_reads_as_omfattar_from_the_other_side(coordinator, rf, measures):
    link(measures["path"], LinkKind.PART_OF, measures["light"])
    link(measures["patrol"], LinkKind.RELATED, measures["light"])
    html = _links_panel(rf, coordinator, measures["light"])
    assert re.search(r"<dt>Hör ihop med</dt>\s*<dd[^>]*><a [^>]*>Polisen patrullerar", html)
    assert re.search(r"<dt>Omfattar</dt>\s*<dd[^>]*><a [^>]*>Belysning på gångvägen", html)
    assert re.search(
        r"<dt>Är en del av</dt>\s*<dd[^>]*><a [^>]*>Belysning vid torget",
        _links_panel(rf, coordinator, measures["path"]),
    )


def test_a_link_to_itself_is_refused_with_the_choice_kept(coordinator_client, measures):
    response = coordinator_client.post(
        "/arbete/atgarder/patrull/samband/ny/", {"kind": "part_of", "to_measure": measures["patrol"].pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and not MeasureLink.objects.exists()
    assert "En åtgärd kan inte ha ett samband med sig själv. Välj en annan åtgärd." in html
    assert re.search(r'<input type="radio" name="kind" value="part_of"[^>]* checked', html)


@pytest.mark.parametrize("reverse", [False, True])
def test_a_second_link_between_the_same_measures_is_refused(coordinator_client, measures, reverse):
    first, second = (
        (measures["light"], measures["patrol"]) if reverse else (measures["patrol"], measures["light"])
    )
    link(first, LinkKind.DEPENDS_ON, second)
    response = coordinator_client.post(
        "/arbete/atgarder/patrull/samband/ny/", {"kind": "related", "to_measure": measures["light"].pk}
    )
    html = response.content.decode()
    assert MeasureLink.objects.count() == 1
    assert "Det finns redan ett samband mellan åtgärderna" in html and "Ta bort det först" in html
    assert re.search(rf'<option value="{measures["light"].pk}" selected>', html)
    assert re.search(r'<input type="radio" name="kind" value="related"[^>]* checked', html)


def test_a_form_sent_twice_makes_one_link(coordinator_client, measures):
    data = {
        "kind": "related",
        "to_measure": measures["path"].pk,
        "submission": "5f0c6d1e-0000-4000-8000-000000000002",
    }
    coordinator_client.post("/arbete/atgarder/patrull/samband/ny/", data)
    second = coordinator_client.post("/arbete/atgarder/patrull/samband/ny/", data, follow=True)
    assert MeasureLink.objects.count() == 1
    assert str(ALREADY_SAVED) in [str(m) for m in second.context["messages"]]


def test_the_list_of_measures_is_grouped_by_plan_and_searchable(coordinator_client, measures):
    html = coordinator_client.get("/arbete/atgarder/patrull/samband/ny/").content.decode()
    assert '<optgroup label="Åtgärdsplan 2025–2027">' in html and '<optgroup label="Nästa plan">' in html
    assert "Belysning vid torget" in html and "Intern kartläggning av kameror" in html
    assert f'<option value="{measures["patrol"].pk}"' not in html  # not itself
    found = coordinator_client.get("/arbete/atgarder/patrull/samband/ny/?sok=belysning")
    options = re.findall(r'<option value="(\d+)"', found.content.decode())
    assert sorted(int(pk) for pk in options) == sorted([measures["light"].pk, measures["path"].pk])
    assert "2 åtgärder matchar ”belysning”." in found.content.decode()


def test_a_measure_chosen_before_a_search_stays_in_the_list_on_errors(coordinator_client, measures):
    response = coordinator_client.post(
        "/arbete/atgarder/patrull/samband/ny/", {"to_measure": measures["internal"].pk, "sok": "belysning"}
    )
    html = response.content.decode()
    assert "Välj hur åtgärderna hänger ihop." in html
    assert re.search(rf'<option value="{measures["internal"].pk}" selected>', html)


# --- Removing -------------------------------------------------------------------------------------


def test_removing_asks_first_and_works_from_either_measure(coordinator_client, measures):
    existing = link(measures["patrol"], LinkKind.DEPENDS_ON, measures["light"])
    url = f"/arbete/atgarder/belysning/samband/{existing.pk}/ta-bort/"  # from the other side
    page = coordinator_client.get(url).content.decode()
    assert (
        "Ja, ta bort sambandet" in page
        and "”Polisen patrullerar” är beroende av ”Belysning vid torget”" in page
    )
    assert MeasureLink.objects.exists()
    response = coordinator_client.post(url)
    assert response.status_code == 302 and not MeasureLink.objects.exists()
    again = coordinator_client.post(url, follow=True)
    assert "Sambandet är redan borttaget." in [str(m) for m in again.context["messages"]]
    assert coordinator_client.get(url).status_code == 404


def test_a_link_of_other_measures_is_not_found_under_this_one(coordinator_client, measures):
    existing = link(measures["light"], LinkKind.RELATED, measures["path"])
    assert (
        coordinator_client.get(f"/arbete/atgarder/patrull/samband/{existing.pk}/ta-bort/").status_code == 404
    )


# --- Panels and lists -------------------------------------------------------------------------------


def _links_panel(rf, user, measure):
    request = rf.get(f"/arbete/atgarder/{measure.slug}/")
    request.user = user
    shown = {
        panel.key: (panel, ctx)
        for panel, ctx in panels_for(request, page="workspace-measure", measure=measure)
    }
    if "measure-links" not in shown:
        return None
    panel, ctx = shown["measure-links"]
    return render_to_string(panel.template, {"ctx": ctx, "request": request})


def test_a_partner_sees_only_links_to_measures_it_may_see(rf, police_partner, coordinator, measures):
    link(measures["patrol"], LinkKind.RELATED, measures["light"])
    link(measures["internal"], LinkKind.DEPENDS_ON, measures["patrol"])
    partner_html = _links_panel(rf, police_partner, measures["patrol"])
    assert "Belysning vid torget" in partner_html
    assert "Intern kartläggning av kameror" not in partner_html
    assert "Ta bort" not in partner_html and "Lägg till samband" not in partner_html
    coordinator_html = _links_panel(rf, coordinator, measures["patrol"])
    assert "Intern kartläggning av kameror" in coordinator_html and "Lägg till samband" in coordinator_html
    assert _links_panel(rf, AnonymousUser(), measures["patrol"]) is None


def test_panel_without_links_says_so(rf, board_reader, measures):
    html = _links_panel(rf, board_reader, measures["patrol"])
    assert "Åtgärden har inga samband med andra åtgärder." in html and "Lägg till samband" not in html


def test_links_of_another_plan_name_the_plan(rf, coordinator, measures):
    link(measures["patrol"], LinkKind.RELATED, measures["draft"])
    html = _links_panel(rf, coordinator, measures["patrol"])
    assert "Åtgärd i en plan som inte är beslutad" in html and "(Nästa plan)" in html


def _many_links(measures, count):
    plan = measures["patrol"].plan
    for n in range(count):
        other = public_measure(plan=running_plan() if n % 2 else plan, lead_actor=ActorFactory())
        if n % 2:
            link(measures["patrol"], LinkKind.DEPENDS_ON, other)
        else:
            link(other, LinkKind.PART_OF, measures["patrol"])


def test_list_page_and_panel_query_counts_are_the_same_with_1_and_5_links(
    coordinator_client, coordinator, rf, measures
):
    _many_links(measures, 1)

    def panel_queries():
        fresh = Measure.objects.select_related("plan", "lead_actor").get(slug="patrull")
        with CaptureQueriesContext(connection) as captured:
            _links_panel(rf, coordinator, fresh)
        return len(captured)

    panel_queries()  # the user's roles are read once and kept on the user
    page_one, panel_one = (
        count_queries(coordinator_client, "/arbete/atgarder/patrull/samband/"),
        panel_queries(),
    )
    _many_links(measures, 4)
    assert count_queries(coordinator_client, "/arbete/atgarder/patrull/samband/") == page_one
    assert panel_queries() == panel_one


def test_list_page_is_empty_then_lists_links_with_remove(coordinator_client, measures):
    assert (
        "Åtgärden har inga samband"
        in coordinator_client.get("/arbete/atgarder/patrull/samband/").content.decode()
    )
    existing = link(measures["patrol"], LinkKind.DEPENDS_ON, measures["light"])
    html = coordinator_client.get("/arbete/atgarder/patrull/samband/").content.decode()
    assert (
        "Belysning vid torget" in html and f"/arbete/atgarder/patrull/samband/{existing.pk}/ta-bort/" in html
    )


# --- The public page --------------------------------------------------------------------------------


def test_public_page_shows_links_to_public_measures_only(client, measures):
    link(measures["patrol"], LinkKind.DEPENDS_ON, measures["light"])
    link(measures["path"], LinkKind.PART_OF, measures["patrol"])
    link(measures["patrol"], LinkKind.RELATED, measures["internal"])
    link(measures["draft"], LinkKind.DEPENDS_ON, measures["patrol"])
    html = client.get("/atgarder/patrull/").content.decode()
    section = html[html.index('id="samband"') :]
    assert re.search(
        r'<dt>Är beroende av</dt>\s*<dd><a href="/atgarder/belysning/">Belysning vid torget</a>', section
    )
    assert re.search(
        r'<dt>Omfattar</dt>\s*<dd><a href="/atgarder/gangvag/">Belysning på gångvägen</a>', section
    )
    for hidden in (
        "Intern kartläggning av kameror",
        "Åtgärd i en plan som inte är beslutad",
        "/atgarder/intern/",
    ):
        assert hidden not in html
    other_side = client.get("/atgarder/belysning/").content.decode()
    assert re.search(
        r'<dt>Behövs för</dt>\s*<dd><a href="/atgarder/patrull/">Polisen patrullerar</a>', other_side
    )


def test_public_page_without_public_links_has_no_links_section(client, measures):
    link(measures["patrol"], LinkKind.RELATED, measures["internal"])
    assert 'id="samband"' not in client.get("/atgarder/patrull/").content.decode()


def test_public_page_query_count_is_the_same_with_1_and_5_links(client, measures):
    _many_links(measures, 1)
    one = count_queries(client, "/atgarder/patrull/")  # pagecache.bump(): a render, not the cached page
    _many_links(measures, 4)
    assert count_queries(client, "/atgarder/patrull/") == one
    pagecache.bump()
    assert len(client.get("/atgarder/patrull/").context["link_groups"]) == 2
