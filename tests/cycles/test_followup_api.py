"""The API's medborgarlöften and follow-up (/api/medborgarloften/, /api/medborgarloften-uppfoljning/,
/api/uppfoljningar/, /api/uppfoljningsrapporter/) and their open datasets: what /medborgarloften/ and
/uppfoljning/ show, never drafts, internal texts or non-public decisions; a fixed number of queries."""

import pytest

from cycles.models import Assessment, FollowUpStatus, PromiseParty, PromiseStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    PromiseLineFactory,
    period_with_measures,
    public_measure,
    published_report,
)
from tests.lagesbild.factories import AreaFactory
from trygg import opendata, pagecache
from trygg.visibility import Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PUBLIC = Visibility.PUBLIC
SECRETS = [
    "Hemligt löfte",
    "Hemlig rad",
    "Åtgärd som inte är offentlig",
    "Hemlig lärdom",
    "Hemlig motivering",
    "Internt genomfört",
    "Ej publicerad sammanfattning",
    "Utkastets sammanfattning",
    "Sammanfattning om intern åtgärd",
    "Utkastet till rapport",
    "Nedlagd förening",
]


def _items(client, url):
    pagecache.bump()
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.fixture
def promises():
    area = AreaFactory(name="Tingsryd", slug="tingsryd")
    shown = CitizenPromiseFactory(
        year=2025, title="Tryggare kvällar", status=PromiseStatus.PUBLISHED, visibility=PUBLIC
    )
    shown.area_links.add(area)
    measure = public_measure(title="Fler vuxna ute")
    internal_measure = MeasureFactory(title="Åtgärd som inte är offentlig")
    line = PromiseLineFactory(
        promise=shown, party=PromiseParty.POLICE, text="Polisen syns", follow_up="Gjort."
    )
    line.measures.add(measure, internal_measure)
    gone = PromiseLineFactory(
        promise=shown, party=PromiseParty.OTHER, actor=ActorFactory(name="Nedlagd förening", active=False)
    )
    draft = CitizenPromiseFactory(title="Hemligt löfte", status=PromiseStatus.SIGNED, visibility=PUBLIC)
    PromiseLineFactory(promise=draft, text="Hemlig rad")
    internal = CitizenPromiseFactory(title="Hemligt löfte", status=PromiseStatus.PUBLISHED)
    PromiseLineFactory(promise=internal, text="Hemlig rad")
    return {"shown": shown, "line": line, "gone": gone, "measure": measure}


def test_promises_are_the_published_ones(client, promises):
    items = _items(client, "/api/medborgarloften/")
    assert [item["id"] for item in items] == [promises["shown"].pk]
    assert items[0]["omraden_slug"] == ["tingsryd"]
    assert items[0]["undertecknare"] == ["Stina Styrelse", "Lena Lokalpolis"]
    assert items[0]["adress"] == f"/medborgarloften/#lofte-{promises['shown'].pk}"
    assert _items(client, "/api/medborgarloften/?ar=2024") == []
    assert len(_items(client, "/api/medborgarloften/?omrade=tingsryd")) == 1


def test_promise_lines_show_public_measures_and_follow_up(client, promises):
    items = _items(client, "/api/medborgarloften-uppfoljning/")
    assert [item["id"] for item in items] == [promises["line"].pk, promises["gone"].pk]
    line = items[0]
    assert (line["vem_lovar"], line["vem_lovar_text"]) == ("police", "Polisen")
    assert line["atgarder_id"] == [promises["measure"].pk]
    assert line["atgarder"] == ["Fler vuxna ute"]
    assert line["uppfoljning"] == "Gjort."
    assert items[1]["vem_lovar_text"] == "Annan aktör"  # the actor no longer takes part
    assert not any(secret in str(items) for secret in SECRETS)
    assert _items(client, "/api/medborgarloften-uppfoljning/?medborgarlofte=999999") == []


