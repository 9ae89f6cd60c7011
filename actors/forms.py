"""User input in the actors app: a partner's contacts, and decisions with their document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput

from .models import Contact, Decision


class ContactForm(VersionedFormMixin, forms.ModelForm):
    """A partner editor edits the people at their own actor; the actor and the account link are fixed."""

    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]
        help_texts = {"phone": _("T.ex. 0477-441 00.")}
        error_messages = {"name": {"required": _("Ange personens namn.")}}


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "forum",
            "decided_on",
            "paragraph",
            "diary_number",
            "title",
            "summary",
            "meeting",
            "document",
            "visibility",
        ]
        widgets = {"decided_on": DateInput()}
