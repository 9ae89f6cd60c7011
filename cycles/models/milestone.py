"""Milestones (delmål och aktiviteter) inside a measure, and the links between measures."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from trygg.concurrency import VersionedModel
from trygg.validators import validate_not_in_future
from trygg.visibility import Visibility, VisibilityModel

from .measure import Measure


class MilestoneQuerySet(models.QuerySet):
    def public(self) -> "MilestoneQuerySet":
        """Public milestones of public measures (Measure.objects.public())."""
        return self.filter(visibility=Visibility.PUBLIC, measure__in=Measure.objects.public())

    def open(self) -> "MilestoneQuerySet":
        return self.filter(done_on__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> "MilestoneQuerySet":
        """Not done, and the due date has passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Milestone(VersionedModel, VisibilityModel):
    """A dated step of a measure: what is to be done by when and by whom, and when it was done."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("delmål eller aktivitet"), max_length=250)
    responsible = models.ForeignKey(
        Actor,
        verbose_name=_("ansvarig aktör"),
        on_delete=models.PROTECT,
        related_name="milestones",
        null=True,
        blank=True,
        help_text=_("Lämna tomt om det är åtgärdens ansvariga aktör."),
    )
    due_on = models.DateField(_("klart senast"), null=True, blank=True, help_text=_("ÅÅÅÅ-MM-DD"))
    done_on = models.DateField(
        _("klart"), null=True, blank=True, validators=[validate_not_in_future], help_text=_("ÅÅÅÅ-MM-DD")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = [F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def responsible_actor(self) -> Actor:
        return self.responsible or self.measure.lead_actor


class LinkKind(models.TextChoices):
    DEPENDS_ON = "depends_on", _("är beroende av")
    PART_OF = "part_of", _("är en del av")
    RELATED = "related", _("hör ihop med")


# How a link reads from the other measure's side.
LINK_INVERSE_LABELS = {
    LinkKind.DEPENDS_ON: _("behövs för"),
    LinkKind.PART_OF: _("omfattar"),
    LinkKind.RELATED: _("hör ihop med"),
}


class MeasureLink(VersionedModel):
    """ "Åtgärd A är beroende av / är en del av / hör ihop med åtgärd B", shown on both measures."""

    from_measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="links_out"
    )
    kind = models.CharField(_("samband"), max_length=20, choices=LinkKind.choices)
    to_measure = models.ForeignKey(
        Measure, verbose_name=_("annan åtgärd"), on_delete=models.CASCADE, related_name="links_in"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samband mellan åtgärder")
        verbose_name_plural = _("samband mellan åtgärder")
        constraints = [
            models.UniqueConstraint(fields=["from_measure", "to_measure"], name="measurelink_unique_pair"),
            models.CheckConstraint(condition=~Q(from_measure=F("to_measure")), name="measurelink_not_self"),
        ]

    def __str__(self):
        return f"{self.from_measure} {self.get_kind_display()} {self.to_measure}"

    def clean(self):
        if self.from_measure_id and self.from_measure_id == self.to_measure_id:
            raise ValidationError({"to_measure": _("En åtgärd kan inte ha ett samband med sig själv.")})
        if (
            self.from_measure_id
            and self.to_measure_id
            and MeasureLink.objects.filter(from_measure=self.to_measure_id, to_measure=self.from_measure_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "to_measure": _(
                        "Åtgärderna har redan ett samband. Ändra det i stället för att lägga till ett."
                    )
                }
            )
