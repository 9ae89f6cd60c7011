"""The API's measures (/api/atgarder/, /api/lagesrapporter/, /api/delmal/, /api/atgardsindikatorer/) and
the open datasets with the same rows: only what the measure's public page shows, the filters of
/atgarder/, 404 for what is not public, and a fixed number of queries."""

import pytest

from cycles.models import MeasureKind, MeasureStatus, PlanStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    MilestoneFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import (
    AreaFactory,
    CauseAnalysisFactory,
    IndicatorFactory,
    PlaceFactory,
    ProblemFactory,
)
from trygg import opendata, pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

SECRET = "Hemlig intern anteckning"


@pytest.fixture
def world():
    """A public measure with everything around it that must not show, and measures that must not show."""
    area = AreaFactory(name="Ryd", slug="ryd")
    place = PlaceFactory(name="Ryds torg", slug="ryds-torg", area=area)
    shown = public_measure(
        slug="belysning",
        title="Bättre belysning vid torget",
        internal_notes=SECRET,
        lead_actor=ActorFactory(name="Tingsryds kommun"),
        contributors=[
            ActorFactory(name="Polisen LPO Nybro"),
            ActorFactory(name="Gamla föreningen", active=False),
        ],
        budget=250000,
    )
    shown.areas.add(area)
    shown.places.add(place)
    gone_lead = public_measure(
        title="Åtgärd vars aktör slutat", lead_actor=ActorFactory(name="Nedlagd förening", active=False)
    )
    internal = MeasureFactory(title="Intern kartläggning", visibility=Visibility.INTERNAL, plan=shown.plan)
    draft_plan = public_measure(
        title="Åtgärd i planutkast",
        plan=ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC),
    )
    internal_plan = public_measure(
        title="Åtgärd i intern plan", plan=running_plan(visibility=Visibility.INTERNAL)
    )
    approved = MeasureUpdateFactory(measure=shown, text="Lamporna är uppsatta.")
    pending = MeasureUpdateFactory(measure=shown, text="Ogranskad rapport", approved_at=None)
    hidden_update = MeasureUpdateFactory(measure=internal, text="Rapport om intern åtgärd")
    milestone = MilestoneFactory(
        measure=shown, title="Lampor upphandlade", responsible=ActorFactory(name="Elbolaget")
    )
    internal_milestone = MilestoneFactory(
        measure=shown, title="Internt delmål", visibility=Visibility.INTERNAL
    )
    hidden_milestone = MilestoneFactory(measure=internal, title="Delmål i intern åtgärd")
    gone_responsible = MilestoneFactory(
        measure=shown,
        title="Delmål hos nedlagd aktör",
        responsible=ActorFactory(name="Borta AB", active=False),
    )
    shown.indicator_links.create(indicator=IndicatorFactory(public=True, name="Anmälda brott"), baseline=10)
    shown.indicator_links.create(indicator=IndicatorFactory(name="Intern indikator"), baseline=5)
    internal.indicator_links.create(indicator=IndicatorFactory(public=True, name="Indikator för intern"))
    return {
        "shown": shown,
        "gone_lead": gone_lead,
        "hidden": [internal, draft_plan, internal_plan],
        "approved": approved,
        "hidden_updates": [pending, hidden_update],
        "milestone": milestone,
        "gone_responsible": gone_responsible,
        "hidden_milestones": [internal_milestone, hidden_milestone],
    }


def _items(client, url):
    pagecache.bump()
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_measure_list_shows_public_measures_as_on_their_pages(client, world):
    items = _items(client, "/api/atgarder/")
    assert [item["titel"] for item in items] == ["Bättre belysning vid torget", "Åtgärd vars aktör slutat"]
    row = items[0]
    assert row["id"] == world["shown"].pk
    assert row["slug"] == "belysning"
    assert row["ansvarig_aktor"] == "Tingsryds kommun"
    assert row["medverkande"] == ["Polisen LPO Nybro"]  # not the actor that no longer takes part
    assert (row["omraden"], row["omraden_slug"]) == (["Ryd"], ["ryd"])
    assert (row["platser"], row["platser_slug"]) == (["Ryds torg"], ["ryds-torg"])
    assert (row["status"], row["status_text"]) == ("ongoing", "Pågår")
    assert row["budget_kr"] == 250000
    assert row["adress"] == "/atgarder/belysning/"
    assert SECRET not in str(items)
    assert items[1]["ansvarig_aktor_id"] is None
    assert items[1]["ansvarig_aktor"] is None
    assert "Nedlagd förening" not in str(items)


def test_measure_detail_answers_404_for_what_is_not_public(client, world):
    response = client.get(f"/api/atgarder/{world['shown'].pk}/")
    assert response.status_code == 200
    assert response.json()["titel"] == "Bättre belysning vid torget"
    for measure in world["hidden"]:
        response = client.get(f"/api/atgarder/{measure.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Det finns ingen offentlig åtgärd med det id:t."}
    assert client.get("/api/atgarder/999999/").status_code == 404


