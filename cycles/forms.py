"""User input in the cycles app: ticking a checklist item, moving to the next step, a new period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Decision, Meeting
from lagesbild.models import SituationReport
from trygg.concurrency import VersionedFormMixin
from trygg.uploads import validate_document

from .models import (
    ActionPlan,
    Agreement,
    ChecklistItem,
    Measure,
    MeasureStatus,
    Step,
    validate_not_in_future,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TickForm(forms.Form):
    """Mark a checklist item as done, with a date and evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(
        label=_("Klart datum"),
        widget=DATE_WIDGET,
        validators=[validate_not_in_future],
        help_text=_("Skriv datumet som ÅÅÅÅ-MM-DD."),
        error_messages={"required": _("Ange datumet då punkten blev klar.")},
    )
    decision = forms.ModelChoiceField(
        label=_("Beslut"), queryset=Decision.objects.none(), required=False, empty_label=_("(inget beslut)")
    )
    meeting = forms.ModelChoiceField(
        label=_("Möte"), queryset=Meeting.objects.none(), required=False, empty_label=_("(inget möte)")
    )
    agreement = forms.ModelChoiceField(
        label=_("Samverkansöverenskommelse"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("(ingen överenskommelse)"),
    )
    report = forms.ModelChoiceField(
        label=_("Lägesbild"),
        queryset=SituationReport.objects.none(),
        required=False,
        empty_label=_("(ingen lägesbild)"),
        help_text=_("Visas offentligt bara när lägesbilden är offentlig och fastställd."),
    )
    document = forms.FileField(
        label=_("Dokument"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF eller vanligt kontorsformat."),
    )
    url = forms.URLField(
        label=_("Länk"),
        required=False,
        assume_scheme="https",
        help_text=_("T.ex. en lägesbild eller en sida på kommunens webbplats."),
    )
    note = forms.CharField(label=_("Kommentar till underlaget"), required=False, max_length=500)
    public = forms.BooleanField(
        label=_("Underlaget får visas på den publika webbplatsen"),
        required=False,
        help_text=_("Interna beslut och möten visas aldrig offentligt, även om rutan är ikryssad."),
    )

    def __init__(self, *args, item: ChecklistItem, **kwargs):
        initial = {
            "version": item.version,
            "done_on": item.done_on or timezone.localdate(),
            "decision": item.evidence_decision_id,
            "meeting": item.evidence_meeting_id,
            "agreement": item.evidence_agreement_id,
            "report": item.evidence_report_id,
            "url": item.evidence_url,
            "note": item.evidence_note,
            "public": item.evidence_public,
        }
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["decision"].queryset = Decision.objects.with_list_data().latest_first()
        self.fields["meeting"].queryset = Meeting.objects.with_list_data().order_by("-starts_at")
        self.fields["agreement"].queryset = Agreement.objects.order_by("-valid_from", "title")
        self.fields["report"].queryset = SituationReport.objects.newest_first()


class LocalItemForm(forms.Form):
    """A coordinator's own checklist item in a step."""

    step = forms.ModelChoiceField(label=_("Steg"), queryset=Step.objects.all(), empty_label=None)
    text = forms.CharField(
        label=_("Vad ska vara klart?"),
        max_length=300,
        error_messages={"required": _("Skriv vad som ska vara klart.")},
    )
    due_date = forms.DateField(
        label=_("Klart senast"), required=False, widget=DATE_WIDGET, help_text=_("Frivilligt. ÅÅÅÅ-MM-DD.")
    )


class VersionForm(forms.Form):
    """Just the version the user saw (unticking an item)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    """Move the cycle on: a reason is required when items in the step are not done."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Varför går ni vidare trots att punkter inte är klara?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, open_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_count = open_count
        if open_count:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Skriv varför ni går vidare. Motiveringen sparas i historiken."
            )
        else:
            self.fields["reason"].label = _("Kommentar (frivillig)")


class StartCycleForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på perioden"), max_length=200, help_text=_("T.ex. Samverkansperiod 2027–2031.")
    )
    start = forms.DateField(label=_("Från"), widget=DATE_WIDGET, help_text=_("ÅÅÅÅ-MM-DD."))
    end = forms.DateField(label=_("Till"), widget=DATE_WIDGET, help_text=_("ÅÅÅÅ-MM-DD."))
    carry_items = forms.ModelMultipleChoiceField(
        label=_("Punkter som inte är klara och ska föras över till den nya perioden"),
        queryset=ChecklistItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:
            self.fields["carry_items"].queryset = previous.checklist.open().select_related("step")
        else:
            del self.fields["carry_items"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Perioden måste sluta efter att den börjar."))
        return cleaned


# --- Åtgärder ---------------------------------------------------------------------------------------


class MeasureUpdateForm(forms.Form):
    """A lägesrapport on a measure: date, status, how far it has come, what happened, evidence."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
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
