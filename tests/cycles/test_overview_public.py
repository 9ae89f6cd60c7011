"""/oversikt/ ("Så går arbetet"): the right figures for a known set of measures, a row of each table
leading to the same measures on /atgarder/, nothing unpublished counted or named (internal, confidential
and draft-plan measures, unapproved or internal follow-ups, unpublished reports, internal focus areas,
actors that are not public), an empty state without a broken chart, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import Assessment, FollowUpStatus, MeasureStatus, PlanStatus
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    public_measure,
    published_report,
    running_plan,
)
from tests.lagesbild.factories import AreaFactory, ProblemFactory
from trygg import pagecache
from trygg.models import MunicipalitySettings
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

URL = "/oversikt/"
# The municipality's settings and the page's own eight: plans, status, areas, focus areas, measures
# without one, actors, the newest published report, its period's assessments.
QUERIES = 9
PUBLIC = Visibility.PUBLIC


def get(client, url=URL):
    pagecache.bump()
    return client.get(url)


def rows(response, key):
    """(label, count) of each row of a section, as the table shows them."""
    sections = {s.key: s for s in response.context["overview"].sections}
    if key == "uppfoljning":
        sections[key] = response.context["overview"].followup
    return [(row.label, row.count) for row in sections[key].rows]


def measure(plan, **kwargs):
    """A public measure of the plan (public_measure would make a running plan of its own on every call)."""
    kwargs.setdefault("status", MeasureStatus.ONGOING)
    return MeasureFactory(plan=plan, visibility=PUBLIC, **kwargs)


@pytest.fixture
def known():
    """Five public measures of a running plan: three ongoing, one done, one delayed; two areas and one
    measure without one; two public focus areas and two measures without one; two actors."""
    plan = running_plan(title="Åtgärdsplan 2025–2027")
    centre, ryd = AreaFactory(name="Centrum", slug="centrum"), AreaFactory(name="Ryd", slug="ryd")
    focus = ProblemFactory(title="Skadegörelse vid torget", prioritised=True, priority=1, visibility=PUBLIC)
    other = ProblemFactory(title="Oro på kvällarna", prioritised=True, priority=2, visibility=PUBLIC)
    town, club = ActorFactory(name="Kommunen"), ActorFactory(name="Idrottsklubben")
    measures = [
        measure(plan, lead_actor=town),
        measure(plan, lead_actor=town),
        measure(plan, lead_actor=club),
        measure(plan, status=MeasureStatus.DONE, lead_actor=town),
        measure(plan, status=MeasureStatus.DELAYED, lead_actor=club),
    ]
    measures[0].areas.set([centre, ryd])
    measures[1].areas.set([centre])
    measures[2].areas.set([centre])
    measures[3].areas.set([ryd])
    measures[0].problems.set([focus])
    measures[1].problems.set([focus, other])
    measures[2].problems.set([focus])
    return {"plan": plan, "measures": measures, "areas": (centre, ryd), "focus": (focus, other)}


def test_status_counts_in_status_order_with_summary(client, known):
    response = get(client)
    assert response.status_code == 200
    assert rows(response, "status") == [
        ("Planerad", 0),
        ("Pågår", 3),
        ("Genomförd", 1),
        ("Försenad", 1),
        ("Pausad", 0),
        ("Avbruten", 0),
    ]
    section = response.context["overview"].sections[0]
    assert section.summary == "3 av 5 åtgärder pågår, 1 är genomförd. 1 är försenad."
    assert [row.share for row in section.rows][:3] == ["0,0\u00a0%", "60,0\u00a0%", "20,0\u00a0%"]
    body = response.content.decode()
    assert "3 av 5 åtgärder pågår, 1 är genomförd. 1 är försenad." in body
    assert "5 åtgärder i Åtgärdsplan 2025–2027 (genomförs)" in body


def test_area_counts_with_whole_municipality_row(client, known):
    response = get(client)
    assert rows(response, "omrade") == [("Centrum", 3), ("Ryd", 2), ("Hela kommunen / inget område", 1)]
    assert response.context["overview"].sections[1].summary == "Flest åtgärder gäller Centrum: 3 av 5."


def test_focus_area_counts_in_priority_order_with_measures_without_one(client, known):
    response = get(client)
    assert rows(response, "fokus") == [
        ("Skadegörelse vid torget", 3),
        ("Oro på kvällarna", 1),
        ("Inget fokusområde", 2),
    ]


def test_lead_actor_counts_most_first(client, known):
    response = get(client)
    assert rows(response, "aktor") == [("Kommunen", 3), ("Idrottsklubben", 2)]
    assert response.context["overview"].sections[3].summary == (
        "2 aktörer leder åtgärder. Flest leder Kommunen: 3 av 5."
    )


def test_each_row_leads_to_the_same_measures_on_the_measure_list(client, known):
    overview = get(client).context["overview"]
    linked = [row for section in overview.sections for row in section.rows if row.url]
    assert len(linked) == 3 + 2 + 2 + 2  # statuses with measures, areas, focus areas, actors
    for row in linked:
        listed = client.get(row.url)
        assert listed.context["paginator"].count == row.count, row.url
    body = get(client).content.decode()
    assert 'href="/atgarder/?status=ongoing"' in body
    assert 'href="/atgarder/?omrade=centrum"' in body


def test_chart_beside_each_table_is_a_labelled_picture(client, known):
    body = get(client).content.decode()
    assert body.count('<svg class="trygg-barchart"') == 4
    assert 'aria-label="Diagram: Åtgärder efter status, antal. Siffrorna finns i tabellen."' in body
    assert body.count("<table") == 4
    assert "<script" not in body.split("<main")[1].split("</main>")[0]


def test_unpublished_measures_are_never_counted_or_named(client, known):
    secret_actor = ActorFactory(name="Hemliga aktören AB")
    secret_area = AreaFactory(name="Hemligdalen", slug="hemligdalen")
    secret_focus = ProblemFactory(title="Hemligt fokus", prioritised=True, priority=3, visibility=PUBLIC)
    draft_plan = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=PUBLIC, title="Utkastplanen")
    internal_plan = ActionPlanFactory(status=PlanStatus.IN_PROGRESS, visibility=Visibility.INTERNAL)
    hidden = [
        MeasureFactory(plan=known["plan"], visibility=Visibility.INTERNAL, lead_actor=secret_actor),
        MeasureFactory(plan=known["plan"], visibility=Visibility.CONFIDENTIAL, lead_actor=secret_actor),
        MeasureFactory(plan=draft_plan, visibility=PUBLIC, lead_actor=secret_actor),
        MeasureFactory(plan=internal_plan, visibility=PUBLIC, lead_actor=secret_actor),
    ]
    for measure in hidden:
        measure.areas.set([secret_area])
        measure.problems.set([secret_focus])
    response = get(client)
    assert response.context["overview"].total == 5
    assert rows(response, "omrade")[-1] == ("Hela kommunen / inget område", 1)
    body = response.content.decode()
    for secret in ("Hemliga aktören AB", "Hemligdalen", "Hemligt fokus", "Utkastplanen"):
        assert secret not in body
    for measure in hidden:
        assert measure.title not in body


def test_internal_focus_area_is_not_named(client, known):
    internal = ProblemFactory(title="Internt fokusområde", prioritised=True, priority=1)
    known["measures"][4].problems.set([internal])
    response = get(client)
    assert rows(response, "fokus")[-1] == ("Inget fokusområde", 2)
    assert "Internt fokusområde" not in response.content.decode()


def test_actor_that_is_not_public_is_counted_but_never_named(client, known):
    gone = ActorFactory(name="Nedlagda föreningen", active=False)
    measure(known["plan"], lead_actor=gone)
    response = get(client)
    assert rows(response, "aktor") == [
        ("Kommunen", 3),
        ("Idrottsklubben", 2),
        ("Aktörer som inte längre deltar", 1),
    ]
    body = response.content.decode()
    assert "Nedlagda föreningen" not in body
    assert f"aktor={gone.pk}" not in body


def test_measure_carried_over_is_counted_once_and_a_draft_copy_does_not_hide_it(client, known):
    later = running_plan(title="Nästa plan")
    old = known["measures"][0]
    MeasureFactory(plan=later, continued_from=old, visibility=PUBLIC, status=MeasureStatus.ONGOING)
    draft = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=PUBLIC)
    MeasureFactory(plan=draft, continued_from=known["measures"][1], visibility=PUBLIC)
    overview = get(client).context["overview"]
    assert overview.total == 5  # the first moved on to "Nästa plan", the second's copy is a draft
    assert {plan.title for plan in overview.plans} == {"Åtgärdsplan 2025–2027", "Nästa plan"}


def test_running_plans_are_counted_before_one_that_is_followed_up(client, known):
    finished = ActionPlanFactory(status=PlanStatus.FOLLOWED_UP, visibility=PUBLIC, title="Förra planen")
    measure(finished, title="Gammal åtgärd")
    response = get(client)
    overview = response.context["overview"]
    assert overview.total == 5
    assert overview.other_plans is True
    assert "Listan över alla åtgärder visar också åtgärder från tidigare planer." in response.content.decode()


def test_only_a_followed_up_plan_is_counted_when_none_runs(client):
    finished = ActionPlanFactory(status=PlanStatus.FOLLOWED_UP, visibility=PUBLIC, title="Förra planen")
    measure(finished, status=MeasureStatus.DONE)
    overview = get(client).context["overview"]
    assert overview.total == 1
    assert overview.other_plans is False


# --- The latest follow-up ---------------------------------------------------------------------------


def approved(period, assessment, **kwargs):
    """A follow-up residents may read (unless kwargs say otherwise)."""
    if "measure" not in kwargs:
        kwargs["measure"] = public_measure(plan__cycle=period.cycle)
    kwargs.setdefault("status", FollowUpStatus.APPROVED)
    kwargs.setdefault("visibility", PUBLIC)
    return FollowUpFactory(period=period, assessment=assessment, public_summary="Det gick bra.", **kwargs)


@pytest.fixture
def followed_up():
    """A period with a published report: two green, one yellow, one without assessment, published; and
    what must not count: an internal, a handed-in and a draft follow-up, and one of an internal measure."""
    period = FollowUpPeriodFactory(name="Uppföljning 2025")
    approved(period, Assessment.GREEN)
    approved(period, Assessment.GREEN)
    approved(period, Assessment.YELLOW)
    approved(period, "")
    approved(period, Assessment.RED, visibility=Visibility.INTERNAL)
    approved(period, Assessment.RED, status=FollowUpStatus.SUBMITTED)
    approved(period, Assessment.RED, status=FollowUpStatus.DRAFT)
    approved(period, Assessment.RED, measure=MeasureFactory(plan=running_plan()))
    report = published_report(FollowUpReportFactory(period=period, title="Rapporten om 2025"))
    return period, report


def test_latest_followup_counts_only_published_assessments(client, followed_up):
    period, report = followed_up
    response = get(client)
    assert rows(response, "uppfoljning") == [
        ("Grönt: enligt plan", 2),
        ("Gult: delvis enligt plan", 1),
        ("Rött: inte enligt plan", 0),
        ("Inte bedömd", 1),
    ]
    section = response.context["overview"].followup
    assert section.period == period
    assert section.report == report
    assert section.summary == (
        "2 av 4 uppföljda åtgärder bedömdes som gröna (enligt plan), 1 som gula (delvis enligt plan) "
        "och 0 som röda (inte enligt plan). 1 är inte bedömd."
    )
    body = response.content.decode()
    assert "Grönt: enligt plan" in body  # the colour is never alone: the words are beside it
    assert "Det här är uppföljningen ”Uppföljning 2025”" in body
    assert f'href="/uppfoljning/{report.pk}/"' in body


def test_unpublished_report_is_never_named_and_its_period_not_used(client, followed_up):
    newer = FollowUpPeriodFactory(name="Uppföljning 2026", starts_on="2026-01-01", ends_on="2026-06-30")
    FollowUpReportFactory(period=newer, title="Hemlig rapport 2026")
    response = get(client)
    assert response.context["overview"].followup.period == followed_up[0]
    assert "Hemlig rapport 2026" not in response.content.decode()
    assert "Uppföljning 2026" not in response.content.decode()


def test_without_a_published_report_the_newest_period_with_published_followups_is_shown(client):
    older = FollowUpPeriodFactory(name="Uppföljning 2025")
    approved(older, Assessment.RED)
    newer = FollowUpPeriodFactory(name="Uppföljning 2026", starts_on="2026-01-01", ends_on="2026-06-30")
    approved(newer, Assessment.GREEN)
    approved(newer, Assessment.RED, status=FollowUpStatus.SUBMITTED)
    FollowUpReportFactory(period=newer, title="Utkastrapporten")
    response = get(client)
    section = response.context["overview"].followup
    assert section.period == newer
    assert section.report is None
    assert rows(response, "uppfoljning") == [
        ("Grönt: enligt plan", 1),
        ("Gult: delvis enligt plan", 0),
        ("Rött: inte enligt plan", 0),
    ]
    assert "Utkastrapporten" not in response.content.decode()


def test_followup_that_is_not_approved_gives_no_followup_section(client, known):
    period = FollowUpPeriodFactory()
    approved(period, Assessment.GREEN, status=FollowUpStatus.SUBMITTED)
    response = get(client)
    assert response.context["overview"].followup is None
    assert "Ingen uppföljning är publicerad ännu." in response.content.decode()


# --- Empty, caching, links in, queries -------------------------------------------------------------


def test_empty_state_has_no_chart(client):
    draft = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=PUBLIC)
    MeasureFactory(plan=draft, visibility=PUBLIC)
    response = get(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Det finns inga publicerade åtgärder ännu." in body
    assert "Ingen uppföljning är publicerad ännu." in body
    assert '<svg class="trygg-barchart"' not in body
    assert "<table" not in body
    assert response.context["overview"].sections == []


def test_page_is_public_sets_no_cookie_and_is_served_from_the_cache(client, known):
    MunicipalitySettings.load()  # made on the first request otherwise, which is a change of its own
    first = get(client)
    second = client.get(URL)
    assert first.cookies == {}
    assert first["X-Trygg-Cache"] == "miss"
    assert second["X-Trygg-Cache"] == "hit"


def test_followup_page_links_to_the_overview(client):
    assert 'href="/oversikt/"' in get(client, "/uppfoljning/").content.decode()


def count_queries(client) -> int:
    pagecache.bump()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def many(n: int):
    """n public measures, each with its own area, focus area and actor, and a published follow-up."""
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    for i in range(n):
        each = measure(plan, lead_actor=ActorFactory())
        each.areas.set([AreaFactory()])
        each.problems.set([ProblemFactory(prioritised=True, priority=i + 1, visibility=PUBLIC)])
        approved(period, Assessment.GREEN, measure=each)
    published_report(FollowUpReportFactory(period=period))


@pytest.mark.parametrize("n", [1, 5])
def test_query_count_does_not_grow_with_the_measures(client, django_assert_num_queries, n):
    many(n)
    client.get(URL)
    pagecache.bump()
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.context["overview"].total == n


def test_query_count_is_the_same_for_1_and_5_measures(client):
    many(1)
    one = count_queries(client)
    many(4)
    assert count_queries(client) == one
