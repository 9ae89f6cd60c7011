"""Visibility of anything a resident might see. A public page shows an object only when it is public
*and* published; each model defines that once, in its QuerySet's `public()`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import has_any_role, is_coordinator, signed_in_with


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")
    CONFIDENTIAL = "confidential", _("Konfidentiell")


class VisibilityModel(models.Model):
    """Abstract base for models with a visibility field."""

    visibility = models.CharField(
        _("synlighet"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_(
            "Offentligt visas för invånarna när det är publicerat. Internt ser bara inloggade. "
            "Sekretessbelagt polismaterial och uppgifter om enskilda personer ska inte lagras alls."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class StaffVisibleQuerySet(models.QuerySet):
    """Public for everyone; internal for staff with a role; confidential for coordinators.

    Used by lagesbild's problems and dialogues. Kept in step with the object rule
    `lagesbild.rules.can_view_staff_content`; tests/lagesbild check that the two agree."""

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        if signed_in_with(is_coordinator, user):
            return self.all()
        if signed_in_with(has_any_role, user):
            return self.filter(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL])
        return self.public()
