"""User input on the årshjul: recurring rules and one-off items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Forum
from trygg.concurrency import VersionedFormMixin
from trygg.forms.dates import DATE_INVALID, DATE_PICKER_HELP, TypedDateInput

from ..models import YearWheelItem, YearWheelRule

LABELS = {
    "title": _("Vad ska göras eller hända?"),
    "description": _("Beskrivning"),
    "link": _("Länk till sidan där det görs"),
    "responsible_actor": _("Ansvarig aktör"),
    "responsible_forum": _("Ansvarigt forum"),
    "remind_days_before": _("Påminn så här många dagar före"),
}
HELP = {
    "title": _("Kort och konkret, t.ex. ”Brå:s preliminära statistik publiceras”."),
    "description": _("Valfritt. Skriv inga namn på enskilda invånare."),
    "link": _("Valfritt. En sida här som börjar med /, t.ex. /arbete/rapporter/, eller en hel adress."),
    "responsible_actor": _(
        "Valfritt. Samordnarna får alltid påminnelsen; partner hos den ansvariga aktören får den också."
    ),
    "responsible_forum": _("Valfritt."),
    "remind_days_before": _("En påminnelse med e-post, en gång. 0 betyder ingen påminnelse."),
}
ERRORS = {
    "title": {"required": _("Skriv vad som ska göras eller hända.")},
    "remind_days_before": {
        "required": _("Skriv hur många dagar före påminnelsen ska komma, eller 0."),
        "invalid": _("Skriv ett helt antal dagar, t.ex. 14."),
        "max_value": _("Påminnelsen kan komma högst 365 dagar före."),
    },
}
FIELDS = ["title", "description", "link", "responsible_actor", "responsible_forum", "remind_days_before"]


class EntryFormMixin(VersionedFormMixin):
    """Responsible actors and forums in name order; an inactive actor stays if it is chosen already."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.filter(active=True)
        if self.instance.responsible_actor_id:
            actors = actors | Actor.objects.filter(pk=self.instance.responsible_actor_id)
        self.fields["responsible_actor"].queryset = actors.order_by("name")
        self.fields["responsible_actor"].empty_label = _("Ingen särskild (samordnarna)")
        self.fields["responsible_forum"].queryset = Forum.objects.order_by("name")
        self.fields["responsible_forum"].empty_label = _("Inget särskilt")
        self.fields["description"].widget.attrs["rows"] = 3


class YearWheelRuleForm(EntryFormMixin, forms.ModelForm):
    """A task that comes back every year on the same month and day."""

    class Meta:
        model = YearWheelRule
        fields = ["title", "month", "day", *FIELDS[1:], "active"]
        labels = {
            **LABELS,
            "month": _("Månad"),
            "day": _("Dag i månaden"),
            "active": _("Visa händelsen i årshjulet"),
        }
        help_texts = {
            **HELP,
            "day": _("1–31. Den 29 februari blir den 28 februari de år som inte är skottår."),
            "active": _("Bocka ur för att gömma händelsen utan att ta bort den."),
        }
        error_messages = {
            **ERRORS,
            "month": {"required": _("Välj en månad.")},
            "day": {
                "required": _("Skriv vilken dag i månaden, 1–31."),
                "invalid": _("Skriv dagen som en siffra, 1–31."),
                "min_value": _("Skriv dagen som en siffra, 1–31."),
                "max_value": _("Skriv dagen som en siffra, 1–31."),
            },
        }


class YearWheelItemForm(EntryFormMixin, forms.ModelForm):
    """Something that happens once, on a date."""

    class Meta:
        model = YearWheelItem
        fields = ["title", "on", *FIELDS[1:]]
        widgets = {"on": TypedDateInput()}
        labels = {**LABELS, "on": _("Datum")}
        help_texts = {**HELP, "on": DATE_PICKER_HELP}
        error_messages = {
            **ERRORS,
            "on": {"required": _("Skriv datumet som ÅÅÅÅ-MM-DD."), "invalid": DATE_INVALID},
        }
