"""The accessibility statement's feedback form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AccessibilityFeedback


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
