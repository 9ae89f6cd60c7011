"""Where things happen: areas of the municipality (kommundelar and tätorter) and the named places in
them, both with optional coordinates."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.concurrency import VersionedModel

from ..validators import validate_no_personnummer


class CoordinateFields(models.Model):
    """Optional WGS 84 coordinates (decimal degrees); both or neither."""

    latitude = models.DecimalField(
        _("latitud"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimalgrader, t.ex. 56,52420."),
    )
    longitude = models.DecimalField(
        _("longitud"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimalgrader, t.ex. 14,97350."),
    )

    class Meta:
        abstract = True

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Ange både latitud och longitud, eller ingen av dem."))

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _both_or_neither(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True)
        | Q(latitude__isnull=False, longitude__isnull=False),
        name=f"{prefix}_coordinates_both_or_neither",
        violation_error_message=_("Ange både latitud och longitud, eller ingen av dem."),
    )


class AreaKind(models.TextChoices):
    DISTRICT = "kommundel", _("Kommundel")
    TOWN = "tatort", _("Tätort")


class Area(VersionedModel, CoordinateFields):
    """A kommundel or tätort; its centre point is optional."""

    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    kind = models.CharField(
        _("typ av område"), max_length=20, choices=AreaKind.choices, default=AreaKind.TOWN
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="area_unique_name"),
            _both_or_neither("area"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lagesbild:area-detail", args=[self.slug])


class PlaceKind(models.TextChoices):
    SQUARE = "torg", _("Torg")
    PARK = "park", _("Park")
    STREET = "gata", _("Gata")
    SCHOOL_YARD = "skolgard", _("Skolgård")
    CENTRE = "centrum", _("Centrum")
    STATION = "station", _("Station eller hållplats")
    OTHER = "annat", _("Annat")


class PlaceQuerySet(models.QuerySet):
    def public(self) -> "PlaceQuerySet":
        """Places are named public spaces: all of them may be listed; their history is filtered."""
        return self.all()

    def with_list_data(self) -> "PlaceQuerySet":
        return self.select_related("area").order_by("area__name", "name")


class Place(VersionedModel, CoordinateFields):
    """A named square, park, street or school yard. Its page collects what is known about it."""

    name = models.CharField(_("namn"), max_length=150)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=150, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("område"), on_delete=models.PROTECT, related_name="places")
    kind = models.CharField(
        _("typ av plats"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER
    )
    description = models.TextField(
        _("beskrivning"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Visas offentligt på platsens sida."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        ordering = ["area__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="place_unique_area_name"),
            _both_or_neither("place"),
        ]

    def __str__(self):
        return f"{self.name} ({self.area})"

    def get_absolute_url(self) -> str:
        return reverse("lagesbild:place-detail", args=[self.slug])
