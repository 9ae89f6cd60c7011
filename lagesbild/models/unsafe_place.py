"""Residents' reports of an unsafe place (/rapportera/): sent without an account, moderated before
anything of them is public.

What the resident wrote (`description`) is kept as it was and shown to the moderators only; residents
see the moderator's anonymous, possibly edited `public_text`, and the photo only when the moderator
chose to show it. The e-mail address is there only to answer, and is erased when the case ends.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.concurrency import VersionedModel

from ..validators import validate_no_personnummer
from .place import CoordinateFields, Place
from .problem import Problem

DESCRIPTION_MAX_LENGTH = 2000
ADDRESS_MAX_LENGTH = 200
# Pillow's format name -> the extension the re-encoded photo is stored under.
PHOTO_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# A resident's text is short; the site-wide limit of long texts (trygg.validators) is far above it.
short_text = MaxLengthValidator(
    DESCRIPTION_MAX_LENGTH, message=_("Texten får vara högst 2 000 tecken lång. Korta den gärna.")
)


class UnsafePlaceCategory(models.TextChoices):
    LIGHTING = "belysning", _("Dålig belysning")
    SIGHT = "skymd-sikt", _("Skymd sikt eller buskage")
    LITTERING = "nedskrapning", _("Nedskräpning")
    VANDALISM = "skadegorelse", _("Skadegörelse")
    GATHERINGS = "samlingar", _("Samlingar som känns otrygga")
    TRAFFIC = "trafik", _("Trafik")
    OTHER = "annat", _("Annat")


class UnsafePlaceStatus(models.TextChoices):
    NEW = "ny", _("Ny")
    PUBLISHED = "publicerad", _("Publicerad")
    REJECTED = "avvisad", _("Avvisad")
    DUPLICATE = "dubblett", _("Dubblett")
    CLOSED = "stangd", _("Stängd")


# The only moves a report's status makes (services consult it, tests enumerate it). A published report
# is closed once it has been dealt with; the other ends are final.
UNSAFE_PLACE_MOVES: dict[str, set[str]] = {
    UnsafePlaceStatus.NEW: {
        UnsafePlaceStatus.PUBLISHED,
        UnsafePlaceStatus.REJECTED,
        UnsafePlaceStatus.DUPLICATE,
        UnsafePlaceStatus.CLOSED,
    },
    UnsafePlaceStatus.PUBLISHED: {UnsafePlaceStatus.CLOSED},
    UnsafePlaceStatus.REJECTED: set(),
    UnsafePlaceStatus.DUPLICATE: set(),
    UnsafePlaceStatus.CLOSED: set(),
}
# Statuses that end the case: the reporter's address is erased on the way in.
ENDED_STATUSES = frozenset(
    {UnsafePlaceStatus.REJECTED, UnsafePlaceStatus.DUPLICATE, UnsafePlaceStatus.CLOSED}
)


def photo_upload_to(instance, filename: str) -> str:
    """'lagesbild/unsafeplacereport/<uuid4 hex>.<jpg|png|webp>': a name nobody can guess, in a folder of
    its own; the resident's file name (which may hold a name) is never kept."""
    ext = next((e for e in PHOTO_EXTENSIONS.values() if filename.lower().endswith(e)), ".jpg")
    return f"lagesbild/unsafeplacereport/{uuid.uuid4().hex}{ext}"


class UnsafePlaceReportQuerySet(models.QuerySet):
    def public(self) -> "UnsafePlaceReportQuerySet":
        """What residents may see: published reports, also once their case is closed (a report closed
        without being published has no public text). Of them only public_text, category, date, place and,
        if the moderator chose so, the photo are shown."""
        return self.filter(
            status__in=[UnsafePlaceStatus.PUBLISHED, UnsafePlaceStatus.CLOSED], moderated_at__isnull=False
        ).exclude(public_text="")

    def searchable(self) -> "UnsafePlaceReportQuerySet":
        """What /sok/ finds (trygg.search): public reports at a place, with the place's name and slug for
        the result's title and link."""
        return (
            self.public()
            .filter(place__isnull=False)
            .annotate(place_name=F("place__name"), place_slug=F("place__slug"))
        )

    def awaiting_moderation(self) -> "UnsafePlaceReportQuerySet":
        return self.filter(status=UnsafePlaceStatus.NEW)

    def with_list_data(self) -> "UnsafePlaceReportQuerySet":
        return self.select_related("place__area", "moderated_by")

    def with_case_data(self) -> "UnsafePlaceReportQuerySet":
        return self.select_related("place__area", "moderated_by", "duplicate_of", "problem").prefetch_related(
            "answers__by"
        )


