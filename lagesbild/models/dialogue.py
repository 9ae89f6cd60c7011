"""Dialogues: medborgardialoger, medarbetardialoger and trygghetsvandringar, with the observations made
at places during them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from trygg.concurrency import VersionedModel
from trygg.review import Review
from trygg.visibility import StaffVisibleQuerySet, Visibility, VisibilityModel

from ..validators import NO_NAMES_HELP, validate_no_personnummer
from .place import Area, Place


class DialogueKind(models.TextChoices):
    CITIZEN = "medborgardialog", _("Medborgardialog")
    STAFF = "medarbetardialog", _("Medarbetardialog")
    SAFETY_WALK = "trygghetsvandring", _("Trygghetsvandring")


class DialogueQuerySet(StaffVisibleQuerySet):
    def with_list_data(self) -> "DialogueQuerySet":
        return self.select_related("area", "organiser").prefetch_related(
            models.Prefetch("observations", queryset=Observation.objects.select_related("place"))
        )

    def awaiting_publication(self) -> "DialogueQuerySet":
        """Dialogues a partner wants public, waiting for a coordinator."""
        return self.filter(publication=Review.WAITING)

    def declined_for(self, user) -> "DialogueQuerySet":
        """Dialogues whose publication `user` asked for and a coordinator sent back or rejected with a
        reason, the latest decision first."""
        return (
            self.filter(publication_requested_by=user, publication__in=[Review.RETURNED, Review.REJECTED])
            .exclude(publication_reason="")
            .order_by("-updated_at", "-pk")
        )

    def newest_first(self) -> "DialogueQuerySet":
        return self.order_by("-held_on", "-pk")


class Dialogue(VersionedModel, VisibilityModel):
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
    # A partner's wish to make the dialogue public waits for a coordinator (trygg.review).
    publication = models.CharField(
        _("granskning av publicering"), max_length=20, choices=Review.choices, blank=True, default=""
    )
    publication_reason = models.TextField(_("motivering från samordnaren"), blank=True)
    publication_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicering begärd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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


class Observation(VersionedModel):
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
