"""A measure's indicators edited in the workspace: the panel "Indikatorer" on the measure's page (read by
everyone who works on the measure, changed by coordinators), adding, changing and removing one (with a
confirmation), figures with a decimal comma in and out, years of four digits, the year order and the one
row per indicator checked with Swedish messages that keep what was typed, a stale edit refused, a form
sent twice saving once, "Hämta utgångsvärdet", and the panel's query count with 1 and 5 indicators."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cycles.forms.indicator import MeasureIndicatorForm
from cycles.models import Measure, MeasureIndicator, PlanStatus
from cycles.views.workspace.indicator import measure_indicators_panel
from lagesbild.models import IndicatorSource
from tests.actors.factories import ActorFactory
from tests.cycles.factories import ActionPlanFactory, link_user_to_actor, public_measure, running_plan
from tests.lagesbild.factories import IndicatorFactory, IndicatorValueFactory
from tests.personas import ALL_PERSONAS
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.dashboard import panels_for
from trygg.models import MunicipalitySettings
from trygg.submissions import ALREADY_SAVED
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TOKEN = "7d3c2b1a-0000-4000-8000-00000000a001"
YEAR_INVALID = "Skriv året med fyra siffror, till exempel 2024."


@pytest.fixture(autouse=True)
def _municipality(db):
    """The municipality's settings with kommunkod 0763, whose figures the indicators are followed in."""
    return MunicipalitySettings.load()


