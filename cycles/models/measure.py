"""Measures (åtgärder) in a plan, their indicators and their dated lägesrapporter; the allowed status
moves of a measure (`MEASURE_MOVES`)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Contact, Decision
from lagesbild.models import (
    Area,
    CauseAnalysis,
    Indicator,
    IndicatorValue,
    Place,
    Problem,
    UnsafePlaceReport,
)
from trygg.concurrency import VersionedModel
from trygg.review import Review
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor, signed_in_with
from trygg.uploads import upload_to, validate_document
from trygg.validators import validate_not_in_future
from trygg.visibility import Visibility, VisibilityModel

from .plan import PLAN_PUBLIC_STATUSES, ActionPlan


class MeasureKind(models.TextChoices):
    SITUATIONAL = "situationell", _("Situationell")
    SOCIAL = "social", _("Social")


class MeasureLevel(models.TextChoices):
    UNIVERSAL = "universell", _("Universell")
    SELECTIVE = "selektiv", _("Selektiv")
    INDICATED = "indikerad", _("Indikerad")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    DELAYED = "delayed", _("Försenad")
    PAUSED = "paused", _("Pausad")
    CANCELLED = "cancelled", _("Avbruten")


# A measure may always keep its status (an update of the progress only); these are the other moves.
MEASURE_MOVES: dict[str, set[str]] = {
    MeasureStatus.PLANNED: {
        MeasureStatus.ONGOING,
        MeasureStatus.DELAYED,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.ONGOING: {
        MeasureStatus.DONE,
        MeasureStatus.DELAYED,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.DELAYED: {
        MeasureStatus.ONGOING,
        MeasureStatus.DONE,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.PAUSED: {MeasureStatus.ONGOING, MeasureStatus.CANCELLED},
    MeasureStatus.DONE: set(),
    MeasureStatus.CANCELLED: set(),
}
ACTIVE_MEASURE_STATUSES = (
    MeasureStatus.PLANNED,
    MeasureStatus.ONGOING,
    MeasureStatus.DELAYED,
    MeasureStatus.PAUSED,
)


def stale_days() -> int:
    return getattr(settings, "TRYGG_STALE_DAYS", 90)


class MeasureQuerySet(models.QuerySet):
    def public(self) -> "MeasureQuerySet":
        """Public measures of public plans that are decided, carried out or followed up."""
        return self.filter(
            visibility=Visibility.PUBLIC,
            plan__visibility=Visibility.PUBLIC,
            plan__status__in=PLAN_PUBLIC_STATUSES,
        )

    def with_list_data(self) -> "MeasureQuerySet":
        """For /atgarder/: contributors only while they take part (an inactive actor is not public)."""
        return self.select_related("plan", "lead_actor").prefetch_related(
            models.Prefetch("contributors", queryset=Actor.objects.public()), "areas"
        )

    def visible_to(self, user) -> "MeasureQuerySet":
        """Kept in step with rules (cycles.view_measure)."""
        if signed_in_with(is_coordinator, user) or signed_in_with(is_board_reader, user):
            return self.all()
        if signed_in_with(is_partner_editor, user):
            return self.filter(Q(pk__in=self.public().values("pk")) | Q(pk__in=self.own(user).values("pk")))
        return self.public()

    def own(self, user) -> "MeasureQuerySet":
        """Measures the user's actor leads or contributes to (through the user's linked contact)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(lead_actor__contacts__user=user) | Q(contributors__contacts__user=user)
        ).distinct()

    def current(self) -> "MeasureQuerySet":
        """Measures not carried over to a later plan: once a measure continues there (its
        `continued_as`), the later one carries the work, the reminders and the flags."""
        return self.filter(continued_as__isnull=True)

    def stale(self, days: int | None = None) -> "MeasureQuerySet":
        """Active measures, not carried over to a later plan, without an update for `days`
        (TRYGG_STALE_DAYS, default 90) days."""
        cutoff = timezone.localdate() - datetime.timedelta(days=stale_days() if days is None else days)
        return (
            self.current()
            .filter(status__in=ACTIVE_MEASURE_STATUSES)
            .filter(Q(last_update_on__lt=cutoff) | Q(last_update_on__isnull=True, created_on__lt=cutoff))
        )

    def without_cause(self) -> "MeasureQuerySet":
        return self.filter(cause_analyses__isnull=True)


