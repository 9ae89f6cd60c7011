"""Statistics behind the kartläggning: indicators (Kolada, Brå, the police's trygghetsmätning, NTU, the
municipality's own), their values per area, year and gender, and the log of every import.

Values arrive only through lagesbild.importers (files, Kolada or manual entry), each import logged as an
ImportRun. Figures are aggregates, never about individuals; small counts for areas smaller than the
municipality are hidden on public pages.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.concurrency import VersionedModel

from .place import Area
from .report import SituationReport


class IndicatorSource(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    BRA = "bra", _("Brå")
    SURVEY = "trygghetsmatning", _("Polisens trygghetsmätning")
    NTU = "ntu", _("Nationella trygghetsundersökningen (NTU)")
    OWN = "egen", _("Kommunens egen")


# Sources whose values are entered by hand or from a survey CSV.
SURVEY_SOURCES = (IndicatorSource.SURVEY, IndicatorSource.NTU, IndicatorSource.OWN)


class BetterDirection(models.TextChoices):
    HIGHER = "hogre", _("Högre är bättre")
    LOWER = "lagre", _("Lägre är bättre")


class AreaLevel(models.TextChoices):
    COUNTRY = "riket", _("Riket")
    COUNTY = "lan", _("Län")
    MUNICIPALITY = "kommun", _("Kommun")
    LPO = "lpo", _("Lokalpolisområde")
    DISTRICT = "omrade", _("Område i kommunen")


# Levels smaller than the municipality: small counts are hidden on public pages.
SMALL_AREA_LEVELS = (AreaLevel.DISTRICT,)


class Gender(models.TextChoices):
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


def small_count_threshold() -> int:
    return int(getattr(settings, "TRYGG_SMALL_COUNT_THRESHOLD", 5))


class IndicatorQuerySet(models.QuerySet):
    def public(self) -> "IndicatorQuerySet":
        return self.filter(public=True)


class Indicator(VersionedModel):
    """A measured figure, e.g. Kolada's N07403 "Anmälda våldsbrott per 100 000 invånare"."""

    source = models.CharField(_("källa"), max_length=20, choices=IndicatorSource.choices)
    external_id = models.CharField(
        _("id hos källan"), max_length=50, blank=True, help_text=_("Till exempel N07403 i Kolada.")
    )
    name = models.CharField(_("namn"), max_length=200)
    unit = models.CharField(
        _("enhet"), max_length=50, blank=True, help_text=_("Till exempel per 100 000 invånare.")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    better = models.CharField(
        _("vilket håll är bättre"),
        max_length=10,
        choices=BetterDirection.choices,
        default=BetterDirection.LOWER,
    )
    attribution = models.CharField(
        _("källhänvisning"), max_length=200, help_text=_("Visas under varje diagram, t.ex. Källa: Kolada.")
    )
    refresh = models.BooleanField(
        _("uppdateras automatiskt"),
        default=False,
        help_text=_("Bara för Kolada: nya siffror hämtas varje natt (kommandot refresh_kolada)."),
    )
    public = models.BooleanField(_("visas för invånare"), default=False)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    reports = models.ManyToManyField(
        SituationReport,
        verbose_name=_("lägesbilder som bygger på indikatorn"),
        related_name="indicators",
        blank=True,
        help_text=_("Indikatorn ingår i lägesbildens kartläggning."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["reports"])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="indicator_unique_external_id",
                violation_error_message=_("Det finns redan en indikator med det id:t från den källan."),
            )
        ]

    def __str__(self):
        return self.name


class ImportStatus(models.TextChoices):
    RUNNING = "pagar", _("Pågår")
    PREVIEW = "forhandsvisning", _("Väntar på bekräftelse")
    OK = "ok", _("Klar")
    FAILED = "misslyckad", _("Misslyckad, inget ändrat")
    CANCELLED = "avbruten", _("Avbruten, inget ändrat")


class ImportRun(models.Model):
    """One import (file, Kolada fetch or manual entry): what it read, what it changed, what it refused."""

    source = models.CharField(_("källa"), max_length=20, choices=IndicatorSource.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    file_name = models.CharField(_("fil"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rader lästa"), default=0)
    rows_created = models.PositiveIntegerField(_("nya värden"), default=0)
    rows_updated = models.PositiveIntegerField(_("ändrade värden"), default=0)
    rows_rejected = models.PositiveIntegerField(_("felaktiga rader"), default=0)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    skipped = models.JSONField(_("överhoppade rader"), default=list, blank=True)
    rows_removed = models.PositiveIntegerField(_("borttagna värden"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("oförändrade värden"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    scheduled = models.BooleanField(_("automatisk uppdatering"), default=False)
    # Until the coordinator confirms a preview: what was uploaded or fetched, how to read it, and a
    # fingerprint of the changes shown, so that a confirmation applies exactly what was previewed.
    payload = models.BinaryField(_("innehåll att importera"), null=True, blank=True, editable=False)
    options = models.JSONField(_("inställningar"), default=dict, blank=True)
    fingerprint = models.CharField(_("kontrollsumma"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.get_source_display()} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def is_preview(self) -> bool:
        return self.status == ImportStatus.PREVIEW


class IndicatorValueQuerySet(models.QuerySet):
    def public(self) -> "IndicatorValueQuerySet":
        return self.filter(indicator__public=True)


class IndicatorValue(VersionedModel):
    """One figure: an indicator's value for an area, a year and a gender. The value may be missing."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    area_level = models.CharField(_("nivå"), max_length=10, choices=AreaLevel.choices)
    area_code = models.CharField(
        _("områdeskod"),
        max_length=110,
        help_text=_("Kommunkod, Koladas id för länet (t.ex. 0007), 0000 för riket, eller områdets kortnamn."),
    )
    area_name = models.CharField(_("område"), max_length=150)
    area = models.ForeignKey(
        Area,
        verbose_name=_("område i kommunen"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField(
        _("antal"),
        null=True,
        blank=True,
        help_text=_("Antal fall eller svarande bakom värdet, om det är känt."),
    )
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    # No per-row history: every change comes from a logged ImportRun, which is the history.

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "area_code", "year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "year", "gender"], name="indicatorvalue_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200), name="indicatorvalue_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.area_name} {self.year} {self.gender}"

    @property
    def is_suppressed(self) -> bool:
        """A small count for an area smaller than the municipality: shown as "färre än N" only."""
        return (
            self.area_level in SMALL_AREA_LEVELS
            and self.count is not None
            and self.count < small_count_threshold()
        )