@pytest.fixture
def measures(police_partner, other_partner):
    """Polisen leads "egen" (Bostadsbolaget contributes); a third actor leads "annan" and the internal
    "intern"; "utkast" is Polisen's in a draft plan."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan()
    return {
        "own": public_measure(plan=plan, lead_actor=police, slug="egen", contributors=[housing]),
        "other": public_measure(plan=plan, lead_actor=third, slug="annan"),
        "draft": public_measure(
            plan=ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC),
            lead_actor=police,
            slug="utkast",
        ),
        "internal": public_measure(
            plan=plan, lead_actor=third, slug="intern", visibility=Visibility.INTERNAL
        ),
    }


@pytest.fixture
def violence():
    return IndicatorFactory(
        name="Anmälda våldsbrott per 100 000 invånare", external_id="N07403", public=True, order=1
    )


def follow(measure, indicator=None, **kwargs) -> MeasureIndicator:
    """The measure followed with the indicator (a new Kolada indicator unless told)."""
    return MeasureIndicator.objects.create(
        measure=measure, indicator=indicator or IndicatorFactory(), **kwargs
    )


def follow_with_a_figure(measure) -> MeasureIndicator:
    """The measure followed with a new indicator that has a figure for the municipality."""
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, year=2024)
    return follow(measure, indicator, baseline=Decimal("3.5"), baseline_year=2023)


def form_data(indicator, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "baseline_year": "2023",
        "baseline": "12,5",
        "target": "10",
        "target_year": "2027",
        "loaded_version": "",
    }
    data.update(changes)
    return data


def edit_data(link, **changes) -> dict:
    return form_data(link.indicator, loaded_version=link.version, **changes)


def field_value(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


def errors_of(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- Who may do what: the rules and the pages together ---------------------------------------------------

CASES = ["own", "other", "draft", "internal"]
# persona: may change the indicators (cycles.change_measure) of every case; reads the panel on the cases.
CHANGES = {"coordinator_client"}
READS = {
    "coordinator_client": set(CASES),
    "board_client": set(CASES),
    "police_partner_client": {"own", "draft"},  # leads them
    "other_partner_client": {"own"},  # contributes to it
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("page", ["create", "edit", "delete"])
def test_pages_answer_login_404_403_or_200(persona, request, measures, page):
    name = request.node.callspec.params["persona"]
    for case, measure in measures.items():
        link = follow(measure)
        url = {
            "create": f"/arbete/atgarder/{measure.slug}/indikatorer/ny/",
            "edit": f"/arbete/atgarder/{measure.slug}/indikatorer/{link.pk}/",
            "delete": f"/arbete/atgarder/{measure.slug}/indikatorer/{link.pk}/ta-bort/",
        }[page]
        response = persona.get(url)
        if name == "client":
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], (case, page)
            continue
        user = persona.user
        assert user.has_perm("cycles.change_measure", measure) is (name in CHANGES), (name, case)
        visible = Measure.objects.visible_to(user).filter(pk=measure.pk).exists()
        expected = 200 if name in CHANGES else (403 if visible else 404)
        assert response.status_code == expected, (name, case, page)


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_the_panel_is_read_by_who_works_on_the_measure_and_changed_by_coordinators(
    persona, request, measures
):
    name = request.node.callspec.params["persona"]
    for case, measure in measures.items():
        follow(measure, IndicatorFactory(name=f"Indikator för {case}"))
        response = persona.get(f"/arbete/atgarder/{measure.slug}/")
        if case not in READS.get(name, set()):
            assert response.status_code in (302, 403, 404), (name, case)
            continue
        html = response.content.decode()
        assert response.status_code == 200, (name, case)
        assert next(p.key for p, _ctx in response.context["panels"]) == "measure-indicators"
        assert f"Indikator för {case}" in html
        may_change = name in CHANGES
        assert ("Lägg till indikator" in html) is may_change, (name, case)
        assert (f"/arbete/atgarder/{measure.slug}/indikatorer/" in html) is may_change, (name, case)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "coordinator_client"], indirect=True)
def test_posts_by_anyone_but_a_coordinator_change_nothing(persona, measures, violence):
    link = follow(measures["own"], baseline=Decimal("5"))
    other = IndicatorFactory()
    base = "/arbete/atgarder/egen/indikatorer/"
    persona.post(f"{base}ny/", form_data(other))
    persona.post(f"{base}{link.pk}/", edit_data(link, baseline="99"))
    persona.post(f"{base}{link.pk}/ta-bort/", {"version": link.version})
    assert list(MeasureIndicator.objects.values_list("pk", "baseline")) == [(link.pk, Decimal("5.00"))]


def test_a_row_of_another_measure_is_not_found_under_this_one(coordinator_client, measures):
    link = follow(measures["other"])
    assert coordinator_client.get(f"/arbete/atgarder/egen/indikatorer/{link.pk}/").status_code == 404
    assert coordinator_client.get(f"/arbete/atgarder/egen/indikatorer/{link.pk}/ta-bort/").status_code == 404


# --- Adding, changing, removing ---------------------------------------------------------------------------


def test_coordinator_adds_an_indicator_with_decimal_comma(coordinator_client, measures, violence):
    response = coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", form_data(violence))
    link = MeasureIndicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/arbete/atgarder/egen/#indikator-{link.pk}"
    assert (
        link.measure,
        link.indicator,
        link.baseline,
        link.baseline_year,
        link.target,
        link.target_year,
    ) == (
        measures["own"],
        violence,
        Decimal("12.50"),
        2023,
        Decimal("10.00"),
        2027,
    )
    assert link.history.first().history_user == coordinator_client.user
    page = coordinator_client.get("/arbete/atgarder/egen/")
    messages = [str(m) for m in page.context["messages"]]
    assert messages == ["Indikatorn ”Anmälda våldsbrott per 100 000 invånare” är tillagd."]
    html = page.content.decode()
    assert f'<tr id="indikator-{link.pk}">' in html
    assert "<td>12,5 (2023)</td>" in html and "<td>10 (2027)</td>" in html


def test_the_edit_form_shows_the_decimal_comma_and_saves_thousands(coordinator_client, measures, violence):
    link = follow(
        measures["own"], violence, baseline=Decimal("12.25"), baseline_year=2023, target=Decimal("1100")
    )
    html = coordinator_client.get(f"/arbete/atgarder/egen/indikatorer/{link.pk}/").content.decode()
    assert field_value(html, "baseline") == "12,25"
    assert field_value(html, "target") == "1100"
    assert re.search(rf'<option value="{violence.pk}" selected>', html)

    response = coordinator_client.post(
        f"/arbete/atgarder/egen/indikatorer/{link.pk}/",
        edit_data(link, baseline="1 234,75", target="1\u00a0100,5"),
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.baseline, link.target, link.version) == (Decimal("1234.75"), Decimal("1100.50"), 1)
    html = coordinator_client.get("/arbete/atgarder/egen/").content.decode()
    assert "<td>1\u00a0234,75 (2023)</td>" in html and "<td>1\u00a0100,5 (2027)</td>" in html


@pytest.mark.parametrize(
    ("typed", "stored"), [("12.5", Decimal("12.5")), ("-3,25", Decimal("-3.25")), ("1250", Decimal("1250"))]
)
def test_figures_are_read_as_swedes_write_them(coordinator_client, measures, violence, typed, stored):
    coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline=typed))
    assert MeasureIndicator.objects.get().baseline == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7.810", "”7.810” kan läsas på två sätt."),
        ("1.250,5", "”1.250,5” kan läsas på två sätt."),
        ("tolv", "Skriv ett tal, till exempel 12,5 eller 1 250."),
        ("12,345", "Skriv högst 2 decimaler, till exempel 12,25."),
    ],
)
def test_a_figure_that_cannot_be_read_is_refused_and_kept(
    coordinator_client, measures, violence, typed, message
):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline=typed)
    )
    assert response.status_code == 200 and not MeasureIndicator.objects.exists()
    assert errors_of(response, "baseline")[0].startswith(message)
    assert field_value(response.content.decode(), "baseline") == typed


@pytest.mark.parametrize("typed", ["24", "abcd", "20245", "1850"])
def test_a_year_must_be_four_digits_and_is_kept_as_typed(coordinator_client, measures, violence, typed):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline_year=typed, target_year=typed)
    )
    html = response.content.decode()
    assert response.status_code == 200 and not MeasureIndicator.objects.exists()
    assert errors_of(response, "baseline_year") == [YEAR_INVALID]
    assert errors_of(response, "target_year") == [YEAR_INVALID]
    assert field_value(html, "baseline_year") == typed and field_value(html, "baseline") == "12,5"
    assert 'aria-invalid="true"' in html and 'id="formularfel"' in html


def test_target_year_before_baseline_year_is_one_clear_message(coordinator_client, measures, violence):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline_year="2025", target_year="2024")
    )
    form = response.context["form"]
    assert not MeasureIndicator.objects.exists()
    assert form.errors == {"target_year": ["Målåret (2024) kan inte ligga före utgångsvärdets år (2025)."]}
    html = response.content.decode()
    assert field_value(html, "target_year") == "2024" and field_value(html, "baseline") == "12,5"


def test_a_figure_needs_its_year(coordinator_client, measures, violence):
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline_year="", target_year="")
    )
    assert response.context["form"].errors == {
        "baseline_year": ["Skriv vilket år utgångsvärdet gäller, till exempel 2024."],
        "target_year": ["Skriv året då målvärdet ska vara nått, till exempel 2027."],
    }
    only_the_indicator = {"indicator": violence.pk, "loaded_version": ""}
    coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", only_the_indicator)
    link = MeasureIndicator.objects.get()
    assert (link.baseline, link.baseline_year, link.target, link.target_year) == (None, None, None, None)


def test_an_indicator_the_measure_has_is_refused_with_what_was_typed(coordinator_client, measures, violence):
    follow(measures["own"], violence)
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline="45,5")
    )
    html = response.content.decode()
    assert MeasureIndicator.objects.count() == 1
    assert errors_of(response, "indicator") == [
        "Indikatorn ”Anmälda våldsbrott per 100 000 invånare” följer redan åtgärden. Ändra den raden i "
        "stället för att lägga till en till."
    ]
    assert field_value(html, "baseline") == "45,5"
    assert re.search(rf'<option value="{violence.pk}" selected>', html)


def test_the_same_indicator_saved_at_the_same_moment_is_refused_not_an_error(
    coordinator_client, measures, violence, monkeypatch
):
    """The database's unique constraint is the last guard: when two sendings pass the form's check at
    the same moment, the second gets the form's message, not a server error."""
    follow(measures["own"], violence)
    monkeypatch.setattr(MeasureIndicatorForm, "clean", lambda form: form.cleaned_data)
    response = coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", form_data(violence))
    assert response.status_code == 200 and MeasureIndicator.objects.count() == 1
    assert errors_of(response, "indicator")[0].startswith("Indikatorn ”Anmälda våldsbrott")