class Measure(VersionedModel, VisibilityModel):
    """An åtgärd in the plan: why (problem and cause), who, where, when, and how far it has come."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("åtgärdsplan"), on_delete=models.PROTECT, related_name="measures"
    )
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=100,
        unique=True,
        help_text=_("Ändra inte efter publicering: adressen /atgarder/<kortnamn>/ ska vara stabil."),
    )
    title = models.CharField(_("rubrik (offentlig)"), max_length=250)
    public_text = models.TextField(
        _("beskrivning för invånare"), blank=True, help_text=_("Visas offentligt.")
    )
    internal_notes = models.TextField(
        _("interna anteckningar"), blank=True, help_text=_("Visas aldrig på den publika webbplatsen.")
    )
    problems = models.ManyToManyField(Problem, verbose_name=_("problem"), related_name="measures", blank=True)
    cause_analyses = models.ManyToManyField(
        CauseAnalysis,
        verbose_name=_("orsaksanalyser"),
        related_name="measures",
        blank=True,
        help_text=_("Minst en orsak krävs innan planen kan beslutas."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=MeasureKind.choices)
    level = models.CharField(_("nivå"), max_length=20, choices=MeasureLevel.choices)
    lead_actor = models.ForeignKey(
        Actor, verbose_name=_("ansvarig aktör"), on_delete=models.PROTECT, related_name="led_measures"
    )
    lead_contact = models.ForeignKey(
        Contact,
        verbose_name=_("ansvarig kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contributors = models.ManyToManyField(
        Actor, verbose_name=_("medverkande aktörer"), related_name="contributed_measures", blank=True
    )
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), related_name="measures", blank=True)
    places = models.ManyToManyField(Place, verbose_name=_("platser"), related_name="measures", blank=True)
    # Residents' reports of unsafe places the measure answers (linked by a coordinator from the report's case
    # page); only published ones are ever shown on the measure's page.
    unsafe_place_reports = models.ManyToManyField(
        UnsafePlaceReport, verbose_name=_("rapporter från invånare"), related_name="measures", blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("klart senast"), null=True, blank=True)
    budget = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=0, null=True, blank=True)
    funding = models.CharField(_("finansiering"), max_length=300, blank=True)
    goal = models.TextField(_("mål"), blank=True, help_text=_("Visas offentligt."))
    # What is measured from the statistics is in MeasureIndicator; this is for what is measured otherwise.
    indicator = models.TextField(
        _("annan uppföljning"),
        blank=True,
        help_text=_(
            "Det som inte finns som indikator i statistiken, t.ex. ”Antal trygghetsvandringar per år: 2”."
        ),
    )
    promise_lines = models.ManyToManyField(
        "PromiseLine", verbose_name=_("löften i medborgarlöften"), related_name="measures", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("hur långt (procent)"), default=0)
    updates_need_approval = models.BooleanField(
        _("partnerns lägesrapporter granskas"),
        default=True,
        help_text=_("En samordnare godkänner partnerns lägesrapporter innan de visas offentligt."),
    )
    last_update_on = models.DateField(_("senaste lägesrapport"), null=True, blank=True, editable=False)
    created_on = models.DateField(_("skapad"), default=timezone.localdate, editable=False)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut om att lägga till åtgärden"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "För en åtgärd som läggs till efter att planen beslutades: beslutet om det, om det finns. "
            "Annars visas åtgärden som tillagd efter beslutet."
        ),
    )
    continued_from = models.ForeignKey(
        "self",
        verbose_name=_("fortsätter från"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="continued_as",
        help_text=_("Samma åtgärd i föregående plan, när den fördes över till den här."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(
        m2m_fields=["problems", "cause_analyses", "contributors", "areas", "places", "promise_lines"]
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measure_progress_0_to_100",
                violation_error_message=_("Hur långt åtgärden har kommit anges i procent, 0–100."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="measure_end_not_before_start",
                violation_error_message=_("Slutdatumet kan inte vara före startdatumet."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:measure-detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatumet kan inte vara före startdatumet.")
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("Ange hur långt åtgärden har kommit som ett tal mellan 0 och 100.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.plan.is_public_now

    @property
    def added_after_plan_decision(self) -> bool:
        """The measure came into the plan after the plan's decision, so that decision did not decide it."""
        decision = self.plan.decision
        return decision is not None and self.created_on > decision.decided_on

    @property
    def last_activity(self) -> datetime.date:
        return self.last_update_on or self.created_on

    @property
    def is_stale(self) -> bool:
        cutoff = timezone.localdate() - datetime.timedelta(days=stale_days())
        return self.status in ACTIVE_MEASURE_STATUSES and self.last_activity < cutoff

    def state_on(self, day: datetime.date) -> tuple[str, int, datetime.date | None, bool]:
        """(status, progress, last update date, stale) as the measure stood on `day`, for a report dated
        in the past: its latest approved lägesrapport dated on or before `day`. Before its first one the
        measure was planned at 0 %; a measure that never had a lägesrapport keeps its own status. Reads
        `updates_by_then` when the caller prefetched the approved updates up to `day`."""
        updates = getattr(self, "updates_by_then", None)
        if updates is None:
            updates = list(self.updates.approved().filter(date__lte=day).order_by("-date", "-pk"))
        if updates:
            status, progress, last = updates[0].status, updates[0].progress, updates[0].date
        elif self.last_update_on is not None:
            status, progress, last = MeasureStatus.PLANNED, 0, None
        else:
            status, progress, last = self.status, self.progress, None
        cutoff = day - datetime.timedelta(days=stale_days())
        stale = status in ACTIVE_MEASURE_STATUSES and (last or self.created_on) < cutoff
        return status, progress, last, stale

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in ACTIVE_MEASURE_STATUSES
            and self.end_date is not None
            and self.end_date < timezone.localdate()
        )


