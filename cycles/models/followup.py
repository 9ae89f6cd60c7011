"""Step 5, follow-up (§ 6): a round of follow-up (`FollowUpPeriod`), and per measure and period a
`FollowUp` written by the lead partner and approved by a coordinator: what was done, the effect on
the problem, whether each partner kept its commitments (`FollowUpCommitment`), lessons and a
traffic-light assessment with its reason. `FollowUpReminder` records the reminder e-mails sent."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from trygg.concurrency import VersionedModel
from trygg.visibility import Visibility, VisibilityModel

from .measure import Measure
from .plan import PLAN_FOLLOWUP_STATUSES

# --- Uppföljningsperiod ---------------------------------------------------------------------------


class FollowUpPeriodQuerySet(models.QuerySet):
    def open_on(self, day) -> "FollowUpPeriodQuerySet":
        return self.filter(closes_on__gte=day)

    def newest_open_first(self, today: datetime.date | None = None) -> "FollowUpPeriodQuerySet":
        """The open periods first (newest first), then the closed ones (newest first)."""
        today = today or timezone.localdate()
        is_open = ExpressionWrapper(Q(closes_on__gte=today), output_field=BooleanField())
        return self.annotate(is_open_now=is_open).order_by("-is_open_now", "-ends_on", "-pk")


class FollowUpPeriod(VersionedModel):
    """A round of follow-up: which dates it covers and the last day to hand in follow-ups."""

    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("samverkansperiod"),
        on_delete=models.PROTECT,
        related_name="followup_periods",
    )
    name = models.CharField(_("namn"), max_length=200, help_text=_("T.ex. Uppföljning 2025."))
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till"))
    closes_on = models.DateField(
        _("sista dag för uppföljningar"),
        help_text=_("De ansvariga får en påminnelse före detta datum om uppföljningen saknas."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("påminn antal dagar före"), default=14, help_text=_("0 betyder ingen påminnelse.")
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = FollowUpPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="followupperiod_end_after_start",
                violation_error_message=_("Perioden måste sluta efter att den börjar."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("Perioden måste sluta efter att den börjar.")})
        if self.ends_on and self.closes_on and self.closes_on <= self.ends_on:
            raise ValidationError(
                {
                    "closes_on": _(
                        "Sista dag för uppföljningar ska vara efter att perioden slutar (%(end)s): "
                        "uppföljningen skrivs när perioden är över."
                    )
                    % {"end": self.ends_on.isoformat()}
                }
            )

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the last day for follow-ups (0 on the day, negative after it)."""
        return (self.closes_on - (today or timezone.localdate())).days

    def with_follow_up(self, measures):
        """The measures with their follow-up for this period as annotations (`follow_up_pk`,
        `follow_up_status`, `follow_up_assessment`; None when there is none yet), so that a list can
        filter and show them in one query."""
        follow_up = FollowUp.objects.filter(period=self, measure=OuterRef("pk"))
        return measures.annotate(
            follow_up_pk=Subquery(follow_up.values("pk")[:1]),
            follow_up_status=Subquery(follow_up.values("status")[:1]),
            follow_up_assessment=Subquery(follow_up.values("assessment")[:1]),
        )

    def lacking_follow_up(self, measures):
        """The measures without a handed-in (submitted or approved) follow-up for this period."""
        handed_in = FollowUp.objects.handed_in().filter(period=self, measure=OuterRef("pk"))
        return measures.filter(~Q(Exists(handed_in)))

    def measures(self):
        """The measures this round follows up: those of the cycle's decided plans that ran during it
        (started by its end, if a start is set, and not ended before it began)."""
        return Measure.objects.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=self.ends_on),
            Q(end_date__isnull=True) | Q(end_date__gte=self.starts_on),
            plan__cycle_id=self.cycle_id,
            plan__status__in=PLAN_FOLLOWUP_STATUSES,
        )


# --- Uppföljning per åtgärd -----------------------------------------------------------------------


class Assessment(models.TextChoices):
    GREEN = "green", _("Grönt: enligt plan")
    YELLOW = "yellow", _("Gult: delvis enligt plan")
    RED = "red", _("Rött: inte enligt plan")


class FollowUpStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inlämnad")
    APPROVED = "approved", _("Godkänd")


FOLLOWUP_MOVES: dict[str, set[str]] = {
    FollowUpStatus.DRAFT: {FollowUpStatus.SUBMITTED},
    # The coordinator approves, or sends it back to be completed.
    FollowUpStatus.SUBMITTED: {FollowUpStatus.APPROVED, FollowUpStatus.DRAFT},
    # An approved follow-up can be reopened to correct it; it then needs approval again.
    FollowUpStatus.APPROVED: {FollowUpStatus.DRAFT},
}