def test_the_list_is_grouped_by_source_and_leaves_out_what_the_measure_has(
    coordinator_client, measures, violence
):
    IndicatorFactory(source=IndicatorSource.BRA, name="Anmälda brott, Brå", external_id="", public=True)
    IndicatorFactory(source=IndicatorSource.SURVEY, name="Otrygg i centrum", external_id="", unit="procent")
    taken = follow(measures["own"], IndicatorFactory(name="Redan vald indikator"))
    html = coordinator_client.get("/arbete/atgarder/egen/indikatorer/ny/").content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == ["Kolada", "Brå", "Polisens trygghetsmätning"]
    assert "Anmälda våldsbrott per 100 000 invånare (N07403)</option>" in html
    assert "Otrygg i centrum, procent – intern</option>" in html
    assert "Redan vald indikator" not in html
    assert 'data-choice-filter="Sök indikator"' in html and "js/choice-filter.js" in html
    edit = coordinator_client.get(f"/arbete/atgarder/egen/indikatorer/{taken.pk}/").content.decode()
    assert re.search(rf'<option value="{taken.indicator_id}" selected>Redan vald indikator', edit)


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(coordinator_client, measures, violence):
    link = follow(measures["own"], violence, baseline=Decimal("5"), baseline_year=2023)
    loaded = link.version
    link.baseline = Decimal("6")
    link.save()  # someone else saved meanwhile
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/indikatorer/{link.pk}/",
        form_data(violence, baseline="7,5", loaded_version=loaded),
    )
    link.refresh_from_db()
    assert link.baseline == Decimal("6.00")
    html = response.content.decode()
    assert str(CONFLICT_MESSAGE) in html and field_value(html, "baseline") == "7,5"


