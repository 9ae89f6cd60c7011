"""Problems found in a lägesbild, prioritised ones as fokusområden, and their cause analyses (the problem
triangle from a situational, social or victim's perspective)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.concurrency import VersionedModel
from trygg.visibility import StaffVisibleQuerySet, VisibilityModel

from ..validators import NO_NAMES_HELP, validate_no_personnummer
from .place import Area, Place
from .report import SituationReport


class ProblemQuerySet(StaffVisibleQuerySet):
    def focus_areas(self) -> "ProblemQuerySet":
        return self.filter(prioritised=True).order_by("priority", "title")

    def with_list_data(self) -> "ProblemQuerySet":
        return self.prefetch_related("areas", "places")


class Problem(VersionedModel, VisibilityModel):
    """A problem found in a lägesbild; a fokusområde once it is prioritised."""

    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personnummer])
    description = models.TextField(
        _("beskrivning"), validators=[validate_no_personnummer], help_text=NO_NAMES_HELP
    )
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), related_name="problems", blank=True)
    places = models.ManyToManyField(Place, verbose_name=_("platser"), related_name="problems", blank=True)
    crime_types = models.CharField(
        _("brottstyper"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. skadegörelse, narkotikabrott, ofredande."),
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritet"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 är högst prioriterat."),
    )
    prioritised = models.BooleanField(
        _("fokusområde"), default=False, help_text=_("Problemet är prioriterat och blir ett fokusområde.")
    )
    reports = models.ManyToManyField(
        SituationReport, verbose_name=_("från lägesbilder"), related_name="problems", blank=True
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["areas", "places"])

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem")
        ordering = ["priority", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prioritised=False) | Q(priority__isnull=False),
                name="problem_prioritised_has_priority",
                violation_error_message=_("Ett fokusområde behöver en prioritet."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.prioritised and self.priority is None:
            raise ValidationError({"priority": _("Ange en prioritet (1 är högst) för ett fokusområde.")})


class Perspective(models.TextChoices):
    SITUATIONAL = "situationell", _("Situationellt")
    SOCIAL = "social", _("Socialt")
    VICTIM = "brottsoffer", _("Brottsofferperspektiv")


# How a text says which perspective an analysis is written from ("orsaksanalys ur ett …").
PERSPECTIVE_PHRASES = {
    Perspective.SITUATIONAL: _("ur ett situationellt perspektiv"),
    Perspective.SOCIAL: _("ur ett socialt perspektiv"),
    Perspective.VICTIM: _("ur ett brottsofferperspektiv"),
}


class CauseAnalysis(VersionedModel):
    """Orsaksanalys: the problem triangle, a perspective, risk and protective factors, evidence."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="cause_analyses"
    )
    perspective = models.CharField(_("perspektiv"), max_length=20, choices=Perspective.choices)
    offender_motivation = models.TextField(
        _("gärningsperson och motiv"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=NO_NAMES_HELP,
    )
    target_victim = models.TextField(
        _("mål eller brottsoffer"), blank=True, validators=[validate_no_personnummer], help_text=NO_NAMES_HELP
    )
    place_guardians = models.TextField(
        _("plats och brist på kapabla väktare"), blank=True, validators=[validate_no_personnummer]
    )
    risk_factors = models.TextField(_("riskfaktorer"), blank=True, validators=[validate_no_personnummer])
    protective_factors = models.TextField(
        _("skyddsfaktorer"), blank=True, validators=[validate_no_personnummer]
    )
    evidence = models.TextField(
        _("kunskapsunderlag"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vad analysen bygger på: statistik, dialoger, forskning."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orsaksanalys")
        verbose_name_plural = _("orsaksanalyser")
        ordering = ["problem", "perspective", "pk"]

    def __str__(self):
        return f"{self.problem}: {self.get_perspective_display()}"

    @property
    def perspective_phrase(self) -> str:
        return PERSPECTIVE_PHRASES[self.perspective]
