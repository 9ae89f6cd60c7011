"""Factories for the cycles app: plain objects, drafts and internal by default, no demo data.

Steps are reference data from a migration; `step(n)` finds or creates one, so that the factories also
work in browser tests, where live_server empties the database between tests.

`running_plan()` and `public_measure()` give what the public pages show: a public plan being carried
out, and a public measure in it with a cause analysis. `period_with_measures(n)` gives a follow-up
period over a running public plan with n measures; `decision(kind)` a decision by a forum of that kind
(styrgrupp, KS, KF) dated after today's reports; `published_report()` a report that has gone all the
way through the services.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from actors.models import ForumKind
from cycles.models import (
    ActionPlan,
    Agreement,
    AgreementStatus,
    Assessment,
    ChecklistItem,
    CitizenPromise,
    CommitmentKept,
    Cycle,
    FeedbackStatus,
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReport,
    FollowUpStatus,
    LinkKind,
    Measure,
    MeasureFeedback,
    MeasureIndicator,
    MeasureKind,
    MeasureLevel,
    MeasureLink,
    MeasureStatus,
    MeasureUpdate,
    Milestone,
    PlanStatus,
    PromiseLine,
    PromiseParty,
    PromiseStatus,
    ReportStatus,
    Step,
    YearWheelItem,
    YearWheelRule,
)
from cycles.services import report as report_services
from lagesbild.models import ReportKind
from tests.actors.factories import ActorFactory, ContactFactory, DecisionFactory, ForumFactory
from tests.lagesbild.factories import (
    CauseAnalysisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    SituationReportFactory,
)
from trygg.review import Review
from trygg.visibility import Visibility

STEP_NAMES = {
    1: "Initiera och ingå samverkan",
    2: "Egna förberedelser",
    3: "Gemensamma förberedelser",
    4: "Genomförande",
    5: "Uppföljning och återkoppling",
}


def step(number: int) -> Step:
    found, _created = Step.objects.get_or_create(
        number=number, defaults={"name": STEP_NAMES[number], "description": f"Om steg {number}."}
    )
    return found


def all_steps() -> list[Step]:
    return [step(n) for n in range(1, 6)]


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    name = factory.Sequence(lambda n: f"Samverkansperiod {2023 + n}")
    start_date = datetime.date(2023, 7, 1)
    end_date = datetime.date(2027, 6, 30)
    current_step = factory.LazyFunction(lambda: step(1))
    is_current = True


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    cycle = factory.SubFactory(CycleFactory)
    step = factory.LazyAttribute(lambda i: i.cycle.current_step)
    text = factory.Sequence(lambda n: f"Punkt nummer {n} är klar")
    order = factory.Sequence(int)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Överenskommelse {n}")
    purposes = "Minska brottsligheten och öka tryggheten."
    areas = "Trygghet i centrum kvällstid."
    valid_from = datetime.date(2025, 5, 1)
    valid_to = datetime.date(2027, 6, 30)
    status = AgreementStatus.DRAFT
    visibility = Visibility.INTERNAL

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenPromise

    year = 2025
    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    areas = "Tingsryd"
    signatories = "Stina Styrelse\nLena Lokalpolis"
    signed_on = datetime.date(2025, 2, 20)
    status = PromiseStatus.DRAFT
    visibility = Visibility.INTERNAL


class PromiseLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseLine

    promise = factory.SubFactory(CitizenPromiseFactory)
    party = PromiseParty.POLICE
    text = factory.Sequence(lambda n: f"Polisen lovar sak nummer {n}.")
    order = factory.Sequence(int)
    follow_up = ""


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    cycle = factory.SubFactory(CycleFactory, is_current=False)
    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2027, 6, 30)
    goals = "Fler ska känna sig trygga."
    status = PlanStatus.DRAFT
    visibility = Visibility.INTERNAL


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    slug = factory.Sequence(lambda n: f"atgard-{n}")
    title = factory.Sequence(lambda n: f"Åtgärd nummer {n}")
    public_text = "Text för invånare."
    internal_notes = ""
    kind = MeasureKind.SITUATIONAL
    level = MeasureLevel.UNIVERSAL
    lead_actor = factory.SubFactory(ActorFactory)
    status = MeasureStatus.PLANNED
    visibility = Visibility.INTERNAL

    @factory.post_generation
    def causes(self, create, extracted, **kwargs):
        if create and extracted:
            self.cause_analyses.set(extracted)
            self.problems.set({c.problem for c in extracted})

    @factory.post_generation
    def contributors(self, create, extracted, **kwargs):
        if create and extracted:
            self.contributors.set(extracted)


class MeasureUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureUpdate

    measure = factory.SubFactory(MeasureFactory)
    date = factory.LazyFunction(timezone.localdate)
    status = MeasureStatus.ONGOING
    progress = 50
    text = factory.Sequence(lambda n: f"Lägesrapport nummer {n}.")
    needs_approval = False
    approved_at = factory.LazyFunction(timezone.now)
    review = factory.LazyAttribute(lambda o: Review.APPROVED if o.approved_at else Review.WAITING)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Delmål nummer {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    visibility = Visibility.PUBLIC


def running_plan(**kwargs) -> ActionPlan:
    kwargs.setdefault("status", PlanStatus.IN_PROGRESS)
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    return ActionPlanFactory(**kwargs)


def public_measure(**kwargs) -> Measure:
    kwargs.setdefault("plan", running_plan())
    kwargs.setdefault("causes", [CauseAnalysisFactory()])
    kwargs.setdefault("status", MeasureStatus.ONGOING)
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    return MeasureFactory(**kwargs)


def link_user_to_actor(user, actor=None):
    """Make the user a contact of the actor (a partner editor's scope); returns the actor."""
    actor = actor or ActorFactory()
    ContactFactory(actor=actor, user=user)
    return actor


class FollowUpPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpPeriod

    cycle = factory.LazyAttribute(lambda o: running_plan().cycle)
    name = factory.Sequence(lambda n: f"Uppföljning {2024 + n}")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 12, 31)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    remind_days_before = 14


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    period = factory.SubFactory(FollowUpPeriodFactory)
    measure = factory.LazyAttribute(lambda o: public_measure(plan__cycle=o.period.cycle))
    done_text = "Vi har satt upp belysning i parken."
    effect_text = "Färre anmälningar om skadegörelse."
    lessons = "Börja tidigare med upphandlingen."
    assessment = Assessment.GREEN
    assessment_reason = "Allt är gjort enligt planen."
    public_summary = ""
    status = FollowUpStatus.DRAFT
    visibility = Visibility.INTERNAL


class FollowUpReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReport

    period = factory.SubFactory(FollowUpPeriodFactory)
    report_version = 1
    title = factory.Sequence(lambda n: f"Uppföljningsrapport {n}")
    diary_number = factory.Sequence(lambda n: f"KS 2025/{500 + n}")
    introduction = "Så här har arbetet gått."
    conclusions = "Vi fortsätter med det som fungerar."
    status = ReportStatus.DRAFT


def period_with_measures(n: int = 1, **measure_kwargs) -> FollowUpPeriod:
    """A period over a running public plan with n public measures."""
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    for _i in range(n):
        public_measure(plan=plan, **measure_kwargs)
    return period


def decision(kind: str = ForumKind.STEERING_GROUP, *, days_after: int = 1, **kwargs):
    """A decision by a forum of `kind`, dated `days_after` days from today (never in the future)."""
    day = timezone.localdate() - datetime.timedelta(days=max(0, 5 - days_after))
    return DecisionFactory(forum=ForumFactory(kind=kind), decided_on=day, **kwargs)


def published_report(report: FollowUpReport | None = None, *, by=None) -> FollowUpReport:
    """Take a draft report through styrgrupp, KS and KF to published, with one decision per step."""
    report = report or FollowUpReportFactory()
    at = timezone.now() - datetime.timedelta(days=10)
    report_services.finalise_report(accept_missing=True, report=report, by=by, at=at)
    report_services.advance_report(
        report=report, to=ReportStatus.BOARD, by=by, decision=decision(days_after=1)
    )
    report_services.advance_report(
        report=report, to=ReportStatus.COUNCIL, by=by, decision=decision(ForumKind.KS, days_after=2)
    )
    report_services.advance_report(
        report=report, to=ReportStatus.PUBLISHED, by=by, decision=decision(ForumKind.KF, days_after=3)
    )
    return report


def finalise(report, days_ago=10):
    """Send to the styrgrupp as if it happened `days_ago` days ago (so that today's decisions fit)."""
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return report_services.finalise_report(accept_missing=True, report=report, by=None, at=at)


