"""User input on a measure's indicators (cycles.MeasureIndicator): which indicator from the statistics
follows the measure, its baseline and target, and the years they belong to.

Figures are typed and shown as Swedes write them ("12,5"); years are four digits. The checks the
database also makes (one row per measure and indicator, the target year not before the baseline year)
are made here first, so the user gets a Swedish message beside the field and keeps what was typed."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Indicator, IndicatorSource, IndicatorValue
from trygg.concurrency import VersionedFormMixin

from ..models import Measure, MeasureIndicator

NUMBER_INVALID = _("Skriv ett tal, till exempel 12,5 eller 1 250.")
NUMBER_AMBIGUOUS = _(
    "”%(v)s” kan läsas på två sätt. Skriv decimaler med komma (12,5) och tusental utan punkt (12500)."
)
YEAR_INVALID = _("Skriv året med fyra siffror, till exempel 2024.")
FIRST_YEAR, LAST_YEAR = 1900, 2100

# Spaces Swedes put between thousands: a space, a no-break space, a narrow no-break space.
THOUSANDS_SPACE = re.compile(r"[\s\u00a0\u202f]")
# A single dot followed by exactly three digits ("7.810"): a thousands point or a decimal point?
AMBIGUOUS_DOT = re.compile(r"^-?\d{1,3}\.\d{3}$")


class DecimalCommaInput(forms.TextInput):
    """A figure shown with a decimal comma and without trailing zeros ("12,5", not "12.50"); what the
    user typed comes back as typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            text = format(Decimal(str(value)).normalize(), "f")
            return text.replace(".", ",")
        return super().format_value(value)


class DecimalCommaField(forms.DecimalField):
    """A figure as Swedes write it: "12,5", "1 250", "-3,25". A decimal point is read too ("12.5"), but
    not when it could be a thousands point ("7.810"), nor beside a comma ("1.250,5")."""

    widget = DecimalCommaInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.error_messages.update(
            invalid=NUMBER_INVALID,
            max_decimal_places=_("Skriv högst %(max)s decimaler, till exempel 12,25."),
            max_digits=_("Talet är för stort."),
            max_whole_digits=_("Talet är för stort."),
        )

    def to_python(self, value):
        if isinstance(value, str):
            text = THOUSANDS_SPACE.sub("", value.strip())
            if AMBIGUOUS_DOT.match(text) or ("," in text and "." in text):
                raise ValidationError(NUMBER_AMBIGUOUS, code="invalid", params={"v": value.strip()})
            value = text.replace(",", ".")
        return super().to_python(value)


class YearField(forms.IntegerField):
    """A year of four digits; anything else gets one clear message, and stays in the box as typed."""

    def __init__(self, **kwargs):
        # Set, not defaulted: a model's PositiveSmallIntegerField passes its own 0 and 32767.
        kwargs.update(min_value=FIRST_YEAR, max_value=LAST_YEAR)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)
        self.error_messages.update(invalid=YEAR_INVALID, min_value=YEAR_INVALID, max_value=YEAR_INVALID)


def indicator_label(indicator: Indicator) -> str:
    """ "Anmälda våldsbrott per 100 000 invånare (N07403)", with the unit when the name lacks it and
    "intern" for an indicator residents do not see."""
    label = indicator.name
    if indicator.unit and indicator.unit not in indicator.name:
        label += f", {indicator.unit}"
    if indicator.external_id:
        label += f" ({indicator.external_id})"
    if not indicator.public:
        label += " – " + str(_("intern"))
    return label


def grouped_indicators(indicators) -> list[tuple[str, list[tuple[int, str]]]]:
    """The indicators as <optgroup>s by source, in the order of IndicatorSource (Kolada, Brå, …)."""
    groups: dict[str, list[tuple[int, str]]] = {value: [] for value in IndicatorSource.values}
    for indicator in indicators:
        groups.setdefault(indicator.source, []).append((indicator.pk, indicator_label(indicator)))
    labels = dict(IndicatorSource.choices)
    return [(str(labels.get(source, source)), rows) for source, rows in groups.items() if rows]