def test_measure_list_filters_as_the_public_list(client):
    area = AreaFactory(slug="konga")
    problem = ProblemFactory(visibility=Visibility.PUBLIC, prioritised=True, priority=1)
    lead = ActorFactory()
    social = public_measure(title="A social", kind=MeasureKind.SOCIAL, lead_actor=lead)
    done = public_measure(
        title="B klar", status=MeasureStatus.DONE, causes=[CauseAnalysisFactory(problem=problem)]
    )
    in_area = public_measure(title="C i Konga")
    in_area.areas.add(area)
    cases = {
        "typ=social": [social],
        "status=done": [done],
        "omrade=konga": [in_area],
        f"fokus={problem.pk}": [done],
        f"aktor={lead.pk}": [social],
        "status=done&typ=social": [],
    }
    for query, expected in cases.items():
        assert [i["id"] for i in _items(client, f"/api/atgarder/?{query}")] == [m.pk for m in expected], query
    pagecache.bump()
    assert client.get("/atgarder/?typ=social").context["measures"][0] == social  # the page agrees


@pytest.mark.parametrize(
    "query",
    [
        "status=klar",
        "typ=x",
        "omrade=finns-inte",
        "fokus=abc",
        "fokus=999999",
        "aktor=999999",
        "page=0",
        "page_size=501",
    ],
)
def test_invalid_filters_answer_422_with_a_message(client, query):
    public_measure()
    response = client.get(f"/api/atgarder/?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][0] == "query"
    assert detail[0]["msg"]


def test_invalid_filter_message_is_swedish(client):
    response = client.get("/api/atgarder/?fokus=abc")
    assert response.json()["detail"][0]["msg"] == "Ange ett heltal."
    response = client.get("/api/atgarder/?omrade=finns-inte")
    assert response.json()["detail"][0]["msg"].startswith("Välj ett giltigt alternativ.")


def test_updates_are_approved_ones_of_public_measures(client, world):
    items = _items(client, "/api/lagesrapporter/")
    assert [item["id"] for item in items] == [world["approved"].pk]
    assert items[0]["text"] == "Lamporna är uppsatta."
    assert items[0]["adress"] == f"/atgarder/belysning/#rapport-{world['approved'].pk}"
    assert _items(client, f"/api/lagesrapporter/?atgard={world['hidden'][0].pk}") == []
    assert [i["id"] for i in _items(client, f"/api/lagesrapporter/?atgard={world['shown'].pk}")] == [
        world["approved"].pk
    ]


def test_milestones_are_public_ones_of_public_measures(client, world):
    items = _items(client, "/api/delmal/")
    assert sorted(item["id"] for item in items) == sorted(
        [world["milestone"].pk, world["gone_responsible"].pk]
    )
    by_id = {item["id"]: item for item in items}
    assert by_id[world["milestone"].pk]["ansvarig_aktor"] == "Elbolaget"
    assert by_id[world["gone_responsible"].pk]["ansvarig_aktor"] is None
    assert "Borta AB" not in str(items)


def test_measure_indicators_are_public_indicators_of_public_measures(client, world):
    items = _items(client, "/api/atgardsindikatorer/")
    assert [(item["atgard_id"], item["indikator"], item["utgangsvarde"]) for item in items] == [
        (world["shown"].pk, "Anmälda brott", 10.0)
    ]


def test_datasets_hold_the_same_rows_and_nothing_hidden(client, world):
    hidden_titles = [m.title for m in world["hidden"]] + [SECRET, "Ogranskad rapport", "Internt delmål"]
    for slug, url in [
        ("atgarder", "/api/atgarder/"),
        ("lagesrapporter", "/api/lagesrapporter/"),
        ("delmal", "/api/delmal/"),
        ("atgardsindikatorer", "/api/atgardsindikatorer/"),
    ]:
        dataset = opendata.get(slug)
        rows = list(opendata.rows(dataset))
        assert rows == _items(client, url), slug
        assert dataset.api_path == url
        assert not any(title in str(rows) for title in hidden_titles), slug
        assert dataset.last_modified() is not None
        # Every column says what it means, in Swedish.
        assert all(field.description for field in dataset.schema.model_fields.values()), slug


def test_a_withdrawn_measure_moves_last_modified(world):
    dataset = opendata.get("atgarder")
    before = dataset.last_modified()
    world["shown"].visibility = Visibility.INTERNAL
    world["shown"].save()
    assert dataset.last_modified() > before
    assert [row["id"] for row in opendata.rows(dataset)] == [world["gone_lead"].pk]


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, the page, the public lead actors, contributors, areas, places; Last-Modified reads 5 logs
        ("/api/atgarder/", 11),
        ("/api/atgarder/?omrade=ryd&status=ongoing", 12),  # and the chosen area (the form)
        ("/api/lagesrapporter/", 5),
        ("/api/delmal/", 7),
        ("/api/atgardsindikatorer/", 6),
    ],
)
def test_list_query_counts_are_constant(client, django_assert_num_queries, count, url, queries):
    area = AreaFactory(slug="ryd")
    for _n in range(count):
        measure = public_measure(contributors=[ActorFactory()])
        measure.areas.add(area)
        measure.places.add(PlaceFactory(area=area))
        MeasureUpdateFactory(measure=measure)
        MilestoneFactory(measure=measure, responsible=ActorFactory())
        measure.indicator_links.create(indicator=IndicatorFactory(public=True))
    pagecache.bump()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.json()["count"] == count
