"""Residents' feedback on a measure ("Har du synpunkter på åtgärden?"): sent from the measure's public
page without an account, moderated like the reports of unsafe places (lagesbild.models.unsafe_place)
before anything of it is public.

What the resident wrote (`text`) is kept as it was and shown to staff only; residents see the
moderator's anonymous, possibly edited `public_text`, and the answer when it is marked public. The
e-mail address is there only to answer, and is erased when the case ends.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild.validators import validate_no_personnummer
from trygg.concurrency import VersionedModel
from trygg.rules import is_coordinator, is_partner_editor

from .measure import Measure

FEEDBACK_MAX_LENGTH = 2000
feedback_length = MaxLengthValidator(
    FEEDBACK_MAX_LENGTH, message=_("Texten får vara högst 2 000 tecken lång. Korta den gärna.")
)


class FeedbackStatus(models.TextChoices):
    NEW = "ny", _("Ny")
    PUBLISHED = "publicerad", _("Publicerad")
    REJECTED = "avvisad", _("Avvisad")
    CLOSED = "stangd", _("Stängd")


# The only moves a feedback's status makes. A published one is closed once it has been dealt with (it
# stays public); a rejected or closed one is final.
FEEDBACK_MOVES: dict[str, set[str]] = {
    FeedbackStatus.NEW: {FeedbackStatus.PUBLISHED, FeedbackStatus.REJECTED, FeedbackStatus.CLOSED},
    FeedbackStatus.PUBLISHED: {FeedbackStatus.CLOSED},
    FeedbackStatus.REJECTED: set(),
    FeedbackStatus.CLOSED: set(),
}
FEEDBACK_ENDED_STATUSES = frozenset({FeedbackStatus.REJECTED, FeedbackStatus.CLOSED})


class MeasureFeedbackQuerySet(models.QuerySet):
    def public(self) -> "MeasureFeedbackQuerySet":
        """What residents may see: published feedback (also once closed) on public measures. Of it only
        public_text, the date and, when marked public, the answer are shown."""
        return (
            self.filter(
                status__in=[FeedbackStatus.PUBLISHED, FeedbackStatus.CLOSED],
                moderated_at__isnull=False,
                measure__in=Measure.objects.public(),
            )
            .exclude(public_text="")
            .order_by("-moderated_at", "-pk")
        )

    def awaiting_moderation(self) -> "MeasureFeedbackQuerySet":
        return self.filter(status=FeedbackStatus.NEW)

    def visible_to(self, user) -> "MeasureFeedbackQuerySet":
        """Kept in step with cycles.rules (cycles.view_measurefeedback): coordinators see all feedback,
        partner editors the feedback on measures their actor leads, nobody else any."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if is_coordinator(user):
            return self.all()
        if is_partner_editor(user):
            return self.filter(measure__in=Measure.objects.filter(lead_actor__contacts__user=user))
        return self.none()

    def with_list_data(self) -> "MeasureFeedbackQuerySet":
        return self.select_related("measure")


class MeasureFeedback(VersionedModel):
    """A resident's feedback on a measure."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField(
        _("synpunkt från invånaren"), validators=[feedback_length, validate_no_personnummer]
    )
    email = models.EmailField(_("e-post för svar"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    public_text = models.TextField(
        _("text som visas offentligt"),
        blank=True,
        validators=[feedback_length, validate_no_personnummer],
    )
    answer = models.TextField(_("svar"), blank=True, validators=[feedback_length, validate_no_personnummer])
    answer_public = models.BooleanField(_("visa svaret offentligt"), default=False)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvarad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reject_reason = models.TextField(_("skäl att avvisa"), blank=True)
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

    objects = MeasureFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("synpunkt på åtgärd")
        verbose_name_plural = _("synpunkter på åtgärder")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=FeedbackStatus.PUBLISHED) | ~Q(public_text=""),
                name="measurefeedback_published_has_text",
                violation_error_message=_("En publicerad synpunkt behöver en text som visas offentligt."),
            ),
        ]

    def __str__(self):
        return f"Synpunkt {self.pk or 'ny'}"

    @property
    def is_open(self) -> bool:
        return self.status not in FEEDBACK_ENDED_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in FEEDBACK_MOVES[self.status]
