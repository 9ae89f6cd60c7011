"""Residents who follow the work by e-mail: a Subscriber (an address, nothing else) and what it follows.

No account: a random token in every mail's links is the only key. Every Subscription is confirmed
from the mailbox before anything is sent (double opt-in), so nobody can pile subscriptions onto
someone else's address; cycles.services.subscription deletes unconfirmed ones after a week and the
whole subscriber, with every trace of the address, on unsubscribe.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Area, Place

from .measure import Measure


def new_token() -> str:
    """An unguessable token for links in e-mails (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """An e-mail address that follows something. Stored for the digests only, deleted on unsubscribe."""

    email = models.EmailField(_("e-postadress"), max_length=254)
    token = models.CharField(_("nyckel för länkar"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_digest_on = models.DateField(_("senaste sammanfattning, dag"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("senaste sammanfattning"), null=True, blank=True)

    class Meta:
        verbose_name = _("prenumerant")
        verbose_name_plural = _("prenumeranter")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_unique_email",
                violation_error_message=_("Adressen följer redan något."),
            )
        ]

    def __str__(self):
        return self.email

    def get_unsubscribe_url(self) -> str:
        return reverse("cycles:follow-unsubscribe", args=[self.token])


class SubscriptionKind(models.TextChoices):
    EVERYTHING = "everything", _("allt arbete")
    MEASURE = "measure", _("en åtgärd")
    AREA = "area", _("ett område")
    PLACE = "place", _("en plats")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    """One thing a subscriber follows: everything, or one measure, area or place. Confirmed from the
    mailbox (`confirmed_at`) before any digest names it."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("prenumerant"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("följer"), max_length=20, choices=SubscriptionKind.choices)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("åtgärd"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("plats"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    confirm_token = models.CharField(
        _("nyckel för bekräftelse"), max_length=64, unique=True, default=new_token
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("prenumeration")
        verbose_name_plural = _("prenumerationer")
        ordering = ["subscriber", "kind", "pk"]
        constraints = [
            # Exactly the foreign key that the kind names is set.
            models.CheckConstraint(
                condition=(
                    Q(kind="everything", measure__isnull=True, area__isnull=True, place__isnull=True)
                    | Q(kind="measure", measure__isnull=False, area__isnull=True, place__isnull=True)
                    | Q(kind="area", measure__isnull=True, area__isnull=False, place__isnull=True)
                    | Q(kind="place", measure__isnull=True, area__isnull=True, place__isnull=False)
                ),
                name="subscription_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["subscriber"], condition=Q(kind="everything"), name="subscription_unique_everything"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "measure"],
                condition=Q(kind="measure"),
                name="subscription_unique_measure",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "area"], condition=Q(kind="area"), name="subscription_unique_area"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "place"], condition=Q(kind="place"), name="subscription_unique_place"
            ),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.describe()}"

    @property
    def target(self) -> Measure | Area | Place | None:
        return {"measure": self.measure, "area": self.area, "place": self.place}.get(self.kind)

    def describe(self) -> str:
        """What is followed, as the pages and mails say it: "området Ryd"."""
        if self.kind == SubscriptionKind.MEASURE:
            return str(_("åtgärden ”%(name)s”") % {"name": self.measure.title})
        if self.kind == SubscriptionKind.AREA:
            return str(_("området %(name)s") % {"name": self.area.name})
        if self.kind == SubscriptionKind.PLACE:
            return str(_("platsen %(name)s") % {"name": self.place.name})
        return str(_("allt arbete för trygghet"))