class FollowUpQuerySet(models.QuerySet):
    def public(self) -> "FollowUpQuerySet":
        """Published follow-ups: approved, public, with a public summary, of a public measure."""
        return self.filter(
            status=FollowUpStatus.APPROVED,
            visibility=Visibility.PUBLIC,
            measure__in=Measure.objects.public(),
        ).exclude(public_summary="")

    def handed_in(self) -> "FollowUpQuerySet":
        return self.filter(status__in=(FollowUpStatus.SUBMITTED, FollowUpStatus.APPROVED))


class FollowUp(VersionedModel, VisibilityModel):
    """The follow-up of one measure for one period (step 5)."""

    # What the lead partner writes (the form's fields, and what a first save copies).
    WRITTEN_FIELDS = (
        "done_text",
        "effect_text",
        "lessons",
        "assessment",
        "assessment_reason",
        "public_summary",
        "visibility",
    )

    period = models.ForeignKey(
        FollowUpPeriod,
        verbose_name=_("uppföljningsperiod"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    measure = models.ForeignKey(
        "cycles.Measure", verbose_name=_("åtgärd"), on_delete=models.PROTECT, related_name="followups"
    )
    done_text = models.TextField(_("vad har gjorts"), blank=True)
    effect_text = models.TextField(
        _("effekt på problemet"),
        blank=True,
        help_text=_("Vad visar indikatorerna och era iakttagelser? Jämför med utgångsvärde och mål."),
    )
    lessons = models.TextField(_("lärdomar"), blank=True)
    assessment = models.CharField(_("bedömning"), max_length=10, choices=Assessment.choices, blank=True)
    assessment_reason = models.TextField(_("motivering av bedömningen"), blank=True)
    public_summary = models.TextField(
        _("sammanfattning för invånare"),
        blank=True,
        help_text=_("Visas offentligt när uppföljningen är godkänd, offentlig och åtgärden är offentlig."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["-period__ends_on", "measure__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "measure"],
                name="followup_one_per_measure_and_period",
                violation_error_message=_("Åtgärden har redan en uppföljning för den här perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.measure} – {self.period}"

    def clean(self):
        errors = {}
        if self.assessment and not self.assessment_reason.strip():
            errors["assessment_reason"] = _("Motivera bedömningen.")
        if self.visibility == Visibility.PUBLIC and not self.public_summary.strip():
            errors["public_summary"] = _(
                "Skriv en sammanfattning för invånare innan uppföljningen görs offentlig."
            )
        if errors:
            raise ValidationError(errors)

    def missing_for_submission(self) -> list[str]:
        """What must be filled in before the follow-up can be handed in, as field labels."""
        required = ("done_text", "effect_text", "assessment", "assessment_reason")
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in required
            if not getattr(self, name).strip()
        ]

    @property
    def is_handed_in(self) -> bool:
        return self.status in (FollowUpStatus.SUBMITTED, FollowUpStatus.APPROVED)


class CommitmentKept(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nej")
    NOT_ASSESSED = "not_assessed", _("Inte bedömt")


class FollowUpCommitment(VersionedModel):
    """Whether one partner (the lead actor or a contributor) kept its commitments in the measure."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("uppföljning"), on_delete=models.CASCADE, related_name="commitments"
    )
    actor = models.ForeignKey(Actor, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    kept = models.CharField(
        _("har parten gjort det den åtog sig?"),
        max_length=20,
        choices=CommitmentKept.choices,
        default=CommitmentKept.NOT_ASSESSED,
    )
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partens åtagande")
        verbose_name_plural = _("parternas åtaganden")
        ordering = ["follow_up", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "actor"],
                name="followupcommitment_one_per_actor",
                violation_error_message=_("Parten är redan bedömd i den här uppföljningen."),
            ),
        ]

    def __str__(self):
        return f"{self.actor}: {self.get_kept_display()}"


class FollowUpReminder(models.Model):
    """A reminder e-mail sent about a missing follow-up; one per measure and period, never twice."""

    period = models.ForeignKey(
        FollowUpPeriod,
        verbose_name=_("uppföljningsperiod"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    measure = models.ForeignKey(
        "cycles.Measure",
        verbose_name=_("åtgärd"),
        on_delete=models.CASCADE,
        related_name="followup_reminders",
    )
    sent_to = models.EmailField(_("skickad till"))
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse om uppföljning")
        verbose_name_plural = _("påminnelser om uppföljning")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "measure"],
                name="followupreminder_once_per_measure_and_period",
                violation_error_message=_("En påminnelse är redan skickad för åtgärden den här perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.measure} → {self.sent_to}"