@pytest.fixture
def followup():
    """A published report over a period with one follow-up residents may read and several they must not."""
    period = period_with_measures(0)
    plan = period.cycle.action_plans.get()
    shown = FollowUpFactory(
        period=period,
        measure=public_measure(plan=plan, title="Belysning i parken", slug="belysning"),
        status=FollowUpStatus.APPROVED,
        visibility=PUBLIC,
        public_summary="Belysningen är på plats.",
        lessons="Hemlig lärdom",
        assessment_reason="Hemlig motivering",
        done_text="Internt genomfört",
        assessment=Assessment.YELLOW,
    )
    for kwargs in [
        {"visibility": Visibility.INTERNAL, "public_summary": "Ej publicerad sammanfattning"},
        {"status": FollowUpStatus.SUBMITTED, "public_summary": "Utkastets sammanfattning"},
        {
            "measure": MeasureFactory(plan=plan, title="Åtgärd som inte är offentlig"),
            "public_summary": "Sammanfattning om intern åtgärd",
        },
    ]:
        kwargs.setdefault("measure", public_measure(plan=plan))
        FollowUpFactory(period=period, **{"status": FollowUpStatus.APPROVED, "visibility": PUBLIC, **kwargs})
    report = published_report(FollowUpReportFactory(period=period, title="Den publicerade"))
    FollowUpReportFactory(period=FollowUpPeriodFactory(), title="Utkastet till rapport")
    return {"followup": shown, "report": report, "period": period}


def test_followups_are_the_published_ones_with_public_texts_only(client, followup):
    items = _items(client, "/api/uppfoljningar/")
    assert [item["id"] for item in items] == [followup["followup"].pk]
    row = items[0]
    assert (row["bedomning"], row["bedomning_text"]) == ("yellow", "Gult: delvis enligt plan")
    assert row["sammanfattning"] == "Belysningen är på plats."
    assert row["adress"] == "/atgarder/belysning/"
    assert not any(secret in str(items) for secret in SECRETS)
    assert len(_items(client, f"/api/uppfoljningar/?period={followup['period'].pk}")) == 1


def test_reports_are_the_published_ones_with_public_decisions(client, followup):
    report = followup["report"]
    items = _items(client, "/api/uppfoljningsrapporter/")
    assert [item["id"] for item in items] == [report.pk]
    assert items[0]["adress"] == f"/uppfoljning/{report.pk}/"
    assert items[0]["pdf"] == f"/uppfoljning/{report.pk}/rapport.pdf"
    assert items[0]["ks_beslut"] is None  # the factory's decisions are internal
    report.board_decision.visibility = PUBLIC
    report.board_decision.save()
    assert _items(client, "/api/uppfoljningsrapporter/")[0]["ks_beslut"] == report.board_decision.paragraph


def test_period_filter_takes_only_periods_with_something_published(client, followup):
    draft_period = FollowUpPeriodFactory()
    for url in ["/api/uppfoljningar/", "/api/uppfoljningsrapporter/"]:
        response = client.get(f"{url}?period={draft_period.pk}")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "period"]


def test_datasets_hold_the_same_rows_and_nothing_hidden(client, promises, followup):
    for slug in ["medborgarloften", "medborgarloften-uppfoljning", "uppfoljningar", "uppfoljningsrapporter"]:
        dataset = opendata.get(slug)
        rows = list(opendata.rows(dataset))
        assert rows == _items(client, dataset.api_path), slug
        assert rows
        assert not any(secret in str(rows) for secret in SECRETS), slug
        assert dataset.last_modified() is not None
        assert all(field.description for field in dataset.schema.model_fields.values()), slug


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/medborgarloften/", 5),  # Last-Modified (2 logs), count, page, areas
        ("/api/medborgarloften-uppfoljning/", 9),  # 5 logs, count, page, actors, measures
        ("/api/uppfoljningar/", 6),  # 4 logs, count, page
        ("/api/uppfoljningsrapporter/", 6),  # 3 logs, count, page, decisions
    ],
)
def test_list_query_counts_are_constant(client, django_assert_num_queries, count, url, queries):
    for _n in range(count):
        promise = CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=PUBLIC)
        promise.area_links.add(AreaFactory())
        line = PromiseLineFactory(promise=promise, party=PromiseParty.OTHER, actor=ActorFactory())
        line.measures.add(public_measure())
        period = period_with_measures(1)
        FollowUpFactory(
            period=period,
            measure=period.cycle.action_plans.get().measures.get(),
            status=FollowUpStatus.APPROVED,
            visibility=PUBLIC,
            public_summary="Klart.",
        )
        published_report(FollowUpReportFactory(period=period))
    pagecache.bump()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.json()["count"] == count
