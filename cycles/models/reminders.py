"""Reminders that reach people: what each user wants to be reminded of, and what was sent when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    STALE = "stale", _("Åtgärder som inte har fått någon lägesrapport på länge")
    MILESTONE = "milestone", _("Delmål vars datum har passerat")
    END_DATE = "end_date", _("Åtgärder vars slutdatum har passerat")
    APPROVAL = "approval", _("Lägesrapporter och texter som väntar på granskning")
    FOLLOWUP = "followup", _("Uppföljningar som ska lämnas in")
    YEARWHEEL = "yearwheel", _("Årshjulet: uppgifter som snart ska vara klara")


class ReminderSettings(models.Model):
    """The reminders a user has turned off (all are on until the user says otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    muted = models.JSONField(_("avstängda påminnelser"), default=list, blank=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("inställning för påminnelser")
        verbose_name_plural = _("inställningar för påminnelser")

    def __str__(self):
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return kind not in self.muted


class ReminderSent(models.Model):
    """One item named in one user's digest on one day: the same item is never named twice a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("slag"), max_length=20, choices=ReminderKind.choices)
    item = models.CharField(_("vad"), max_length=80, help_text=_("t.ex. measure:12 eller milestone:7"))
    sent_on = models.DateField(_("skickad"))

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "item", "sent_on"], name="remindersent_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.sent_on} {self.user} {self.kind} {self.item}"