def test_a_form_sent_twice_makes_one_row(coordinator_client, measures, violence):
    data = {**form_data(violence), "submission": TOKEN}
    first = coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", data)
    second = coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", data, follow=True)
    link = MeasureIndicator.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain == [(f"/arbete/atgarder/egen/#indikator-{link.pk}", 302)]
    assert str(ALREADY_SAVED) in [str(m) for m in second.context["messages"]]


def test_an_edit_sent_twice_is_saved_once_without_a_conflict(coordinator_client, measures, violence):
    link = follow(measures["own"], violence, baseline=Decimal("5"), baseline_year=2023)
    data = {**edit_data(link, baseline="8"), "submission": TOKEN}
    coordinator_client.post(f"/arbete/atgarder/egen/indikatorer/{link.pk}/", data)
    second = coordinator_client.post(f"/arbete/atgarder/egen/indikatorer/{link.pk}/", data, follow=True)
    link.refresh_from_db()
    assert (link.baseline, link.version) == (Decimal("8.00"), 1)
    assert str(ALREADY_SAVED) in [str(m) for m in second.context["messages"]]


def test_remove_asks_first_then_removes_once(coordinator_client, measures, violence):
    link = follow(measures["own"], violence, baseline=Decimal("12.25"), baseline_year=2023)
    url = f"/arbete/atgarder/egen/indikatorer/{link.pk}/ta-bort/"
    page = coordinator_client.get(url).content.decode()
    assert "Ja, ta bort indikatorn" in page and "Den försvinner från åtgärdens publika sida" in page
    assert "12,25 (2023)" in page
    assert MeasureIndicator.objects.filter(pk=link.pk).exists()

    response = coordinator_client.post(url, {"version": link.version})
    assert (
        response.status_code == 302
        and response["Location"] == "/arbete/atgarder/egen/#panel-measure-indicators"
    )
    assert not MeasureIndicator.objects.exists()
    violence.refresh_from_db()  # the indicator itself stays in the statistics
    again = coordinator_client.post(url, {"version": link.version}, follow=True)
    assert "Indikatorn är redan borttagen från åtgärden." in [str(m) for m in again.context["messages"]]
    assert coordinator_client.get(url).status_code == 404