class MeasureIndicatorForm(VersionedFormMixin, forms.ModelForm):
    """An indicator that follows the measure, with baseline and target. The list offers the indicators
    the measure does not have yet (and the one this row has, when it is changed), grouped by source."""

    class Meta:
        model = MeasureIndicator
        fields = ["indicator", "baseline_year", "baseline", "target", "target_year"]
        field_classes = {
            "baseline": DecimalCommaField,
            "target": DecimalCommaField,
            "baseline_year": YearField,
            "target_year": YearField,
        }
        labels = {
            "indicator": _("Indikator"),
            "baseline_year": _("Utgångsvärdets år"),
            "baseline": _("Utgångsvärde"),
            "target": _("Målvärde"),
            "target_year": _("Målår"),
        }
        help_texts = {
            "indicator": _(
                "Grupperad efter källa. Finns inte indikatorn? En samordnare lägger upp den under Statistik."
            ),
            "baseline_year": _("Året som utgångsvärdet gäller, till exempel 2024."),
            "baseline": _(
                "Värdet innan åtgärden började, med decimalkomma, till exempel 12,5. Frivilligt. Finns "
                "siffran i statistiken kan du hämta den med knappen nedan."
            ),
            "target": _("Värdet åtgärden ska leda till, med decimalkomma, till exempel 10,5. Frivilligt."),
            "target_year": _("Året då målvärdet ska vara nått, till exempel 2027."),
        }
        error_messages = {
            "indicator": {
                "required": _("Välj vilken indikator som ska följa åtgärden."),
                "invalid_choice": _("Den indikatorn finns inte längre. Välj en annan."),
            },
        }

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        self.measure = measure
        field = self.fields["indicator"]
        field.queryset = Indicator.objects.all()
        field.empty_label = _("Välj en indikator")
        field.widget.attrs["data-choice-filter"] = _("Sök indikator")
        taken = measure.indicator_links.exclude(pk=self.instance.pk).values("indicator")
        listed = Indicator.objects.exclude(pk__in=taken)
        # An indicator chosen in a form that comes back with errors stays chosen, even one that another
        # row of the measure has meanwhile (the error beside the list then says so).
        if self.is_bound:
            chosen = str(self.data.get(self.add_prefix("indicator"), ""))
        else:  # a form shown again after "Hämta utgångsvärdet" carries what was chosen as initial
            chosen = str(self.initial.get("indicator") or "")
        if chosen.isdigit():
            listed = listed | Indicator.objects.filter(pk=chosen)
        self.shown = list(listed.order_by("order", "name", "pk"))
        field.widget.choices = [("", field.empty_label), *grouped_indicators(self.shown)]

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is not None:
            others = self.measure.indicator_links.exclude(pk=self.instance.pk)
            if others.filter(indicator=indicator).exists():
                self.add_error("indicator", duplicate_message(indicator))
        for value, year, message in (
            ("baseline", "baseline_year", _("Skriv vilket år utgångsvärdet gäller, till exempel 2024.")),
            ("target", "target_year", _("Skriv året då målvärdet ska vara nått, till exempel 2027.")),
        ):
            if cleaned.get(value) is not None and cleaned.get(year) is None and year not in self.errors:
                self.add_error(year, message)
        baseline_year, target_year = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline_year and target_year and target_year < baseline_year:
            self.add_error(
                "target_year",
                _("Målåret (%(t)s) kan inte ligga före utgångsvärdets år (%(b)s).")
                % {"t": target_year, "b": baseline_year},
            )
        return cleaned

    def baseline_from_statistics(self, *, area_code: str) -> tuple[IndicatorValue | None, str]:
        """The chosen indicator's total figure for the area (the municipality) in the typed baseline year,
        read from what was sent without validating the rest: (the value, "") or (None, why not)."""
        try:
            indicator = self.fields["indicator"].clean(self.data.get(self.add_prefix("indicator")))
            year = self.fields["baseline_year"].clean(self.data.get(self.add_prefix("baseline_year")))
        except ValidationError:
            indicator = year = None
        if indicator is None or year is None:
            return None, str(
                _("Välj indikatorn och skriv utgångsvärdets år först. Sedan kan värdet hämtas för det året.")
            )
        found = (
            IndicatorValue.objects.filter(
                indicator=indicator, area_code=area_code, year=year, gender="T", value__isnull=False
            )
            .select_related("indicator")
            .first()
        )
        if found is None:
            return None, str(
                _("Statistiken har inget värde för ”%(i)s” år %(y)s. Skriv utgångsvärdet själv.")
                % {"i": indicator.name, "y": year}
            )
        return found, ""


def duplicate_message(indicator: Indicator) -> str:
    return str(
        _("Indikatorn ”%(i)s” följer redan åtgärden. Ändra den raden i stället för att lägga till en till.")
        % {"i": indicator.name}
    )
