"""Knowledge about crime and perceived safety: areas and places, situation reports (lägesbilder),
problems with their cause analyses, and dialogues with their observations."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Decision
from trygg.concurrency import VersionedModel
from trygg.rules import has_any_role, is_board_reader, is_coordinator, is_partner_editor, signed_in_with
from trygg.visibility import Visibility, VisibilityModel

from .validators import clean_rich_text, validate_no_personnummer

NO_NAMES_HELP = _(
    "Skriv inte namn på enskilda personer eller personnummer, och inget sekretessbelagt polismaterial."
)


def _own_actor_id(user) -> int | None:
    from actors.rules import own_actor

    actor = own_actor(user)
    return actor.pk if actor else None


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


# --- Areas and places -----------------------------------------------------------------------------


class AreaKind(models.TextChoices):
    DISTRICT = "kommundel", _("Kommundel")
    TOWN = "tatort", _("Tätort")


class Area(CoordinateFields):
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
        from django.urls import reverse

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


class Place(CoordinateFields):
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
        from django.urls import reverse

        return reverse("lagesbild:place-detail", args=[self.slug])


# --- Situation reports ----------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    MUNICIPAL = "kommunens_egen", _("Kommunens egen lägesbild")
    POLICE = "polisens", _("Polisens lägesbild")
    JOINT = "gemensam", _("Gemensam lägesbild")
    STATUTORY = "lagstadgad", _("Lägesbild enligt 4 § (lagstadgad)")


class ReportStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    REVIEW = "beredning", _("Under beredning")
    ADOPTED = "faststalld", _("Fastställd")
    SUPERSEDED = "ersatt", _("Ersatt")


# The one table of allowed moves. Services consult it; tests enumerate it.
REPORT_MOVES: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.REVIEW},
    ReportStatus.REVIEW: {ReportStatus.DRAFT, ReportStatus.ADOPTED},
    ReportStatus.ADOPTED: {ReportStatus.SUPERSEDED},
    ReportStatus.SUPERSEDED: set(),
}
# What the button for each move says (a move to ersatt happens only through a new version).
REPORT_MOVE_LABELS = {
    ReportStatus.DRAFT: _("Skicka tillbaka till utkast"),
    ReportStatus.REVIEW: _("Skicka till beredning"),
    ReportStatus.ADOPTED: _("Fastställ lägesbilden"),
}
# Statuses whose content is fixed by a decision: changed only by writing a new version.
DECIDED_STATUSES = (ReportStatus.ADOPTED, ReportStatus.SUPERSEDED)


class SituationReportQuerySet(models.QuerySet):
    def public(self) -> "SituationReportQuerySet":
        """Public, decided reports. A superseded version stays readable; drafts never show."""
        return self.filter(
            visibility=Visibility.PUBLIC, status__in=DECIDED_STATUSES, decision__isnull=False
        ).exclude(public_summary="")

    def adopted(self) -> "SituationReportQuerySet":
        return self.filter(status=ReportStatus.ADOPTED)

    def with_list_data(self) -> "SituationReportQuerySet":
        return self.select_related("author", "decision__forum", "supersedes", "superseded_by")

    def newest_first(self) -> "SituationReportQuerySet":
        return self.order_by("-decision__decided_on", "-period_end", "-pk")

    def visible_to(self, user) -> "SituationReportQuerySet":
        """Kept in step with rules.can_view_report."""
        if signed_in_with(is_coordinator, user):
            return self.all()
        q = Q(pk__in=self.public().values("pk"))
        if signed_in_with(is_board_reader, user):
            q |= Q(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL])
        if signed_in_with(is_partner_editor, user):
            own = _own_actor_id(user)
            if own is not None:
                q |= Q(author_id=own)
        return self.filter(q)


class SituationReport(VisibilityModel, VersionedModel):
    """A lägesbild: the three sections of § 4, its sources and limits, and the decision adopting it."""

    kind = models.CharField(_("slag av lägesbild"), max_length=20, choices=ReportKind.choices)
    author = models.ForeignKey(
        Actor,
        verbose_name=_("ansvarig aktör"),
        on_delete=models.PROTECT,
        related_name="situation_reports",
        help_text=_("Den aktör som tar fram lägesbilden. Dess partnerredaktör får ändra den."),
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personnummer])
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    version_number = models.PositiveIntegerField(_("version"), default=1, editable=False)
    survey = models.TextField(
        _("1. Kartläggning av brottsligheten"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vilka brott som förekommer, hur omfattande de är och vilka konsekvenser de får."),
    )
    other_information = models.TextField(
        _("2. Annan relevant information"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("T.ex. trygghetsmätningar, dialoger och kunskap från skola och socialtjänst."),
    )
    analysis = models.TextField(
        _("3. Analys"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vad kartläggningen betyder: mönster, orsaker och vad som bör prioriteras."),
    )
    sources_used = models.TextField(
        _("källor som använts"), blank=True, validators=[validate_no_personnummer]
    )
    sources_left_out = models.TextField(
        _("källor som inte använts"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Och varför, t.ex. att uppgifterna är för få för att visas."),
    )
    knowledge_limits = models.TextField(
        _("kunskapens begränsningar"), blank=True, validators=[validate_no_personnummer]
    )
    public_summary = models.TextField(
        _("sammanfattning för invånare"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Visas på den offentliga sidan Lägesbild när lägesbilden är fastställd och offentlig."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut om fastställande"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_reports",
        help_text=_("Krävs för att lägesbilden ska kunna fastställas, t.ex. KS § 123."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("ersätter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="superseded_by",
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = SituationReportQuerySet.as_manager()

    RICH_TEXT_FIELDS = ("survey", "other_information", "analysis")

    class Meta:
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="situationreport_end_not_before_start",
                violation_error_message=_("Perioden kan inte sluta innan den börjar."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES) | Q(decision__isnull=False),
                name="situationreport_decided_has_decision",
                violation_error_message=_("En fastställd lägesbild måste ha ett beslut."),
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version_number})"

    def save(self, *args, **kwargs):
        for field in self.RICH_TEXT_FIELDS:
            setattr(self, field, clean_rich_text(getattr(self, field)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.RICH_TEXT_FIELDS):
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        return super().save(*args, **kwargs)

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan inte sluta innan den börjar.")})

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def allowed_moves(self) -> list[str]:
        return sorted(REPORT_MOVES[self.status])

    @property
    def adopted_on(self) -> datetime.date | None:
        return self.decision.decided_on if self.decision_id and self.is_decided else None


# --- Problems and cause analyses ------------------------------------------------------------------


class StaffVisibleQuerySet(models.QuerySet):
    """Public for everyone; internal for staff with a role; confidential for coordinators."""

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Kept in step with rules.can_view_staff_content."""
        if signed_in_with(is_coordinator, user):
            return self.all()
        if signed_in_with(has_any_role, user):
            return self.filter(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL])
        return self.public()