class MeasureUpdateQuerySet(models.QuerySet):
    def approved(self) -> "MeasureUpdateQuerySet":
        return self.filter(approved_at__isnull=False)

    def pending(self) -> "MeasureUpdateQuerySet":
        """Waiting for a coordinator's review (not approved, sent back or rejected)."""
        return self.filter(review=Review.WAITING)

    def reviewed_with_reason(self) -> "MeasureUpdateQuerySet":
        """Sent back or rejected: the author sees why."""
        return self.filter(review__in=(Review.RETURNED, Review.REJECTED))

    def public(self) -> "MeasureUpdateQuerySet":
        """Approved updates of public measures (see MeasureQuerySet.public)."""
        return self.approved().filter(measure__in=Measure.objects.public())

    def newest_first(self) -> "MeasureUpdateQuerySet":
        return self.order_by("-date", "-pk")


class MeasureIndicator(VersionedModel):
    """An indicator from the statistics that shows whether a measure works, with baseline and target."""

    measure = models.ForeignKey(
        "Measure", verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="indicator_links"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="measure_links"
    )
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("utgångsvärdets år"), null=True, blank=True)
    target = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("målår"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator för åtgärd")
        verbose_name_plural = _("indikatorer för åtgärd")
        ordering = ["measure", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "indicator"], name="measureindicator_unique"),
            models.CheckConstraint(
                condition=models.Q(target_year__isnull=True)
                | models.Q(baseline_year__isnull=True)
                | models.Q(target_year__gte=models.F("baseline_year")),
                name="measureindicator_target_after_baseline",
                violation_error_message=_("Målåret kan inte ligga före utgångsvärdets år."),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.indicator}"


class MeasureUpdate(VersionedModel):
    """A dated lägesrapport on a measure: status, progress, what happened, and evidence."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("datum"), validators=[validate_not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(_("hur långt (procent)"))
    text = models.TextField(
        _("vad har hänt"),
        help_text=_("Visas offentligt när rapporten är godkänd. Skriv inga namn på enskilda personer."),
    )
    evidence_url = models.URLField(_("länk till underlag"), blank=True)
    evidence_document = models.FileField(
        _("dokument"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("PDF eller vanligt kontorsformat."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    needs_approval = models.BooleanField(_("behöver godkännas"), default=False)
    review = models.CharField(_("granskning"), max_length=20, choices=Review.choices, default=Review.WAITING)
    review_reason = models.TextField(_("motivering från samordnaren"), blank=True)
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = MeasureUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measureupdate_progress_0_to_100",
                violation_error_message=_("Hur långt åtgärden har kommit anges i procent, 0–100."),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.date:%Y-%m-%d}"

    def clean(self):
        if self.progress is not None and not 0 <= self.progress <= 100:
            raise ValidationError(
                {"progress": _("Ange hur långt åtgärden har kommit som ett tal mellan 0 och 100.")}
            )

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class MeasureTextChangeQuerySet(models.QuerySet):
    def pending(self) -> "MeasureTextChangeQuerySet":
        return self.filter(review=Review.WAITING)

    def reviewed_with_reason(self) -> "MeasureTextChangeQuerySet":
        return self.filter(review__in=(Review.RETURNED, Review.REJECTED))


class MeasureTextChange(VersionedModel):
    """A partner's new text for residents about a measure: shown only when a coordinator approves it."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="text_changes"
    )
    text = models.TextField(_("ny beskrivning för invånare"))
    previous_text = models.TextField(_("beskrivningen när ändringen skrevs"), blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now, editable=False)
    review = models.CharField(_("granskning"), max_length=20, choices=Review.choices, default=Review.WAITING)
    review_reason = models.TextField(_("motivering från samordnaren"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasureTextChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ändrad text för invånare")
        verbose_name_plural = _("ändrade texter för invånare")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.measure}: {self.created_at:%Y-%m-%d}"


def indicators_with_latest(links, *, area_code: str) -> list[dict]:
    """Each of a measure's indicator links (already loaded) with the latest total figure for the area
    (the municipality's kommunkod): one query for all of them, none without links."""
    if not links:
        return []
    latest = {}
    values = IndicatorValue.objects.filter(
        indicator__in=[link.indicator_id for link in links],
        area_code=area_code,
        gender="T",
        value__isnull=False,
    ).order_by("indicator_id", "-year")
    for value in values:
        latest.setdefault(value.indicator_id, value)
    return [{"link": link, "latest": latest.get(link.indicator_id)} for link in links]
