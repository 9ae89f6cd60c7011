"""The accessibility statement's feedback form, and the workspace's forms for handling feedback as a
case: the queue's filter, take, answer and close (each carrying the version the handler saw)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AccessibilityFeedback, AccessibilityFeedbackStatus
from ..moderation import CaseVersionForm

ANSWER_MAX_LENGTH = 5000


class AccessibilityFeedbackForm(forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["page_url", "description", "email"]
        labels = {
            "page_url": _("Vilken sida gäller det? (frivilligt)"),
            "description": _("Vad fungerar inte?"),
            "email": _("Din e-postadress (frivilligt, om du vill ha svar)"),
        }
        help_texts = {
            "description": _("Beskriv problemet och vilket hjälpmedel du använder, om du vill."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"description": {"required": _("Beskriv vad som inte fungerar.")}}


class TakeForm(CaseVersionForm):
    """Assign the case to the signed-in handler (nothing to fill in)."""


class AnswerForm(CaseVersionForm):
    text = forms.CharField(
        label=_("Svar"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv svaret.")},
    )
    send = forms.BooleanField(
        label=_("Skicka svaret med e-post till den som rapporterade"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.email:
            self.fields["text"].help_text = _(
                "Svaret sparas i ärendets logg. Skriv så att det går att förstå utan att ha läst synpunkten."
            )
        else:
            # No address (or erased): the answer can only be kept in the log.
            del self.fields["send"]
            self.fields["text"].label = _("Anteckning")
            self.fields["text"].help_text = _(
                "Den som rapporterade har inte lämnat någon e-postadress. Anteckningen sparas bara i "
                "ärendets logg."
            )
            self.fields["text"].error_messages["required"] = _("Skriv anteckningen.")


class CloseForm(CaseVersionForm):
    message = forms.CharField(
        label=_("Meddelande till den som rapporterade (frivilligt)"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vad som har rättats. E-postadressen raderas när ärendet stängs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.case.email:
            self.fields["message"].label = _("Anteckning om varför ärendet stängs (frivilligt)")
            self.fields["message"].help_text = _("Sparas i ärendets logg.")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), ("open", _("Alla öppna")), *AccessibilityFeedbackStatus.choices],
    )
    q = forms.CharField(label=_("Sök i texten"), required=False, max_length=200)
