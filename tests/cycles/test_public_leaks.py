"""Every public page that renders a related object checks that object's own visibility.

One world of public objects, each linked to non-public objects that carry a recognisable secret word
(one relation per secret), and every public page, feed, embed, API list and open-data file that could
render them: no secret may appear anywhere. Areas and places have no visibility of their own (they are
named public spaces), so they are never secrets; what is linked to them is.
"""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cycles.models import FollowUpStatus, PromiseStatus
from cycles.report_output import report_context
from tests.actors.factories import ActorFactory, ContactFactory, DecisionFactory, ForumFactory, MeetingFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    CitizenPromiseFactory,
    CycleFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    MilestoneFactory,
    PromiseLineFactory,
    public_agreement,
    public_measure,
    published_report,
    running_plan,
    step,
)
from tests.lagesbild.factories import (
    AreaFactory,
    DialogueFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from trygg import opendata, pagecache
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

PUBLIC, INTERNAL, CONFIDENTIAL = Visibility.PUBLIC, Visibility.INTERNAL, Visibility.CONFIDENTIAL
DAY = datetime.date(2025, 3, 1)

# One secret word per relation: {word: what it stands for}. Single words, so that a search finds them.
SECRETS = {
    "Zorkplanbeslut": "an internal decision on a public plan",
    "Zorkatgardsbeslut": "an internal decision on a public measure",
    "Zorkavtalsbeslut": "an internal decision on a public agreement",
    "Zorkstyrgruppsbeslut": "an internal steering decision on a published follow-up report",
    "Zorkkommunstyrelsebeslut": "an internal KS decision on a published follow-up report",
    "Zorklagesbildsbeslut": "an internal decision on a public lägesbild",
    "Zorkevidensbeslut": "an internal decision as checklist evidence",
    "Zorkmoteforum": "an internal meeting's forum as checklist evidence",
    "Zorkmoteprotokoll": "an internal meeting's minutes as checklist evidence",
    "Zorklagesbild": "an internal lägesbild as checklist evidence and as the plan's lägesbild",
    "Zorkutkastavtal": "a draft agreement as checklist evidence",
    "Zorkinaktivansvarig": "a non-public (inactive) actor as a measure's lead actor",
    "Zorkinaktivmedverkande": "a non-public actor as a measure's contributor",
    "Zorkinaktivdelmalsansvarig": "a non-public actor responsible for a public milestone",
    "Zorkinaktivpart": "a non-public actor as an agreement's party",
    "Zorkinaktivloftesaktor": "a non-public actor in a public promise's line",
    "Zorkkontaktperson": "a contact person (never public) as a measure's lead contact",
    "Zorkproblem": "an internal problem linked to a public measure, agreement, area and place",
    "Zorksekretessproblem": "a confidential problem linked to a public measure and place",
    "Zorkdelmal": "an internal milestone of a public measure",
    "Zorkindikator": "an internal indicator of a public measure",
    "Zorkdialog": "an internal dialogue in an area with an observation at a place",
    "Zorkiakttagelse": "an internal dialogue's observation at a place",
    "Zorksekretessdialog": "a confidential dialogue at a place",
    "Zorkinternatgard": "an internal measure in a public plan, on a public area, place and promise line",
    "Zorkinternplan": "a public measure in an internal plan",
    "Zorklagesrapport": "a lägesrapport of a public measure waiting for approval",
    "Zorkuppfoljning": "an internal follow-up of a public measure",
    "Zorkutkastlofte": "a draft promise in a public area",
}


@pytest.fixture
def world(settings):
    """Public objects, each with non-public related objects carrying the secrets."""
    settings.TRYGG_PAGE_CACHE_SECONDS = 0
    pagecache.bump()
    today = timezone.localdate()
    area = AreaFactory(name="Ryd", slug="ryd")
    place = PlaceFactory(name="Ryds torg", slug="ryds-torg", area=area)

    def internal_decision(word, **kwargs):
        return DecisionFactory(
            visibility=INTERNAL,
            title=word,
            summary=word,
            paragraph=f"{word} § 1",
            diary_number=word,
            **kwargs,
        )

    # The cycle with checklist evidence that is not public.
    cycle = CycleFactory(current_step=step(3), is_current=True)
    hidden_report = SituationReportFactory(
        adopted=True, title="Zorklagesbild", public_summary="Zorklagesbild"
    )
    meeting = MeetingFactory(
        visibility=INTERNAL,
        forum=ForumFactory(name="Zorkmoteforum"),
        minutes="Zorkmoteprotokoll",
        agenda="Zorkmoteprotokoll",
    )
    draft_agreement = AgreementFactory(title="Zorkutkastavtal", visibility=PUBLIC)  # a draft
    ChecklistItemFactory(
        cycle=cycle,
        done_on=DAY,
        evidence_public=True,
        evidence_decision=internal_decision("Zorkevidensbeslut"),
        evidence_meeting=meeting,
        evidence_agreement=draft_agreement,
        evidence_report=hidden_report,
    )

    # A public plan and measure, with an internal decision, lägesbild, problems, actors, milestones,
    # indicators, a waiting lägesrapport and an internal follow-up.
    plan = running_plan(
        cycle=cycle, decision=internal_decision("Zorkplanbeslut"), situation_report=hidden_report
    )
    problem = ProblemFactory(visibility=INTERNAL, title="Zorkproblem", description="Zorkproblem")
    secret_problem = ProblemFactory(
        visibility=CONFIDENTIAL, title="Zorksekretessproblem", description="Zorksekretessproblem"
    )
    for p in (problem, secret_problem):
        p.areas.add(area)
        p.places.add(place)
    gone = ActorFactory(name="Zorkinaktivansvarig", active=False, contribution="Zorkinaktivansvarig")
    measure = public_measure(
        plan=plan,
        slug="belysning",
        title="Belysning vid torget",
        lead_actor=gone,
        lead_contact=ContactFactory(
            actor=gone, name="Zorkkontaktperson", email="zorkkontaktperson@example.org"
        ),
        decision=internal_decision("Zorkatgardsbeslut"),
        contributors=[ActorFactory(name="Zorkinaktivmedverkande", active=False)],
    )
    measure.problems.add(problem, secret_problem)
    measure.areas.add(area)
    measure.places.add(place)
    MilestoneFactory(measure=measure, title="Zorkdelmal", visibility=INTERNAL)
    MilestoneFactory(
        measure=measure,
        title="Offentligt delmål",
        responsible=ActorFactory(name="Zorkinaktivdelmalsansvarig", active=False),
    )
    MeasureUpdateFactory(measure=measure, text="Offentlig lägesrapport om lamporna.")
    MeasureUpdateFactory(measure=measure, text="Zorklagesrapport", needs_approval=True, approved_at=None)
    indicator = IndicatorFactory(public=False, name="Zorkindikator", attribution="Zorkindikator")
    IndicatorValueFactory(indicator=indicator, year=2024)
    measure.indicator_links.create(indicator=indicator, baseline=10, baseline_year=2022)

    # Measures that are not public themselves, linked to public places.
    internal = MeasureFactory(plan=plan, title="Zorkinternatgard", public_text="Zorkinternatgard")
    internal.areas.add(area)
    internal.places.add(place)
    hidden_plan_measure = public_measure(
        plan=running_plan(cycle=cycle, visibility=INTERNAL), title="Zorkinternplan"
    )
    hidden_plan_measure.areas.add(area)
    hidden_plan_measure.places.add(place)

    # A public promise with a line of an inactive actor; the internal measure answers the line.
    promise = CitizenPromiseFactory(
        year=today.year, status=PromiseStatus.PUBLISHED, visibility=PUBLIC, title="Trygg väg till skolan"
    )
    promise.area_links.add(area)
    line = PromiseLineFactory(
        promise=promise, party="other", actor=ActorFactory(name="Zorkinaktivloftesaktor", active=False)
    )
    internal.promise_lines.add(line)
    measure.promise_lines.add(line)
    CitizenPromiseFactory(year=today.year, title="Zorkutkastlofte").area_links.add(area)

    # A public agreement with an internal decision, an inactive party and an internal focus problem.
    agreement = public_agreement(
        title="Samverkan i Ryd",
        decision=internal_decision("Zorkavtalsbeslut"),
        signed_on=DAY,
        signatories="Stina Styrelse",
    )
    agreement.parties.set([ActorFactory(name="Zorkinaktivpart", active=False), ActorFactory(name="Polisen")])
    agreement.focus_problems.add(problem)

    # A public lägesbild with an internal decision.
    shown_report = SituationReportFactory(
        public=True, title="Lägesbild för invånare", decision=internal_decision("Zorklagesbildsbeslut")
    )

    # Dialogues at the place that are not public.
    dialogue = DialogueFactory(area=area, visibility=INTERNAL, summary="Zorkdialog")
    ObservationFactory(dialogue=dialogue, place=place, note="Zorkiakttagelse", proposal="Zorkiakttagelse")
    secret_dialogue = DialogueFactory(area=area, visibility=CONFIDENTIAL, summary="Zorksekretessdialog")
    ObservationFactory(dialogue=secret_dialogue, place=place, note="Zorksekretessdialog")

    # A published follow-up report with internal decisions, over a period with an internal follow-up.
    period = FollowUpPeriodFactory(cycle=cycle, starts_on=today.replace(month=1, day=1), ends_on=today)
    FollowUpFactory(
        period=period,
        measure=measure,
        status=FollowUpStatus.APPROVED,
        visibility=INTERNAL,
        done_text="Zorkuppfoljning",
        public_summary="Zorkuppfoljning",
        assessment_reason="Zorkuppfoljning",
    )
    report = published_report(FollowUpReportFactory(period=period, title="Uppföljning för invånare"))
    for decision, word in (
        (report.steering_decision, "Zorkstyrgruppsbeslut"),
        (report.board_decision, "Zorkkommunstyrelsebeslut"),
    ):
        decision.title = decision.summary = decision.diary_number = word
        decision.paragraph = f"{word} § 2"
        decision.save()
    pagecache.bump()
    return {"area": area, "place": place, "measure": measure, "report": report, "lagesbild": shown_report}


def public_urls(world) -> list[str]:
    area, place, measure, report = world["area"], world["place"], world["measure"], world["report"]
    urls = [
        "/",
        "/kretslopp/",
        "/atgarder/",
        f"/atgarder/?omrade={area.slug}",
        f"/atgarder/{measure.slug}/",
        "/atgarder/flode/",
        f"/atgarder/{measure.slug}/flode/",
        f"/atgarder/omrade/{area.slug}/flode/",
        "/omraden/",
        f"/omraden/{area.slug}/",
        "/platser/",
        f"/platser/{place.slug}/",
        "/medborgarloften/",
        "/samverkan/",
        "/samverkan/overenskommelser/",
        "/uppfoljning/",
        f"/uppfoljning/{report.pk}/",
        f"/uppfoljning/{report.pk}/atgarder.csv",
        "/lagkrav/",
        "/oversikt/",
        "/karta/",
        "/karta/data.geojson",
        "/lagesbild/",
        f"/lagesbild/{world['lagesbild'].pk}/",
        f"/atgarder/{measure.slug}/synpunkter/",
        "/inbaddning/lage/",
        f"/inbaddning/omraden/{area.slug}/",
        "/oppna-data/",
    ]
    for dataset in opendata.datasets():
        urls += [
            f"/api/{dataset.slug}/?page_size=100",
            f"/oppna-data/{dataset.slug}/",
            f"/oppna-data/{dataset.slug}.csv",
            f"/oppna-data/{dataset.slug}.json",
        ]
    return urls


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_public_page_shows_a_non_public_related_object(client, world):
    leaks = []
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        leaks += [(url, word, SECRETS[word]) for word in SECRETS if word.lower() in text.lower()]
    assert leaks == [], "\n".join(map(str, leaks))


def test_the_public_pages_show_the_public_objects(client, world):
    """The world is what it claims: its public objects are on the pages checked above."""
    assert "Belysning vid torget" in client.get("/atgarder/").content.decode()
    measure_page = client.get("/atgarder/belysning/").content.decode()
    assert "Offentligt delmål" in measure_page and "Offentlig lägesrapport om lamporna." in measure_page
    assert "Samverkan i Ryd" in client.get("/samverkan/overenskommelser/").content.decode()
    assert "Trygg väg till skolan" in client.get("/medborgarloften/").content.decode()
    assert "Uppföljning för invånare" in client.get(f"/uppfoljning/{world['report'].pk}/").content.decode()
    assert "Lägesbild för invånare" in client.get("/lagesbild/").content.decode()
    assert "Intern handling" in client.get("/kretslopp/").content.decode()
    # An actor that no longer takes part: named for staff, not for residents.
    public_report = client.get(f"/uppfoljning/{world['report'].pk}/").content.decode()
    assert "En aktör som inte längre deltar" in public_report
    internal = render_to_string("cycles/report/_body.html", report_context(world["report"], "internal"))
    assert "Zorkinaktivansvarig" in internal and "Zorkinaktivmedverkande" in internal
    assert "Zorkinaktivloftesaktor" in internal
    assert "Annan aktör" in client.get("/medborgarloften/").content.decode()
    assert "en aktör som inte längre deltar" in client.get("/samverkan/overenskommelser/").content.decode()


def test_search_finds_no_secret(client, world):
    found = {}
    for word in SECRETS:
        response = client.get("/sok/", {"q": word})
        assert response.status_code == 200
        if response.context["total"]:
            found[word] = SECRETS[word]
    assert found == {}
    assert client.get("/sok/", {"q": "Belysning"}).context["total"] == 1  # the search itself works
