"""A dialogue with its observations in one form: the trygghetsvandring form that is filled in on a phone
during the walk."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput

from ..models import Dialogue, DialogueKind, Observation, ObservationCategory, Place

NUMBER_ATTRS = {"inputmode": "numeric", "min": "0"}


class DialogueForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = [
            "kind",
            "held_on",
            "area",
            "organiser",
            "residents",
            "staff",
            "police",
            "politicians",
            "other",
            "summary",
            "visibility",
        ]
        widgets = {
            "held_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            **{f: forms.NumberInput(attrs=NUMBER_ATTRS) for f in Dialogue.COUNT_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.update(kind=DialogueKind.SAFETY_WALK, held_on=timezone.localdate())
        self.fields["kind"].choices = DialogueKind.choices
        self.fields["area"].empty_label = _("Välj område")
        self.fields["organiser"].empty_label = _("Ingen angiven")
        self.fields["organiser"].queryset = Actor.objects.filter(active=True)


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["place", "category", "note", "proposal"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "proposal": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"note": _("Vad ni såg. Skriv inte namn på personer.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.with_list_data()
        self.fields["place"].empty_label = _("Välj plats")
        self.fields["category"].choices = [("", _("Välj kategori")), *ObservationCategory.choices]
        self.fields["place"].label_from_instance = lambda p: f"{p.area.name}: {p.name}"


MAX_OBSERVATIONS = 40

ObservationFormSet = forms.inlineformset_factory(
    Dialogue,
    Observation,
    form=ObservationForm,
    extra=5,
    max_num=MAX_OBSERVATIONS,
    # The server enforces the limit: a forged TOTAL_FORMS is refused at once, not built form by form.
    absolute_max=MAX_OBSERVATIONS,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)
ObservationFormSet.default_error_messages = {
    **ObservationFormSet.default_error_messages,
    "too_many_forms": _(
        "Du kan skriva högst %(num)d iakttagelser per dialog. Spara och lägg till fler sedan."
    ),
}
