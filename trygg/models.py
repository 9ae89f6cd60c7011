"""Site-wide models: the municipality this site runs for, the programme's goals, reference data."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .concurrency import VersionedModel
from .validators import validate_not_in_future


class Municipality(models.Model):
    """One of Sweden's 290 municipalities (SCB's codes), loaded from trygg/data/kommuner.csv."""

    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("kommun"), max_length=100)
    county_code = models.CharField(_("länskod"), max_length=2)
    county_name = models.CharField(_("län"), max_length=100)

    class Meta:
        verbose_name = _("kommun (referensdata)")
        verbose_name_plural = _("kommuner (referensdata)")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{5,20}$", _("Ange ett telefonnummer med siffror, t.ex. 0477-441 00.")
)


class MunicipalitySettings(VersionedModel):
    """The municipality's identity on the site: one row, edited by an administrator."""

    # Nullable so that the row can be created before reference data is loaded (and in tests that
    # flush the database); the admin form requires it.
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, null=True, blank=False
    )
    name = models.CharField(_("kommunens namn"), max_length=100, default="Tingsryds kommun")
    programme_name = models.CharField(
        _("programmets namn"), max_length=150, default="Trygg i Tingsryds kommun"
    )
    responsible_unit = models.CharField(
        _("ansvarig enhet"),
        max_length=150,
        default="Kommunledningsförvaltningen",
        help_text=_("Den förvaltning eller enhet som leder arbetet."),
    )
    page_owner = models.CharField(
        _("sidansvarig"), max_length=150, default="Kansliavdelningen", help_text=_("Visas i sidfoten.")
    )
    contact_name = models.CharField(
        _("kontaktperson"),
        max_length=150,
        blank=True,
        help_text=_("Samordnarens officiella kontakt. Visas offentligt."),
    )
    contact_title = models.CharField(_("kontaktpersonens titel"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True, validators=[phone_validator])
    website = models.URLField(_("kommunens webbplats"), blank=True)
    purpose = models.TextField(
        _("syfte"),
        blank=True,
        help_text=_("Varför programmet finns, i klarspråk. Visas på startsidan. Tom rad ger nytt stycke."),
    )
    programme_plan = models.FileField(
        _("projekt- eller programplan"), upload_to="plan/", blank=True, help_text=_("PDF för nedladdning.")
    )
    accessibility_reviewed = models.DateField(
        _("tillgänglighetsredogörelsen granskad"),
        null=True,
        blank=True,
        validators=[validate_not_in_future],
        help_text=_("Den dag redogörelsen senast gicks igenom. Visas på sidan Tillgänglighet."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunens inställningar")
        verbose_name_plural = _("kommunens inställningar")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="municipalitysettings_single_row")
        ]

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "MunicipalitySettings":
        """The one row; created with its defaults the first time it is asked for."""
        obj = cls.objects.select_related("municipality").filter(pk=1).first()
        if obj is None:
            code = settings.TRYGG_MUNICIPALITY_CODE
            obj, _created = cls.objects.get_or_create(
                pk=1, defaults={"municipality": Municipality.objects.filter(code=code).first()}
            )
        return obj

    @classmethod
    def for_request(cls, request) -> "MunicipalitySettings":
        """The one row, read once per request however many templates and views ask."""
        if not hasattr(request, "_municipality_settings"):
            request._municipality_settings = cls.load()
        return request._municipality_settings

    @property
    def purpose_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.purpose.split("\n\n") if p.strip()]


class ProgrammeGoal(VersionedModel):
    """One of the programme's goals, shown as a list on the home page."""

    text = models.TextField(_("mål"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programmål")
        verbose_name_plural = _("programmål")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


# The accessibility statement promises an answer within this many working days to whoever left an address.
ACCESSIBILITY_ANSWER_DAYS = 10


class AccessibilityFeedbackStatus(models.TextChoices):
    NEW = "new", _("Ny")
    IN_PROGRESS = "in_progress", _("Pågår")
    ANSWERED = "answered", _("Besvarad")
    CLOSED = "closed", _("Stängd")


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def open(self) -> "AccessibilityFeedbackQuerySet":
        return self.exclude(status=AccessibilityFeedbackStatus.CLOSED)

    def with_list_data(self) -> "AccessibilityFeedbackQuerySet":
        return self.select_related("assigned_to")

    def with_case_data(self) -> "AccessibilityFeedbackQuerySet":
        return self.select_related("assigned_to").prefetch_related("answers__by")


class AccessibilityFeedback(VersionedModel):
    """A resident's report of an accessibility problem (the DOS law's feedback function), handled as a
    case in the workspace (/arbete/tillganglighet/): ny → pågår → besvarad → stängd. The reporter's
    address is there only to answer; it is erased when the case is closed and kept out of the history."""

    Status = AccessibilityFeedbackStatus

    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), max_length=5000)
    email = models.EmailField(_("e-post för svar"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessibilityFeedbackStatus.choices,
        default=AccessibilityFeedbackStatus.NEW,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    # The address stays out of the history, so that erasing it erases it.
    history = HistoricalRecords(excluded_fields=["email"])

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("synpunkt om tillgänglighet")
        verbose_name_plural = _("synpunkter om tillgänglighet")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        if self.created_at is None:
            return "Ny synpunkt"
        return f"Synpunkt {self.pk} ({self.created_at:%Y-%m-%d})"

    def clean(self):
        if not self.description.strip():
            raise ValidationError({"description": _("Beskriv vad som inte fungerar.")})

    @property
    def is_open(self) -> bool:
        return self.status != AccessibilityFeedbackStatus.CLOSED


class AccessibilityAnswer(models.Model):
    """One entry of a case's log: an answer e-mailed to the reporter, or a note kept in the workspace.
    The log stays after the address is erased, without the address."""

    feedback = models.ForeignKey(
        AccessibilityFeedback,
        verbose_name=_("synpunkt"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    text = models.TextField(_("text"), max_length=5000)
    sent_to_reporter = models.BooleanField(_("skickat till den som rapporterade"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("svar på synpunkt om tillgänglighet")
        verbose_name_plural = _("svar på synpunkter om tillgänglighet")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.feedback}: {self.at:%Y-%m-%d}"


class Submission(models.Model):
    """A create form that has been sent: its one-time token and what it created, so that sending it
    again (Back and resend, a reload, a double click) is recognised instead of creating a copy."""

    token = models.UUIDField(_("formulärets engångsnyckel"), unique=True, editable=False)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True, editable=False
    )
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("skickat"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickat formulär")
        verbose_name_plural = _("skickade formulär")

    def __str__(self):
        return str(self.token)

    @property
    def created_object(self):
        if self.content_type_id is None or not self.object_id:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class OutgoingMail(models.Model):
    """An e-mail on its way out (trygg.mail): stored first, then sent by a background task that tries
    again with a doubling delay while the mail relay is down. Once sent, the body is erased (it may
    hold a password-reset link); the row keeps who got what and when."""

    to = models.JSONField(_("mottagare"), default=list)
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    purpose = models.CharField(_("slag"), max_length=40)
    # Extra header lines, e.g. List-Unsubscribe (RFC 8058) on the residents' subscription mail.
    headers = models.JSONField(_("extra rubrikrader"), default=dict, blank=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    last_error = models.CharField(_("senaste fel"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    gave_up_at = models.DateTimeField(_("gav upp"), null=True, blank=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "gave_up_at", "next_attempt_at"], name="outgoingmail_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def status(self) -> str:
        if self.sent_at:
            return _("Skickat")
        if self.gave_up_at:
            return _("Gick inte att skicka")
        return _("Väntar på att skickas")
