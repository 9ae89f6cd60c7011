"""Validators shared by the apps' models (migrations refer to them by path; keep the names stable)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_not_in_future(value) -> None:
    """A date that records something that has happened cannot lie after today."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Datumet kan inte ligga i framtiden (%(date)s)."),
            code="future_date",
            params={"date": value.isoformat()},
        )
