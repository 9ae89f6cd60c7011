"""The åtgärdsplan (§ 5) and its allowed status moves (`PLAN_MOVES`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Decision
from lagesbild.models import SituationReport
from trygg.concurrency import VersionedModel
from trygg.visibility import Visibility, VisibilityModel

from .cycle import Cycle

# --- Åtgärdsplan (§ 5), åtgärder och lägesrapporter -------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    CONSULTATION = "consultation", _("Remiss")
    DECIDED = "decided", _("Beslutad")
    IN_PROGRESS = "in_progress", _("Genomförs")
    FOLLOWED_UP = "followed_up", _("Uppföljd")
    SUPERSEDED = "superseded", _("Ersatt")


PLAN_MOVES: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.CONSULTATION},
    PlanStatus.CONSULTATION: {PlanStatus.DRAFT, PlanStatus.DECIDED},
    PlanStatus.DECIDED: {PlanStatus.IN_PROGRESS, PlanStatus.SUPERSEDED},
    PlanStatus.IN_PROGRESS: {PlanStatus.FOLLOWED_UP, PlanStatus.SUPERSEDED},
    PlanStatus.FOLLOWED_UP: {PlanStatus.SUPERSEDED},
    PlanStatus.SUPERSEDED: set(),
}
PLAN_PUBLIC_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS, PlanStatus.FOLLOWED_UP)
# Updates are written while the plan is carried out.
PLAN_RUNNING_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS)
# Measures of these plans are followed up (step 5).
PLAN_FOLLOWUP_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS, PlanStatus.FOLLOWED_UP)


class ActionPlanQuerySet(models.QuerySet):
    def public(self) -> "ActionPlanQuerySet":
        return self.filter(visibility=Visibility.PUBLIC, status__in=PLAN_PUBLIC_STATUSES)


class ActionPlan(VersionedModel, VisibilityModel):
    """An åtgärdsplan (§ 5): the measures that answer the lägesbild, adopted by a decision."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("samverkansperiod"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("rubrik"), max_length=250)
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    situation_report = models.ForeignKey(
        SituationReport,
        verbose_name=_("lägesbild som planen bygger på"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    goals = models.TextField(_("mål"), blank=True, help_text=_("Visas offentligt."))
    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="actionplan_end_after_start",
                violation_error_message=_("Planen måste gälla till ett datum efter startdatumet."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("Planen måste gälla till ett datum efter startdatumet.")})

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status in PLAN_PUBLIC_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status in PLAN_RUNNING_STATUSES