def test_remove_after_someone_else_changed_it_is_refused(coordinator_client, measures):
    link = follow(measures["own"])
    version = link.version
    link.save()
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/indikatorer/{link.pk}/ta-bort/", {"version": version}
    )
    assert MeasureIndicator.objects.filter(pk=link.pk).exists()
    assert str(CONFLICT_MESSAGE) in response.content.decode()


# --- "Hämta utgångsvärdet" --------------------------------------------------------------------------------


def test_fetch_fills_the_baseline_from_the_statistics_and_saves_nothing(
    coordinator_client, measures, violence
):
    IndicatorValueFactory(indicator=violence, year=2023, value=Decimal("1231.90"))
    IndicatorValueFactory(indicator=violence, year=2023, area_code="0007", value=Decimal("999"))
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", {**form_data(violence, baseline=""), "hamta": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and not MeasureIndicator.objects.exists()
    assert field_value(html, "baseline") == "1231,9"
    assert field_value(html, "target") == "10" and field_value(html, "target_year") == "2027"
    assert "Utgångsvärdet är hämtat ur statistiken: 1\u00a0231,9 för Tingsryd år 2023." in html
    assert "formularfel" not in html
    saved = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/", form_data(violence, baseline="1231,9")
    )
    assert saved.status_code == 302 and MeasureIndicator.objects.get().baseline == Decimal("1231.90")


def test_fetch_on_an_edit_keeps_the_version_and_the_other_fields(coordinator_client, measures, violence):
    IndicatorValueFactory(indicator=violence, year=2022, value=Decimal("40"))
    link = follow(measures["own"], violence, baseline=Decimal("5"), baseline_year=2023)
    response = coordinator_client.post(
        f"/arbete/atgarder/egen/indikatorer/{link.pk}/",
        {**edit_data(link, baseline_year="2022", target="33,5"), "hamta": "1"},
    )
    html = response.content.decode()
    assert field_value(html, "baseline") == "40" and field_value(html, "target") == "33,5"
    assert f'name="loaded_version" value="{link.version}"' in html
    link.refresh_from_db()
    assert link.baseline == Decimal("5.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"baseline_year": "2019"},
            "Statistiken har inget värde för ”Anmälda våldsbrott per 100 000 invånare” år 2019.",
        ),
        ({"baseline_year": ""}, "Välj indikatorn och skriv utgångsvärdets år först."),
        ({"indicator": ""}, "Välj indikatorn och skriv utgångsvärdets år först."),
    ],
)
def test_fetch_says_why_when_there_is_no_figure(coordinator_client, measures, violence, changes, message):
    IndicatorValueFactory(indicator=violence, year=2023, value=Decimal("1231.90"))
    response = coordinator_client.post(
        "/arbete/atgarder/egen/indikatorer/ny/",
        {**form_data(violence, baseline="7"), **changes, "hamta": "1"},
    )
    html = response.content.decode()
    assert message in html and not MeasureIndicator.objects.exists()
    assert field_value(html, "baseline") == "7"


# --- The panel ---------------------------------------------------------------------------------------------


def render_panel(rf, user, measure) -> str | None:
    request = rf.get(f"/arbete/atgarder/{measure.slug}/")
    request.user = user
    shown = {
        panel.key: (panel, ctx)
        for panel, ctx in panels_for(request, page="workspace-measure", measure=measure)
    }
    if "measure-indicators" not in shown:
        return None
    panel, ctx = shown["measure-indicators"]
    return render_to_string(panel.template, {"ctx": ctx, "request": request})


def test_panel_shows_baseline_target_and_latest_figure(rf, coordinator, measures, violence):
    IndicatorValueFactory(indicator=violence, year=2024, value=Decimal("1130.90"))
    IndicatorValueFactory(indicator=violence, year=2023, value=Decimal("1231.90"))
    internal = IndicatorFactory(name="Klotter i centrum", unit="antal")
    follow(
        measures["own"],
        violence,
        baseline=Decimal("1232"),
        baseline_year=2023,
        target=Decimal("1100"),
        target_year=2027,
    )
    follow(measures["own"], internal)
    html = render_panel(rf, coordinator, measures["own"])
    assert "<td>1\u00a0232 (2023)</td>" in html and "<td>1\u00a0100 (2027)</td>" in html
    assert "<td>1\u00a0130,9 (2024)</td>" in html
    assert "Klotter i centrum (antal)" in html and "inget värde ännu" in html
    assert "intern</span>" in html and "visas inte på den publika sidan" in html
    assert "<caption>" in html and '<th scope="row">' in html


