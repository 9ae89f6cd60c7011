"""The public measures pages and feeds: only public measures of public, decided plans; never internal
notes or unapproved lägesrapporter; filters in the URL; a fixed number of queries."""

import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from cycles.models import Measure, MeasureKind, MeasureStatus, MeasureUpdate, PlanStatus, PromiseStatus
from cycles.views.public.measure import area_measures, place_measures
from tests.actors.factories import ActorFactory, DecisionFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    PromiseLineFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import (
    AreaFactory,
    CauseAnalysisFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
    UnsafePlaceReportFactory,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


PUBLIC = Visibility.PUBLIC


SECRET_NOTE = "Hemlig intern anteckning om budgeten"


PENDING_TEXT = "Ogranskad rapport som inte får synas"


@pytest.fixture
def world():
    """One public measure with everything that must not leak, and measures that must not show."""
    area = AreaFactory(name="Ryd", slug="ryd")
    place = PlaceFactory(name="Ryds torg", slug="ryds-torg", area=area)
    plan = running_plan(situation_report=SituationReportFactory(public=True, title="Gemensam lägesbild"))
    problem = ProblemFactory(title="Otrygghet vid torget", visibility=PUBLIC, prioritised=True, priority=1)
    cause = CauseAnalysisFactory(problem=problem, place_guardians="Tomt torg kvällstid")
    internal_problem = ProblemFactory(title="Internt problem om gäng")
    shown = public_measure(
        plan=plan,
        slug="belysning",
        title="Bättre belysning vid torget",
        internal_notes=SECRET_NOTE,
        causes=[cause, CauseAnalysisFactory(problem=internal_problem)],
        lead_actor=ActorFactory(name="Tingsryds kommun"),
        contributors=[ActorFactory(name="Polisen LPO Nybro")],
        progress=60,
    )
    shown.places.set([place])
    shown.areas.set([area])
    MeasureUpdateFactory(measure=shown, text="Godkänd rapport om lamporna", progress=60)
    MeasureUpdateFactory(measure=shown, text=PENDING_TEXT, approved_at=None, needs_approval=True)
    internal = public_measure(
        plan=plan, slug="intern", title="Intern åtgärd om kameror", visibility="internal"
    )
    internal.places.set([place])
    internal.areas.set([area])
    MeasureUpdateFactory(measure=internal, text="Rapport om intern åtgärd")
    draft = public_measure(
        plan=ActionPlanFactory(status=PlanStatus.CONSULTATION, visibility=PUBLIC),
        slug="remiss",
        title="Åtgärd i en plan på remiss",
    )
    draft.places.set([place])
    draft.areas.set([area])
    MeasureUpdateFactory(measure=draft, text="Rapport om remissåtgärd")
    internal_plan = public_measure(
        plan=running_plan(visibility="internal"), slug="intern-plan", title="Åtgärd i intern plan"
    )
    MeasureUpdateFactory(measure=internal_plan, text="Rapport i intern plan")
    return {"area": area, "place": place, "shown": shown, "problem": problem}


HIDDEN = [
    SECRET_NOTE,
    PENDING_TEXT,
    "Intern åtgärd om kameror",
    "Rapport om intern åtgärd",
    "Åtgärd i en plan på remiss",
    "Rapport om remissåtgärd",
    "Åtgärd i intern plan",
    "Rapport i intern plan",
    "Internt problem om gäng",
]


def _measures(count):
    """`count` public measures with two contributors and an area each, created in bulk."""
    plan = running_plan()
    area = AreaFactory()
    helpers = [ActorFactory(), ActorFactory()]
    first = public_measure(plan=plan, contributors=helpers)
    first.areas.set([area])
    lead = first.lead_actor
    rest = Measure.objects.bulk_create(
        MeasureFactory.build(plan=plan, lead_actor=lead, visibility=PUBLIC, status=MeasureStatus.ONGOING)
        for _n in range(count - 1)
    )
    Measure.contributors.through.objects.bulk_create(
        Measure.contributors.through(measure_id=m.pk, actor_id=a.pk) for m in rest for a in helpers
    )
    Measure.areas.through.objects.bulk_create(
        Measure.areas.through(measure_id=m.pk, area_id=area.pk) for m in rest
    )


@pytest.mark.parametrize(
    "url",
    [
        "/atgarder/",
        "/atgarder/?omrade=ryd",
        "/atgarder/belysning/",
        "/atgarder/flode/",
        "/atgarder/belysning/flode/",
        "/atgarder/omrade/ryd/flode/",
        "/platser/ryds-torg/",
        "/medborgarloften/",
    ],
)
def test_nothing_internal_or_unapproved_leaks(client, world, url):
    html = client.get(url).content.decode()
    for text in HIDDEN:
        assert text not in html, (url, text)


def test_hidden_measures_have_no_page_or_feed(client, world):
    for slug in ("intern", "remiss", "intern-plan"):
        assert client.get(f"/atgarder/{slug}/").status_code == 404
        assert client.get(f"/atgarder/{slug}/flode/").status_code == 404


def test_measure_page_shows_the_chain_progress_actors_places_and_timeline(client, world):
    response = client.get("/atgarder/belysning/")
    html = response.content.decode()
    assert "Gemensam lägesbild" in html
    assert "Otrygghet vid torget" in html
    assert "orsaksanalys ur ett situationellt perspektiv" in html
    assert (
        "Tomt torg kvällstid" not in html
    )  # the analysis itself is staff material (lagesbild shows it only there)
    assert "60 % klart" in html and 'value="60"' in html
    assert "Tingsryds kommun" in html and "Polisen LPO Nybro" in html
    assert 'href="/platser/ryds-torg/"' in html
    assert "Godkänd rapport om lamporna" in html
    assert "Senast uppdaterad" in html
    assert html.count("<h1") == 1


def test_draft_lagesbild_is_not_named_on_the_measure_page(client):
    measure = public_measure(
        plan=running_plan(situation_report=SituationReportFactory(title="Utkast till bild"))
    )
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "Utkast till bild" not in html
    assert "Lägesbilden är inte publicerad." in html


def test_list_filters_are_in_the_url(client, world):
    other = public_measure(
        plan=world["shown"].plan,
        slug="fritid",
        title="Fritidsgård",
        kind=MeasureKind.SOCIAL,
        status=MeasureStatus.DONE,
    )
    assert other.title in client.get("/atgarder/").content.decode()
    by_area = client.get("/atgarder/?omrade=ryd").content.decode()
    assert "Bättre belysning vid torget" in by_area and "Fritidsgård" not in by_area
    by_kind = client.get("/atgarder/?typ=social").content.decode()
    assert "Fritidsgård" in by_kind and "Bättre belysning" not in by_kind
    by_status = client.get("/atgarder/?status=done").content.decode()
    assert "Fritidsgård" in by_status and "Bättre belysning" not in by_status
    by_focus = client.get(f"/atgarder/?fokus={world['problem'].pk}").content.decode()
    assert "Bättre belysning" in by_focus and "Fritidsgård" not in by_focus
    by_lead = client.get(f"/atgarder/?aktor={world['shown'].lead_actor_id}").content.decode()
    assert "Bättre belysning" in by_lead and "Fritidsgård" not in by_lead
    assert 'href="?omrade=ryd&amp;page=2"' not in by_area  # one page only
    bad = client.get("/atgarder/?status=nonsense")
    assert bad.status_code == 200 and "Välj ett giltigt alternativ" in bad.content.decode()


def test_list_is_paginated_and_keeps_filters(client):
    plan = running_plan()
    for n in range(25):
        public_measure(plan=plan, slug=f"a-{n:02}", kind=MeasureKind.SOCIAL)
    first = client.get("/atgarder/?typ=social")
    assert len(first.context["measures"]) == 20
    assert "typ=social&amp;page=2" in first.content.decode()
    assert len(client.get("/atgarder/?typ=social&page=2").context["measures"]) == 5


@pytest.mark.parametrize("count", [1, 10, 500])
def test_list_query_count_is_constant(client, django_assert_num_queries, count):
    _measures(count)
    client.get("/atgarder/")
    with django_assert_num_queries(9):
        response = client.get("/atgarder/?page=2" if count == 500 else "/atgarder/")
    assert len(response.context["measures"]) == min(count, 20)


@pytest.mark.parametrize("count", [1, 10])
def test_detail_and_feed_query_counts_are_constant(client, django_assert_num_queries, count):
    measure = public_measure(contributors=[ActorFactory() for _ in range(count)])
    for _n in range(count):
        MeasureUpdateFactory(measure=measure)
        measure.unsafe_place_reports.add(UnsafePlaceReportFactory(published=True))
    client.get(measure.get_absolute_url())
    # 8, the measure's public indicators, its published follow-ups, public milestones and links, the
    # published feedback from residents (cycles.views.public.feedback.measure_section) and the published
    # reports of unsafe places the measure answers
    with django_assert_num_queries(14):
        client.get(measure.get_absolute_url())
    with django_assert_num_queries(2):  # the updates, and the programme's name as the feed's author
        client.get("/atgarder/flode/")


def test_feed_is_atom_with_approved_updates(client, world):
    response = client.get("/atgarder/flode/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Godkänd rapport om lamporna" in body
    assert "/atgarder/belysning/#rapport-" in body
    area_feed = client.get("/atgarder/omrade/ryd/flode/").content.decode()
    assert "Godkänd rapport om lamporna" in area_feed


def test_place_and_area_sections_list_public_measures(client, world, rf):
    html = client.get("/platser/ryds-torg/").content.decode()
    assert "Åtgärder på platsen" in html and "Bättre belysning vid torget" in html
    ctx = area_measures(rf.get("/"), area=world["area"])
    assert [m.slug for m in ctx["measures"]] == ["belysning"]
    assert place_measures(rf.get("/"), place=PlaceFactory()) is None


def test_promise_lines_link_to_their_public_measures(client, world):
    line = PromiseLineFactory(
        promise=CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=PUBLIC),
        text="Vi lovar ljus.",
    )
    world["shown"].promise_lines.set([line])
    internal = MeasureFactory(title="Intern löftesåtgärd")
    internal.promise_lines.set([line])
    html = client.get("/medborgarloften/").content.decode()
    assert 'href="/atgarder/belysning/"' in html
    assert "Intern löftesåtgärd" not in html


def test_public_nav_has_atgarder(client):
    html = client.get("/").content.decode()
    assert 'href="/atgarder/"' in html


def test_last_updated_follows_the_latest_approval(client):
    measure = public_measure()
    update = MeasureUpdateFactory(measure=measure, approved_at=timezone.now() + timezone.timedelta(days=1))
    response = client.get(measure.get_absolute_url())
    assert response.context["last_updated"] == update.approved_at


def test_decision_only_named_when_public(client):
    plan = running_plan(decision=DecisionFactory(paragraph="KS § 999"))
    measure = public_measure(plan=plan)
    assert "KS § 999" not in client.get(measure.get_absolute_url()).content.decode()


def test_a_measure_added_after_the_plan_was_decided_is_not_shown_as_decided_by_it(client):
    decided_on = timezone.localdate() - datetime.timedelta(days=100)
    plan = running_plan(
        decision=DecisionFactory(paragraph="KS § 112", decided_on=decided_on, visibility=Visibility.PUBLIC)
    )
    original = public_measure(plan=plan, slug="fran-borjan")
    Measure.objects.filter(pk=original.pk).update(created_on=decided_on)
    added = public_measure(plan=plan, slug="tillagd")
    Measure.objects.filter(pk=added.pk).update(created_on=decided_on + datetime.timedelta(days=30))
    with_decision = public_measure(
        plan=plan,
        slug="tillagd-med-beslut",
        decision=DecisionFactory(paragraph="KS § 150", visibility=Visibility.PUBLIC),
    )
    internal_decision = public_measure(
        plan=plan, slug="tillagd-internt", decision=DecisionFactory(paragraph="KS § 151")
    )

    def page(measure):
        return client.get(measure.get_absolute_url()).content.decode()

    assert "beslutad KS § 112" in page(original)
    added_on = (decided_on + datetime.timedelta(days=30)).isoformat()
    assert f"Åtgärden lades till {added_on}, efter att planen beslutades." in page(added)
    assert "beslutad KS § 112" not in page(added)
    assert "efter att planen beslutades (beslut KS § 150)." in page(with_decision)
    assert "KS § 151" not in page(internal_decision)


def test_place_section_lists_at_most_ten_measures_and_links_to_all(client):
    area = AreaFactory(name="Konga", slug="konga")
    place = PlaceFactory(name="Konga torg", slug="konga-torg", area=area)
    plan = running_plan()
    for n in range(12):
        measure = public_measure(plan=plan, slug=f"m-{n:02d}", title=f"Åtgärd {n:02d}")
        measure.places.set([place])

    html = client.get("/platser/konga-torg/").content.decode()

    assert html.count('href="/atgarder/m-') == 10
    assert "Visar de 10 första." in html
    assert 'href="/atgarder/?omrade=konga"' in html


def test_measure_page_shows_public_indicators_with_baseline_target_and_latest(client):
    from cycles.models import MeasureIndicator
    from lagesbild.models import Indicator, IndicatorValue
    from trygg.models import MunicipalitySettings

    MunicipalitySettings.load()  # kommunkod 0763
    measure = public_measure(slug="kameror", title="Kameror vid torget")
    shown = Indicator.objects.create(
        source="kolada", external_id="N07403", name="Anmälda våldsbrott", public=True
    )
    hidden = Indicator.objects.create(source="egen", name="Intern räkning av klotter", public=False)
    IndicatorValue.objects.create(
        indicator=shown, area_code="0763", area_name="Tingsryd", year=2024, value=1130.9
    )
    IndicatorValue.objects.create(
        indicator=shown, area_code="0763", area_name="Tingsryd", year=2023, value=1231.9
    )
    MeasureIndicator.objects.create(
        measure=measure, indicator=shown, baseline=1232, baseline_year=2023, target=1100, target_year=2027
    )
    MeasureIndicator.objects.create(measure=measure, indicator=hidden, baseline=10)

    html = client.get("/atgarder/kameror/").content.decode()

    assert "Anmälda våldsbrott" in html
    assert "1\xa0232 (2023)" in html
    assert "1\xa0100 (2027)" in html
    assert "1\xa0130,9 (2024)" in html
    assert "Intern räkning av klotter" not in html


def test_target_year_before_baseline_year_is_refused():
    from django.core.exceptions import ValidationError

    from cycles.models import MeasureIndicator
    from lagesbild.models import Indicator

    link = MeasureIndicator(
        measure=public_measure(),
        indicator=Indicator.objects.create(source="egen", name="X", public=True),
        baseline_year=2025,
        target_year=2024,
    )
    with pytest.raises(ValidationError, match="Målåret kan inte ligga före"):
        link.full_clean()


@pytest.mark.parametrize(
    "url", ["/atgarder/flode/", "/atgarder/omrade/ryd/flode/", "/atgarder/belysning/flode/"]
)
def test_every_feed_and_entry_has_an_author_and_the_updates_own_date(client, world, url):

    ns = {"a": "http://www.w3.org/2005/Atom"}
    update = MeasureUpdate.objects.public().get(text__startswith="Godkänd rapport om lamporna")
    MeasureUpdate.objects.filter(pk=update.pk).update(date=datetime.date(2025, 3, 14))

    feed = ElementTree.fromstring(client.get(url).content)  # noqa: S314 - the site's own feed

    assert feed.find("a:author/a:name", ns).text  # RFC 4287 § 4.1.1
    entries = feed.findall("a:entry", ns)
    assert entries and all(e.find("a:author/a:name", ns) is not None for e in entries)
    entry = next(e for e in entries if "Godkänd rapport om lamporna" in (e.find("a:summary", ns).text or ""))
    assert entry.find("a:author/a:name", ns).text == update.measure.lead_actor.name
    assert entry.find("a:updated", ns).text.startswith("2025-03-14T12:00:00")


def test_each_cause_analysis_is_named_by_its_perspective_in_plain_swedish(client):
    from lagesbild.models import Perspective
    from tests.lagesbild.factories import CauseAnalysisFactory

    measure = public_measure()
    problem = measure.problems.first() or measure.cause_analyses.first().problem
    cause = CauseAnalysisFactory(problem=problem, perspective=Perspective.VICTIM)
    measure.cause_analyses.add(cause)
    problem.visibility = Visibility.PUBLIC
    problem.save()
    measure.problems.add(problem)

    html = client.get(measure.get_absolute_url()).content.decode()

    assert "orsaksanalys ur ett brottsofferperspektiv" in html
    assert "perspektiv perspektiv" not in html


def test_an_actor_that_no_longer_takes_part_is_not_named_on_public_measure_pages(client):
    """An inactive actor is not public (ActorQuerySet.public): its name stays off the list, the page,
    the filter's choices and the area's section, while the measure itself still shows."""
    gone = ActorFactory(name="Nedlagda föreningen Nattugglorna", active=False)
    other_gone = ActorFactory(name="Upphörda bolaget Gatljus AB", active=False)
    area = AreaFactory(name="Ryd", slug="ryd")
    measure = public_measure(title="Belysning vid badplatsen", lead_actor=gone)
    measure.contributors.add(other_gone, ActorFactory(name="Aktiva föreningen"))
    measure.areas.add(area)
    for url in ["/atgarder/", measure.get_absolute_url(), area.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Belysning vid badplatsen" in html, url
        assert "Nattugglorna" not in html, url
        assert "Gatljus" not in html, url
    assert "en aktör som inte längre deltar" in client.get(measure.get_absolute_url()).content.decode()
    assert "Aktiva föreningen" in client.get(measure.get_absolute_url()).content.decode()
