"""Samverkansöverenskommelser (§ 9) and their allowed status moves (`AGREEMENT_MOVES`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Decision
from lagesbild.models import Problem
from trygg.concurrency import VersionedModel
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor, signed_in_with
from trygg.uploads import upload_to, validate_document
from trygg.visibility import Visibility, VisibilityModel

# --- Samverkansöverenskommelser (§ 9) -------------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Undertecknad")
    IN_FORCE = "in_force", _("Gällande")
    ENDED = "ended", _("Upphörd")
    SUPERSEDED = "superseded", _("Ersatt")


AGREEMENT_MOVES: dict[str, set[str]] = {
    AgreementStatus.DRAFT: {AgreementStatus.SIGNED},
    AgreementStatus.SIGNED: {AgreementStatus.IN_FORCE, AgreementStatus.ENDED},
    AgreementStatus.IN_FORCE: {AgreementStatus.ENDED, AgreementStatus.SUPERSEDED},
    AgreementStatus.ENDED: set(),
    AgreementStatus.SUPERSEDED: set(),
}
AGREEMENT_PUBLIC_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.ENDED,
    AgreementStatus.SUPERSEDED,
)


class AgreementQuerySet(models.QuerySet):
    def public(self) -> "AgreementQuerySet":
        """Public and signed (drafts never); ended and superseded ones stay as a record."""
        return self.filter(visibility=Visibility.PUBLIC, status__in=AGREEMENT_PUBLIC_STATUSES)

    def with_list_data(self) -> "AgreementQuerySet":
        return self.select_related("decision__forum").prefetch_related(
            "parties",
            models.Prefetch(
                "focus_problems",
                queryset=Problem.objects.public().order_by("priority", "title"),
                to_attr="public_focus_problems",
            ),
        )

    def visible_to(self, user) -> "AgreementQuerySet":
        """Kept in step with rules.can_view_agreement."""
        if signed_in_with(is_coordinator, user) or signed_in_with(is_board_reader, user):
            return self.all()
        if signed_in_with(is_partner_editor, user):
            return self.filter(
                Q(pk__in=self.public().values("pk")) | Q(parties__contacts__user=user)
            ).distinct()
        return self.public()


class Agreement(VersionedModel, VisibilityModel):
    """A samverkansöverenskommelse (§ 9): it must state syften and samverkansområden before signing."""

    title = models.CharField(_("rubrik"), max_length=250)
    parties = models.ManyToManyField(Actor, verbose_name=_("parter"), related_name="agreements")
    purposes = models.TextField(_("syften"), blank=True, help_text=_("Krävs innan den undertecknas."))
    areas = models.TextField(_("samverkansområden"), blank=True, help_text=_("Krävs innan den undertecknas."))
    focus_problems = models.ManyToManyField(
        Problem,
        verbose_name=_("fokusområden"),
        related_name="agreements",
        blank=True,
        help_text=_("Problem från lägesbilden. Bara offentliga problem visas för invånarna."),
    )
    focus_areas = models.TextField(
        _("kommentar om fokusområden"), blank=True, help_text=_("Fri text, visas offentligt.")
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    signatories = models.TextField(_("undertecknare"), blank=True, help_text=_("En per rad: namn och roll."))
    signed_on = models.DateField(_("undertecknad datum"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.FileField(
        _("överenskommelsen (PDF)"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["parties", "focus_problems"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("Överenskommelsen måste gälla till ett datum efter startdatumet."),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT) | (~Q(purposes="") & ~Q(areas="")),
                name="agreement_purposes_and_areas_when_signed",
                violation_error_message=_(
                    "Syften och samverkansområden måste vara ifyllda innan undertecknandet."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("Slutdatumet måste vara efter startdatumet.")})
        if self.status != AgreementStatus.DRAFT:
            errors = {}
            if not self.purposes.strip():
                errors["purposes"] = _("Skriv syftena innan överenskommelsen undertecknas (9 §).")
            if not self.areas.strip():
                errors["areas"] = _("Skriv samverkansområdena innan överenskommelsen undertecknas (9 §).")
            if errors:
                raise ValidationError(errors)

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status in AGREEMENT_PUBLIC_STATUSES
