"""A spreadsheet of measures sent back: its preview and, once confirmed, what it changed (the log)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Förhandsgranskas")
    REFUSED = "refused", _("Stoppad: fel i filen")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class MeasureImport(models.Model):
    """One upload of the measures spreadsheet: the rows as read (`rows`), the errors with their line
    numbers, and the changes that were (or would be) made. Kept as the log of bulk updates."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    file_name = models.CharField(_("fil"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureImportStatus.choices, default=MeasureImportStatus.PREVIEW
    )
    rows = models.JSONField(_("ändringar per rad"), default=list, blank=True)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    changed = models.PositiveIntegerField(_("ändrade åtgärder"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade åtgärder"), default=0)
    applied_at = models.DateTimeField(_("genomförd"), null=True, blank=True)

    class Meta:
        verbose_name = _("import av åtgärder")
        verbose_name_plural = _("importer av åtgärder")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"