class UnsafePlaceReport(VersionedModel, CoordinateFields):
    """A resident's report of a place that feels unsafe; the point the resident chose on the map is
    optional (the place list or the address says where just as well)."""

    category = models.CharField(
        _("vad gör platsen otrygg"), max_length=20, choices=UnsafePlaceCategory.choices
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("plats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unsafe_place_reports",
    )
    address = models.CharField(
        _("adress eller plats med egna ord"), max_length=ADDRESS_MAX_LENGTH, blank=True
    )
    description = models.TextField(
        _("beskrivning från invånaren"),
        validators=[short_text, validate_no_personnummer],
    )
    photo = models.FileField(_("foto"), upload_to=photo_upload_to, blank=True)
    photo_public = models.BooleanField(
        _("visa fotot offentligt"),
        default=False,
        help_text=_("Visa bara foton där inga personer, bilar eller hem går att känna igen."),
    )
    email = models.EmailField(_("e-post för svar"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=UnsafePlaceStatus.choices, default=UnsafePlaceStatus.NEW
    )
    public_text = models.TextField(
        _("text som visas offentligt"),
        blank=True,
        validators=[short_text, validate_no_personnummer],
    )
    reject_reason = models.TextField(_("skäl att avvisa"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dubblett av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unsafe_place_reports",
    )
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    moderated_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    # The address stays out of the history, so that erasing it erases it.
    history = HistoricalRecords(excluded_fields=["email"])

    objects = UnsafePlaceReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("trygghetsrapport")
        verbose_name_plural = _("trygghetsrapporter")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_unsafeplacereport", "Granska trygghetsrapporter")]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(address="") | Q(latitude__isnull=False),
                name="unsafeplacereport_place_or_address",
                violation_error_message=_("Välj en plats eller skriv var det är."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="unsafeplacereport_coordinates_both_or_neither",
                violation_error_message=_("Ange både latitud och longitud, eller ingen av dem."),
            ),
            models.CheckConstraint(
                condition=~Q(status=UnsafePlaceStatus.PUBLISHED) | ~Q(public_text=""),
                name="unsafeplacereport_published_has_text",
                violation_error_message=_("En publicerad rapport behöver en text som visas offentligt."),
            ),
        ]

    def __str__(self):
        return f"Rapport {self.pk or 'ny'}: {self.get_category_display().lower()}, {self.where}"

    def clean(self):
        super().clean()
        if self.place_id is None and not self.address.strip() and not self.has_coordinates:
            raise ValidationError({"address": _("Välj en plats i listan eller skriv var det är.")})

    @property
    def where(self) -> str:
        """The place's name, or the address the resident wrote, or that they chose a point on the map."""
        if self.place_id:
            return self.place.name
        return self.address or str(_("en punkt på kartan"))

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in UNSAFE_PLACE_MOVES[self.status]


class UnsafePlaceMailKind(models.TextChoices):
    PUBLISHED = "publicerad", _("Meddelande om publicering")
    ANSWER = "svar", _("Svar")
    ENDED = "avslutad", _("Meddelande om avslut")


class UnsafePlaceAnswer(models.Model):
    """An e-mail sent to the reporter (an answer, or the notice of publication or of the end of the case);
    the log stays after the address is erased, without the address."""

    report = models.ForeignKey(
        UnsafePlaceReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("svar"), validators=[short_text])
    kind = models.CharField(
        _("slag"), max_length=20, choices=UnsafePlaceMailKind.choices, default=UnsafePlaceMailKind.ANSWER
    )
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("svar på trygghetsrapport")
        verbose_name_plural = _("svar på trygghetsrapporter")
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.report}: svar {self.sent_at:%Y-%m-%d}"
