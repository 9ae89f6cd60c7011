"""The five-step kretslopp and what it produces."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.Model):
    """One of the handbook's five steps (reference data from a migration, the same in every cycle)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(_("beskrivning"))
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="step_number_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"
