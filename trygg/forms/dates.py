"""Dates in forms: the browser's date picker that keeps a mistyped date visible (TypedDateInput), and a
plain text field that reads ÅÅÅÅ-MM-DD and guesses what 1/12/2026 means (IsoDateField), with their help
and error texts. Every app's forms take their date fields from here."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.validators import validate_plausible_date

from .widgets import DateInput

DATE_PICKER_HELP = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.")
DATE_INVALID = _("Datumet går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.")


class TypedDateInput(DateInput):
    """The date picker; a date typed in another format comes back as text, as typed, beside the error
    (a date input cannot hold "1/12/2026", and the browser would show it empty)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["value"]
        if shown:
            try:
                datetime.date.fromisoformat(str(shown))
            except ValueError:
                context["widget"]["type"] = "text"
        return context


DATE_HELP = _("ÅÅÅÅ-MM-DD, till exempel 2026-12-01.")
# A day written the Swedish everyday way, 1/12/2026 or 1.12.2026: day, month, year.
DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


class IsoDateField(forms.DateField):
    """A date typed as ÅÅÅÅ-MM-DD in a plain text field (a browser's date picker shows the format of the
    browser's language instead). Anything else is refused with the format, and for 1/12/2026 with the
    date it probably means."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_validators = [validate_plausible_date]

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or DATE_HELP
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            typed = str(value).strip()
            message = _("”%(typed)s” går inte att läsa som ett datum. Skriv datumet som ÅÅÅÅ-MM-DD.")
            if guess := self.guess(typed):
                message = _(
                    "”%(typed)s” går inte att läsa som ett datum. Skriv datumet som ÅÅÅÅ-MM-DD, "
                    "till exempel %(guess)s om du menar den %(day)s."
                )
            raise ValidationError(
                message,
                code="invalid",
                params={"typed": typed, "guess": guess, "day": self.spelled(guess)},
            ) from exc

    @staticmethod
    def guess(typed: str) -> str:
        """1/12/2026 → 2026-12-01 (day first, as Swedes write it), or "" when it is not such a date."""
        match = DAY_MONTH_YEAR.match(typed)
        if not match:
            return ""
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            return ""

    @staticmethod
    def spelled(iso: str) -> str:
        if not iso:
            return ""
        months = _("januari februari mars april maj juni juli augusti september oktober november december")
        day = datetime.date.fromisoformat(iso)
        return f"{day.day} {str(months).split()[day.month - 1]} {day.year}"