def test_panel_for_board_readers_and_partners_is_read_only_and_hidden_from_others(
    rf, board_reader, police_partner, other_partner, administrator, measures, violence
):
    follow(measures["own"], violence)
    for reader in (board_reader, police_partner, other_partner):
        html = render_panel(rf, reader, measures["own"])
        assert "Anmälda våldsbrott" in html
        assert "Lägg till indikator" not in html and "Ta bort" not in html and "Ändra" not in html
    assert render_panel(rf, administrator, measures["own"]) is None
    assert render_panel(rf, AnonymousUser(), measures["own"]) is None
    assert render_panel(rf, other_partner, measures["other"]) is None  # neither leads nor contributes


def test_panel_without_indicators_says_so(rf, coordinator, board_reader, measures):
    html = render_panel(rf, coordinator, measures["own"])
    assert "Ingen indikator följer åtgärden ännu." in html and "Lägg till indikator" in html
    assert "<table" not in html
    assert "Lägg till indikator" not in render_panel(rf, board_reader, measures["own"])


def test_the_measure_page_lists_the_indicators_once(coordinator_client, measures, violence):
    follow(measures["own"], violence)
    html = coordinator_client.get("/arbete/atgarder/egen/").content.decode()
    assert html.count('<th scope="row">Anmälda våldsbrott per 100 000 invånare') == 1
    assert html.count(">Indikatorer</h2>") == 1


def test_panel_query_count_is_the_same_with_1_and_5_indicators(rf, coordinator, measures):
    measure = measures["own"]

    def queries():
        fresh = Measure.objects.select_related("lead_actor", "plan").get(pk=measure.pk)
        request = rf.get("/arbete/atgarder/egen/")
        request.user = coordinator
        with CaptureQueriesContext(connection) as captured:
            ctx = measure_indicators_panel(request, fresh)
            render_to_string("cycles/workspace/indicator/_panel.html", {"ctx": ctx, "request": request})
        return len(captured)

    follow_with_a_figure(measure)
    queries()  # the user's roles are read once and kept on the user
    one = queries()
    for _n in range(4):
        follow_with_a_figure(measure)
    # The rows, the figures, and the municipality's settings (which the measure's page has read already).
    assert queries() == one == 3


def test_measure_page_query_count_is_the_same_with_1_and_5_indicators(coordinator_client, measures):
    measure = measures["own"]

    def queries():
        coordinator_client.get("/arbete/atgarder/egen/")
        with CaptureQueriesContext(connection) as captured:
            response = coordinator_client.get("/arbete/atgarder/egen/")
        assert response.status_code == 200
        return len(captured)

    follow_with_a_figure(measure)
    one = queries()
    for _n in range(4):
        follow_with_a_figure(measure)
    assert queries() == one


def test_the_public_page_shows_only_public_indicators_added_here(
    client, coordinator_client, measures, violence
):
    hidden = IndicatorFactory(name="Intern räkning av klotter", public=False)
    for indicator in (violence, hidden):
        coordinator_client.post("/arbete/atgarder/egen/indikatorer/ny/", form_data(indicator))
    coordinator_client.post(
        "/arbete/atgarder/intern/indikatorer/ny/",
        form_data(IndicatorFactory(name="I intern åtgärd", public=True)),
    )
    assert MeasureIndicator.objects.count() == 3
    client.logout()
    html = client.get("/atgarder/egen/").content.decode()
    assert "Anmälda våldsbrott per 100 000 invånare" in html and "12,5 (2023)" in html
    assert "Intern räkning av klotter" not in html
    assert client.get("/atgarder/intern/").status_code == 404
