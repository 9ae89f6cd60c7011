"""Medborgarlöften: what the police and the municipality promise residents, line by line."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from lagesbild.models import Area
from trygg.concurrency import VersionedModel
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor, signed_in_with
from trygg.visibility import Visibility, VisibilityModel

from .measure import Measure

# --- Medborgarlöften ------------------------------------------------------------------------------


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Undertecknat")
    PUBLISHED = "published", _("Publicerat")
    FOLLOWED_UP = "followed_up", _("Uppföljt")


PROMISE_MOVES: dict[str, set[str]] = {
    PromiseStatus.DRAFT: {PromiseStatus.SIGNED},
    PromiseStatus.SIGNED: {PromiseStatus.PUBLISHED},
    PromiseStatus.PUBLISHED: {PromiseStatus.FOLLOWED_UP},
    PromiseStatus.FOLLOWED_UP: set(),
}
PROMISE_PUBLIC_STATUSES = (PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP)


class CitizenPromiseQuerySet(models.QuerySet):
    def public(self) -> "CitizenPromiseQuerySet":
        """Public and published (or followed up); drafts and merely signed promises never."""
        return self.filter(visibility=Visibility.PUBLIC, status__in=PROMISE_PUBLIC_STATUSES)

    def with_list_data(self) -> "CitizenPromiseQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "lines",
                queryset=PromiseLine.objects.select_related("actor").prefetch_related(
                    models.Prefetch(
                        "measures",
                        queryset=Measure.objects.public().order_by("title"),
                        to_attr="public_measures",
                    )
                ),
            ),
            "area_links",
        )

    def visible_to(self, user) -> "CitizenPromiseQuerySet":
        """Kept in step with rules.can_view_promise."""
        if signed_in_with(is_coordinator, user) or signed_in_with(is_board_reader, user):
            return self.all()
        if signed_in_with(is_partner_editor, user):
            return self.filter(
                Q(pk__in=self.public().values("pk")) | Q(lines__actor__contacts__user=user)
            ).distinct()
        return self.public()


class CitizenPromise(VersionedModel, VisibilityModel):
    """A medborgarlöfte: what the police and the municipality promise the residents for a year."""

    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=250)
    area_links = models.ManyToManyField(
        Area, verbose_name=_("områden"), related_name="citizen_promises", blank=True
    )
    areas = models.CharField(
        _("områden (fri text)"),
        max_length=300,
        blank=True,
        help_text=_("Orter eller kommundelar, åtskilda med kommatecken."),
    )
    background = models.TextField(_("bakgrund"), blank=True, help_text=_("Visas offentligt."))
    signatories = models.TextField(_("undertecknare"), blank=True, help_text=_("En per rad: namn och roll."))
    signed_on = models.DateField(_("undertecknat datum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PromiseStatus.choices, default=PromiseStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["area_links"])

    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="citizenpromise_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(status=PromiseStatus.DRAFT) | Q(signed_on__isnull=False),
                name="citizenpromise_signed_on_when_signed",
                violation_error_message=_("Ange när medborgarlöftet undertecknades."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class PromiseParty(models.TextChoices):
    POLICE = "police", _("Polisen")
    MUNICIPALITY = "municipality", _("Kommunen")
    JOINT = "joint", _("Gemensamt")
    OTHER = "other", _("Annan aktör")


class PromiseLine(VersionedModel):
    """One promise in a medborgarlöfte: who promises what, and how it went."""

    promise = models.ForeignKey(
        CitizenPromise, verbose_name=_("medborgarlöfte"), on_delete=models.CASCADE, related_name="lines"
    )
    party = models.CharField(_("vem lovar"), max_length=20, choices=PromiseParty.choices)
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("aktör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promise_lines",
        help_text=_("Krävs när en annan aktör lovar."),
    )
    text = models.TextField(_("löfte"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    follow_up = models.TextField(_("uppföljning"), blank=True, help_text=_("Visas offentligt."))
    follow_up_on = models.DateField(_("uppföljt datum"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        ordering = ["promise", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party=PromiseParty.OTHER) | Q(actor__isnull=False),
                name="promiseline_actor_for_other_party",
                violation_error_message=_("Välj vilken aktör som lovar."),
            )
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.text[:60]}"

    def clean(self):
        if self.party == PromiseParty.OTHER and not self.actor_id:
            raise ValidationError({"actor": _("Välj vilken aktör som lovar.")})

    @property
    def party_label(self) -> str:
        if self.party == PromiseParty.OTHER and self.actor is not None:
            return self.actor.name
        return self.get_party_display()
