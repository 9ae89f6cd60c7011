from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


class DateInput(forms.DateInput):
    """The browser's date picker, with the value written as YYYY-MM-DD (what it expects and we show)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


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
