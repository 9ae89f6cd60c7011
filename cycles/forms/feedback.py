"""The resident's feedback on a measure ("Har du synpunkter på åtgärden?") and the staff's forms for it:
propose or publish the public text, answer, reject, close."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.concurrency import VersionedFormMixin
from trygg.moderation import CaseVersionForm, HoneypotMixin

from ..models import FeedbackStatus, MeasureFeedback
from ..models.feedback import FEEDBACK_MAX_LENGTH
from ..services.feedback import certain_personal_data

# The fields' ids on the measure page, apart from the "Följ" form's there.
AUTO_ID = "synpunkt-%s"


class MeasureFeedbackForm(HoneypotMixin, forms.ModelForm):
    """What a resident fills in: the text, and an address only if they want an answer (and the
    honeypot, `webbplats`)."""

    class Meta:
        model = MeasureFeedback
        fields = ["text", "email"]
        labels = {
            "text": _("Din synpunkt"),
            "email": _("Din e-postadress (om du vill ha svar)"),
        }
        help_texts = {
            "text": _(
                "Vad tycker du om åtgärden? Skriv inte namn på någon och inga personnummer eller "
                "telefonnummer. Högst 2 000 tecken."
            ),
            "email": _(
                "Vi använder den bara för att svara dig och raderar den när ärendet är avslutat. Den visas "
                "aldrig för andra."
            ),
        }
        error_messages = {"text": {"required": _("Skriv din synpunkt.")}}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", AUTO_ID)
        super().__init__(*args, **kwargs)


class PublishForm(VersionedFormMixin, forms.ModelForm):
    """The anonymous text residents will see (a partner editor's proposal, or a coordinator's to publish)."""

    class Meta:
        model = MeasureFeedback
        fields = ["public_text"]
        labels = {"public_text": _("Text som visas offentligt")}
        help_texts = {
            "public_text": _(
                "Ta bort allt som kan peka ut en person: namn, telefonnummer, e-postadresser, beskrivningar "
                "av enskilda. Det invånaren skrev sparas och visas bara för handläggare."
            ),
        }
        widgets = {"public_text": forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_text"].required = True
        if not self.instance.public_text:
            self.initial["public_text"] = self.instance.text

    def clean_public_text(self):
        text = self.cleaned_data["public_text"]
        flag = certain_personal_data(text)
        if flag is not None:
            raise ValidationError(
                _("Texten innehåller fortfarande %(what)s: %(text)s. Ta bort det innan du publicerar.")
                % {"what": flag.label, "text": flag.text},
                code="personal_data",
            )
        return text


class AnswerForm(CaseVersionForm):
    answer = forms.CharField(
        label=_("Svar"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skickas med e-post till invånaren om hen har lämnat en adress. Ett nytt svar ersätter det förra."
        ),
    )
    public = forms.BooleanField(
        label=_("Visa svaret offentligt med synpunkten"),
        required=False,
        help_text=_(
            "Svaret syns på åtgärdens sida när synpunkten är publicerad. Skriv det utan personuppgifter."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].initial = self.case.answer
        self.fields["public"].initial = self.case.answer_public


class RejectForm(CaseVersionForm):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Invånaren får skälet i ett e-postmeddelande, om hen har lämnat en adress. Skriv det så att det "
            "går att förstå utan att ha läst synpunkten."
        ),
    )


class CloseForm(CaseVersionForm):
    message = forms.CharField(
        label=_("Meddelande till invånaren (om du vill)"),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-postadressen raderas när ärendet stängs."),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *FeedbackStatus.choices]
    )
    q = forms.CharField(label=_("Sök i texten eller åtgärden"), required=False, max_length=200)
