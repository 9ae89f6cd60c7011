"""Validators shared by the apps' models (migrations refer to them by path; keep the names stable)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import DateField, DateTimeField, TextField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .templatetags.trygg import sv_number


def validate_not_in_future(value) -> None:
    """A date that records something that has happened cannot lie after today."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Datumet kan inte ligga i framtiden (%(date)s)."),
            code="future_date",
            params={"date": value.isoformat()},
        )


# Years a date the portal records can plausibly have (a typo like 0202 or 2925 is caught).
PLAUSIBLE_YEARS = (1950, 2100)
# Long texts: about ten pages. The lägesbild's sections (rich text with markup) may be longer.
TEXT_MAX_LENGTH = 20_000
RICH_TEXT_MAX_LENGTH = 100_000


def validate_plausible_date(value) -> None:
    """A date whose year is outside PLAUSIBLE_YEARS is almost certainly mistyped."""
    if value and not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
        raise ValidationError(
            _("Kontrollera datumet: året %(year)s verkar fel. Skriv datumet som ÅÅÅÅ-MM-DD."),
            code="implausible_date",
            params={"year": f"{value.year:04d}"},
        )


class TextLengthValidator(MaxLengthValidator):
    message = _("Texten får vara högst %(limit_value)s tecken lång (nu %(show_value)s). Korta den gärna.")

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": sv_number(self.limit_value), "show_value": sv_number(len(value))},
            )


def add_input_limits(models) -> None:
    """Give every date field a plausible-year check and every long text field a maximum length.

    Called once at start-up for the project's own models. The validators are added to each field's
    `validators` list (what full_clean and ModelForms run), not to the field's definition, so they
    apply to every field without a migration and without a validator written into each model.
    """
    for model in models:
        rich = getattr(model, "RICH_TEXT_FIELDS", ())  # sections written in the rich-text editor
        for field in model._meta.concrete_fields:
            if isinstance(field, DateField) and not isinstance(field, DateTimeField):
                field.validators.append(validate_plausible_date)
            elif isinstance(field, TextField):
                limit = RICH_TEXT_MAX_LENGTH if field.name in rich else TEXT_MAX_LENGTH
                field.validators.append(TextLengthValidator(limit))