class ProblemQuerySet(StaffVisibleQuerySet):
    def focus_areas(self) -> "ProblemQuerySet":
        return self.filter(prioritised=True).order_by("priority", "title")

    def with_list_data(self) -> "ProblemQuerySet":
        return self.prefetch_related("areas", "places")


class Problem(VisibilityModel):
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


class CauseAnalysis(models.Model):
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


# --- Dialogues and observations -------------------------------------------------------------------


class DialogueKind(models.TextChoices):
    CITIZEN = "medborgardialog", _("Medborgardialog")
    STAFF = "medarbetardialog", _("Medarbetardialog")
    SAFETY_WALK = "trygghetsvandring", _("Trygghetsvandring")


class DialogueQuerySet(StaffVisibleQuerySet):
    def with_list_data(self) -> "DialogueQuerySet":
        return self.select_related("area", "organiser").prefetch_related(
            models.Prefetch("observations", queryset=Observation.objects.select_related("place"))
        )

    def newest_first(self) -> "DialogueQuerySet":
        return self.order_by("-held_on", "-pk")


class Dialogue(VisibilityModel):
    """A medborgardialog, medarbetardialog or trygghetsvandring. Participants are counted, never named."""

    kind = models.CharField(_("slag av dialog"), max_length=20, choices=DialogueKind.choices)
    held_on = models.DateField(_("datum"))
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.PROTECT, related_name="dialogues"
    )
    organiser = models.ForeignKey(
        Actor,
        verbose_name=_("arrangör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogues",
    )
    residents = models.PositiveIntegerField(_("antal invånare"), default=0)
    staff = models.PositiveIntegerField(_("antal medarbetare"), default=0)
    police = models.PositiveIntegerField(_("antal poliser"), default=0)
    politicians = models.PositiveIntegerField(_("antal politiker"), default=0)
    other = models.PositiveIntegerField(_("antal övriga"), default=0)
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vad som kom fram. Skriv inte namn på deltagare eller andra personer."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = DialogueQuerySet.as_manager()

    COUNT_FIELDS = ("residents", "staff", "police", "politicians", "other")
    GROUP_LABELS = {
        "residents": _("invånare"),
        "staff": _("medarbetare"),
        "police": _("poliser"),
        "politicians": _("politiker"),
        "other": _("övriga"),
    }

    class Meta:
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} i {self.area}, {self.held_on:%Y-%m-%d}"

    @property
    def participant_total(self) -> int:
        return sum(getattr(self, f) for f in self.COUNT_FIELDS)

    @property
    def participant_counts(self) -> list[tuple[str, int]]:
        """(label, count) for the groups that took part."""
        return [(self.GROUP_LABELS[f], getattr(self, f)) for f in self.COUNT_FIELDS if getattr(self, f)]


class ObservationCategory(models.TextChoices):
    LIGHTING = "belysning", _("Belysning")
    VEGETATION = "vegetation", _("Igenväxt vegetation")
    LITTERING = "nedskrapning", _("Nedskräpning")
    GATHERINGS = "samlingsplatser", _("Samlingsplatser")
    TRAFFIC = "trafik", _("Trafik")
    OTHER = "annat", _("Annat")


class ObservationQuerySet(models.QuerySet):
    def public(self) -> "ObservationQuerySet":
        """Observations of public dialogues."""
        return self.filter(dialogue__visibility=Visibility.PUBLIC)


class Observation(models.Model):
    """Something noticed at a place during a dialogue, with a proposal."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialog"), on_delete=models.CASCADE, related_name="observations"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("plats"), on_delete=models.PROTECT, related_name="observations"
    )
    category = models.CharField(_("kategori"), max_length=20, choices=ObservationCategory.choices)
    note = models.TextField(_("iakttagelse"), validators=[validate_no_personnummer], help_text=NO_NAMES_HELP)
    proposal = models.TextField(_("förslag"), blank=True, validators=[validate_no_personnummer])
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["dialogue", "pk"]

    def __str__(self):
        return f"{self.place.name}: {self.get_category_display()}"


# Statistics (indicators, their values and imports) live in their own module; imported here so that
# `from lagesbild.models import Indicator` works and Django registers them with the app.
from .models_statistics import (  # noqa: E402, F401
    SMALL_AREA_LEVELS,
    SURVEY_SOURCES,
    AreaLevel,
    BetterDirection,
    Gender,
    ImportRun,
    ImportStatus,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    small_count_threshold,
)
