"""The user's choice of reminders ("Mina påminnelser")."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.concurrency import CONFLICT_MESSAGE

from ..models import ReminderKind, ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    """One checkbox per kind of reminder, all ticked until the user unticks one (stored as `muted`).

    ReminderSettings has no version counter; its `updated_at`, carried in a hidden field, does the same
    job: a choice saved in another tab meanwhile is reported, not silently overwritten."""

    wanted = forms.MultipleChoiceField(
        label=_("Påminn mig om"),
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bocka ur det du inte vill få påminnelser om. Inget ikryssat betyder inga påminnelser."),
    )
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReminderSettings
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        muted = set(self.instance.muted or [])
        self.fields["wanted"].initial = [kind for kind in ReminderKind.values if kind not in muted]
        self.fields["loaded_at"].initial = self.stamp(self.instance.updated_at if self.instance.pk else None)

    @staticmethod
    def stamp(updated_at) -> str:
        return updated_at.isoformat() if updated_at else ""

    def clean(self):
        cleaned = super().clean()
        stored = ReminderSettings.objects.filter(user=self.instance.user_id).values_list(
            "updated_at", flat=True
        )
        if cleaned.get("loaded_at", "") != self.stamp(stored.first()):
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        return cleaned

    def save(self, commit=True):
        wanted = set(self.cleaned_data["wanted"])
        self.instance.muted = [kind for kind in ReminderKind.values if kind not in wanted]
        return super().save(commit=commit)
