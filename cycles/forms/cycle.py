"""User input on the kretslopp: ticking a checklist item, a local item, the next step, a new period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Decision, Meeting
from lagesbild.models import SituationReport
from trygg.forms import DateInput
from trygg.uploads import validate_document
from trygg.validators import validate_not_in_future, validate_plausible_date

from ..models import Agreement, ChecklistItem, Step
from ..services.cycle import MISSING_EVIDENCE


class TickForm(forms.Form):
    """Mark a checklist item as done, with a date and evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(
        label=_("Klart datum"),
        widget=DateInput(),
        validators=[validate_plausible_date, validate_not_in_future],
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
    no_evidence_reason = forms.CharField(
        label=_("Finns inget underlag? Skriv varför"),
        required=False,
        max_length=500,
        help_text=_("Till exempel: beslutet togs muntligt i styrgruppen och protokollförs inte."),
    )
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
            "no_evidence_reason": item.no_evidence_reason,
        }
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["decision"].queryset = Decision.objects.with_list_data().latest_first()
        self.fields["meeting"].queryset = Meeting.objects.with_list_data().order_by("-starts_at")
        self.fields["agreement"].queryset = Agreement.objects.order_by("-valid_from", "title")
        self.fields["report"].queryset = SituationReport.objects.newest_first()
        self.item = item

    def clean(self):
        cleaned = super().clean()
        evidence = ("decision", "meeting", "agreement", "report", "document", "url")
        has_evidence = any(cleaned.get(name) for name in evidence) or bool(self.item.evidence_document)
        if not has_evidence and not cleaned.get("no_evidence_reason", "").strip():
            self.add_error("no_evidence_reason", MISSING_EVIDENCE)
        return cleaned


class LocalItemForm(forms.Form):
    """A coordinator's own checklist item in a step."""

    step = forms.ModelChoiceField(label=_("Steg"), queryset=Step.objects.all(), empty_label=None)
    text = forms.CharField(
        label=_("Vad ska vara klart?"),
        max_length=300,
        error_messages={"required": _("Skriv vad som ska vara klart.")},
    )
    due_date = forms.DateField(
        label=_("Klart senast"),
        required=False,
        widget=DateInput(),
        validators=[validate_plausible_date],
        help_text=_("Frivilligt. ÅÅÅÅ-MM-DD."),
    )


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
    start = forms.DateField(
        label=_("Från"), widget=DateInput(), validators=[validate_plausible_date], help_text=_("ÅÅÅÅ-MM-DD.")
    )
    end = forms.DateField(
        label=_("Till"), widget=DateInput(), validators=[validate_plausible_date], help_text=_("ÅÅÅÅ-MM-DD.")
    )
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
