"""User input on measures: a lägesrapport, the public text, the coordinators' overview filters and the
public list's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from lagesbild.models import Area, Problem
from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput
from trygg.uploads import validate_document
from trygg.validators import validate_not_in_future

from ..models import ActionPlan, Measure, MeasureKind, MeasureStatus


class MeasureUpdateForm(forms.Form):
    """A lägesrapport on a measure: date, status, how far it has come, what happened, evidence."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        validators=[validate_not_in_future],
        help_text=_("ÅÅÅÅ-MM-DD."),
        error_messages={"required": _("Ange datumet för lägesrapporten.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Hur långt har åtgärden kommit? (procent, 0–100)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Ange hur långt åtgärden har kommit, 0–100."),
            "min_value": _("Ange ett tal mellan 0 och 100."),
            "max_value": _("Ange ett tal mellan 0 och 100."),
        },
    )
    text = forms.CharField(
        label=_("Vad har hänt?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Visas offentligt när rapporten är godkänd. Skriv inga namn på enskilda personer."),
        error_messages={"required": _("Skriv vad som har hänt.")},
    )
    evidence_url = forms.URLField(label=_("Länk till underlag"), required=False, assume_scheme="https")
    evidence_document = forms.FileField(
        label=_("Dokument"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF eller vanligt kontorsformat."),
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        initial = {"date": timezone.localdate(), "status": measure.status, "progress": measure.progress}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)


class MeasureTextForm(VersionedFormMixin, forms.ModelForm):
    """The public text of a measure: what the lead actor's partner editor may change."""

    class Meta:
        model = Measure
        fields = ["public_text"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 8})}


class MeasureOverviewFilter(forms.Form):
    """Filters of the coordinators' table of all measures (GET, also used for the CSV export)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    aktor = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), queryset=Actor.objects.none(), required=False, empty_label=_("Alla")
    )
    plan = forms.ModelChoiceField(
        label=_("Åtgärdsplan"), queryset=ActionPlan.objects.none(), required=False, empty_label=_("Alla")
    )
    inaktuell = forms.BooleanField(label=_("Bara inaktuella"), required=False)
    utan_orsak = forms.BooleanField(label=_("Bara åtgärder utan orsaksanalys"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *MeasureStatus.choices]
        self.fields["aktor"].queryset = (
            Actor.objects.filter(led_measures__isnull=False).distinct().order_by("name")
        )
        self.fields["plan"].queryset = ActionPlan.objects.all()

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["aktor"]:
            queryset = queryset.filter(lead_actor=data["aktor"])
        if data["plan"]:
            queryset = queryset.filter(plan=data["plan"])
        if data["inaktuell"]:
            queryset = queryset.filter(pk__in=Measure.objects.stale().values("pk"))
        if data["utan_orsak"]:
            queryset = queryset.filter(pk__in=Measure.objects.without_cause().values("pk"))
        return queryset


class MeasureFilterForm(forms.Form):
    """The filters of /atgarder/, as GET parameters so that a filtered view can be shared."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    omrade = forms.ModelChoiceField(
        label=_("Område"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    fokus = forms.ModelChoiceField(
        label=_("Fokusområde"), queryset=Problem.objects.none(), required=False, empty_label=_("Alla")
    )
    aktor = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), queryset=Actor.objects.none(), required=False, empty_label=_("Alla")
    )
    typ = forms.ChoiceField(label=_("Typ av åtgärd"), required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *MeasureStatus.choices]
        self.fields["typ"].choices = [("", _("Alla")), *MeasureKind.choices]
        self.fields["omrade"].queryset = (
            Area.objects.filter(measures__in=measures).distinct().order_by("name")
        )
        self.fields["fokus"].queryset = Problem.objects.public().focus_areas()
        self.fields["aktor"].queryset = (
            Actor.objects.filter(led_measures__in=measures).distinct().order_by("name")
        )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["typ"]:
            queryset = queryset.filter(kind=data["typ"])
        if data["omrade"]:
            queryset = queryset.filter(areas=data["omrade"])
        if data["fokus"]:
            queryset = queryset.filter(problems=data["fokus"])
        if data["aktor"]:
            queryset = queryset.filter(lead_actor=data["aktor"])
        return queryset.distinct() if data["omrade"] or data["fokus"] else queryset