def stored_files(media) -> list:
    """The files stored under media (a MEDIA_ROOT), sorted; none before it exists."""
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def report_with_content(**report_kwargs) -> FollowUpReport:
    """A draft report with a public measure (public follow-up, a public and an internal indicator), a
    public measure with an internal follow-up, an internal measure, a public promise and an old lägesbild."""
    period = period_with_measures(1, title="Belysning i Folkets park")
    shown = period.measures().get()
    shown.contributors.set([MeasureFactory().lead_actor])
    delayed = public_measure(plan=shown.plan, title="Fritidsgård i Ryd", start_date=datetime.date(2025, 3, 1))
    hidden = MeasureFactory(plan=shown.plan, title="Intern kartläggning av Älmeboda")
    follow_up = FollowUpFactory(
        period=period,
        measure=shown,
        done_text="Vi har bytt 40 armaturer i Folkets park.",
        effect_text="Färre anmälda skadegörelsebrott än utgångsvärdet.",
        lessons="Beställ armaturerna före sommaren.",
        assessment=Assessment.GREEN,
        assessment_reason="Allt klart före årsskiftet.",
        public_summary="Lamporna i Folkets park lyser nu hela natten.",
        status=FollowUpStatus.APPROVED,
        visibility=Visibility.PUBLIC,
    )
    FollowUpCommitment.objects.create(
        follow_up=follow_up, actor=shown.lead_actor, kept=CommitmentKept.PARTLY, comment="Två lampor saknas."
    )
    FollowUpFactory(
        period=period,
        measure=delayed,
        assessment=Assessment.RED,
        assessment_reason="Entreprenören gick i konkurs.",
        status=FollowUpStatus.SUBMITTED,
    )
    FollowUpFactory(period=period, measure=hidden, done_text="Kartläggningen av Älmeboda är klar.")
    violence = IndicatorFactory(public=True, name="Anmälda våldsbrott per 100 000 invånare")
    for year, value in ((2022, "1300.0"), (2023, "1250.5"), (2024, "1180.5")):
        IndicatorValueFactory(indicator=violence, year=year, value=Decimal(value))
    internal = IndicatorFactory(public=False, name="Skadegörelse enligt intern logg")
    IndicatorValueFactory(indicator=internal, year=2024, value=Decimal("12"))
    MeasureIndicator.objects.create(
        measure=shown,
        indicator=violence,
        baseline=Decimal("1300"),
        baseline_year=2022,
        target=Decimal("1000"),
        target_year=2027,
    )
    MeasureIndicator.objects.create(
        measure=shown, indicator=internal, baseline=Decimal("20"), baseline_year=2022
    )
    promise = CitizenPromiseFactory(
        title="Trygg väg till skolan", status=PromiseStatus.FOLLOWED_UP, visibility=Visibility.PUBLIC
    )
    PromiseLineFactory(
        promise=promise,
        text="Polisen finns vid skolan varje måndag.",
        follow_up="Polisen var där 30 av 36 måndagar.",
        follow_up_on=datetime.date(2025, 12, 15),
    )
    CitizenPromiseFactory(title="Utkast till löfte om Ryd", year=2025)
    adopted = DecisionFactory(decided_on=timezone.localdate() - datetime.timedelta(days=800))
    SituationReportFactory(kind=ReportKind.STATUTORY, adopted=True, decision=adopted, title="Lägesbild 2023")
    report_kwargs.setdefault("diary_number", "KS 2025/123")
    return FollowUpReportFactory(period=period, title="Uppföljning 2025 för Tingsryd", **report_kwargs)


def public_agreement(**kwargs):
    """An agreement in force that residents may see."""
    return AgreementFactory(status=AgreementStatus.IN_FORCE, visibility=Visibility.PUBLIC, **kwargs)


# What the follow-up form posts when everything is filled in.
FILLED = {
    "done_text": "Tolv kvällspass i centrum under hösten.",
    "effect_text": "Färre anmälda skadegörelser än året innan.",
    "lessons": "Börja tidigare.",
    "assessment": "green",
    "assessment_reason": "Allt gjordes som planerat.",
    "public_summary": "",
    "visibility": "internal",
}


def follow_up_url(period, measure, move=""):
    """The follow-up page of a measure in a period, or one of its moves."""
    return f"/arbete/uppfoljning/{period.pk}/{measure.slug}/" + (f"{move}/" if move else "")


def follow_up_post_data(follow_up=None, rows=(), **changes):
    """What the follow-up form posts: FILLED, the version, changes, and one row per (actor, kept, comment)."""
    data = {**FILLED, "loaded_version": "" if follow_up is None else str(follow_up.version), **changes}
    data.update({"parter-TOTAL_FORMS": str(len(rows)), "parter-INITIAL_FORMS": str(len(rows))})
    for i, (actor, kept, comment) in enumerate(rows):
        data.update({f"parter-{i}-actor": actor.pk, f"parter-{i}-kept": kept, f"parter-{i}-comment": comment})
    return data


class MeasureFeedbackFactory(factory.django.DjangoModelFactory):
    """A resident's feedback on a public measure; `published=True` for one a coordinator published."""

    class Meta:
        model = MeasureFeedback

    class Params:
        published = factory.Trait(
            status=FeedbackStatus.PUBLISHED,
            public_text=factory.LazyAttribute(lambda o: f"Granskad: {o.text}"),
            moderated_at=factory.LazyFunction(timezone.now),
        )

    measure = factory.LazyFunction(public_measure)
    text = factory.Sequence(lambda n: f"Synpunkt nummer {n} på åtgärden.")
    email = ""
    status = FeedbackStatus.NEW


class YearWheelRuleFactory(factory.django.DjangoModelFactory):
    """A recurring task of the årshjul, every year on 26 March."""

    class Meta:
        model = YearWheelRule

    title = factory.Sequence(lambda n: f"Återkommande uppgift {n}")
    month = 3
    day = 26
    remind_days_before = 7


class YearWheelItemFactory(factory.django.DjangoModelFactory):
    """A one-off entry of the årshjul."""

    class Meta:
        model = YearWheelItem

    title = factory.Sequence(lambda n: f"Enstaka händelse {n}")
    on = datetime.date(2027, 2, 18)
    remind_days_before = 14


class MeasureLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureLink

    from_measure = factory.SubFactory(MeasureFactory)
    kind = LinkKind.DEPENDS_ON
    to_measure = factory.SubFactory(MeasureFactory)
