"""User input on milestones (delmål och aktiviteter) of a measure and on links between measures."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from trygg.concurrency import VersionedFormMixin
from trygg.forms.dates import DATE_INVALID, DATE_PICKER_HELP, TypedDateInput
from trygg.validators import validate_not_in_future, validate_plausible_date
from trygg.visibility import Visibility

from ..models import LinkKind, Measure, Milestone

# How many measures the link form lists at once; a search narrows the list down.
LINK_CHOICES_LIMIT = 100


class MilestoneForm(VersionedFormMixin, forms.ModelForm):
    """A milestone's title, who is responsible, when it is due and done, and who may see it.

    `may_publish` False (a partner whose reports a coordinator reviews) leaves the visibility out: a
    new milestone is then internal, and an existing one keeps its visibility."""

    class Meta:
        model = Milestone
        fields = ["title", "responsible", "due_on", "done_on", "visibility"]
        widgets = {
            "due_on": TypedDateInput(),
            "done_on": TypedDateInput(),
            "visibility": forms.RadioSelect(),
        }
        labels = {
            "title": _("Delmål eller aktivitet"),
            "responsible": _("Ansvarig aktör"),
            "due_on": _("Klart senast"),
            "done_on": _("Klart datum"),
            "visibility": _("Vem får se delmålet?"),
        }
        help_texts = {
            "title": _("Kort och konkret, t.ex. ”Nya armaturer monterade vid torget”."),
            "due_on": DATE_PICKER_HELP,
            "done_on": _("Fyll i när delmålet är klart. Skriv datumet som ÅÅÅÅ-MM-DD."),
            "visibility": _(
                "Offentliga delmål visas på åtgärdens sida för invånare. Skriv inga namn på enskilda "
                "personer."
            ),
        }
        error_messages = {
            "title": {"required": _("Skriv vad delmålet eller aktiviteten är.")},
            "due_on": {"invalid": DATE_INVALID},
            "done_on": {"invalid": DATE_INVALID},
        }

    def __init__(self, *args, measure: Measure, may_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        actors = Actor.objects.filter(active=True)
        if self.instance.responsible_id:
            actors = actors | Actor.objects.filter(pk=self.instance.responsible_id)
        responsible = self.fields["responsible"]
        responsible.queryset = actors.order_by("name")
        responsible.empty_label = _("Åtgärdens ansvariga aktör (%(a)s)") % {"a": measure.lead_actor.name}
        responsible.help_text = _("Lämna som det är om det är åtgärdens ansvariga aktör.")
        if may_publish:
            self.fields["visibility"].choices = [
                (Visibility.PUBLIC, _("Alla: visas på den publika sidan")),
                (Visibility.INTERNAL, _("Bara inloggade i arbetsytan")),
            ]
        else:
            del self.fields["visibility"]


class MilestoneDoneForm(forms.Form):
    """Mark a milestone as done: the date, and the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(
        label=_("Klart datum"),
        widget=TypedDateInput(),
        validators=[validate_plausible_date, validate_not_in_future],
        help_text=DATE_PICKER_HELP,
        error_messages={"required": _("Ange datumet då delmålet blev klart."), "invalid": DATE_INVALID},
    )

    def __init__(self, *args, milestone: Milestone, **kwargs):
        initial = {"version": milestone.version, "done_on": timezone.localdate()}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)


class MeasureLinkForm(forms.Form):
    """A link from this measure to another one. The list of measures is grouped by plan and narrowed by
    a search (`search`, the page's ?sok=), so it works without JavaScript however many there are.
    A link to itself or a second link between the same two measures is refused by the service
    (services.milestone.add_link), after the form's own token is checked: a form sent twice is then
    "already saved", not "already linked"."""

    kind = forms.ChoiceField(
        label=_("Den här åtgärden …"),
        choices=LinkKind.choices,
        widget=forms.RadioSelect(),
        error_messages={"required": _("Välj hur åtgärderna hänger ihop.")},
    )
    to_measure = forms.ModelChoiceField(
        label=_("… den andra åtgärden"),
        queryset=Measure.objects.none(),
        empty_label=_("Välj en åtgärd"),
        error_messages={
            "required": _("Välj den andra åtgärden."),
            "invalid_choice": _("Den åtgärden finns inte längre. Välj en annan."),
        },
    )
    sok = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure: Measure, candidates, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_measure"]
        field.queryset = candidates
        listed = candidates.exclude(pk=measure.pk)
        if search:
            listed = listed.filter(title__icontains=search)
        listed = listed.select_related("plan").order_by("plan__period_start", "plan__pk", "title", "pk")
        found = list(listed[: LINK_CHOICES_LIMIT + 1])
        self.shown, self.more = found[:LINK_CHOICES_LIMIT], len(found) > LINK_CHOICES_LIMIT
        # A measure chosen before the list was narrowed stays in it when the form comes back with errors.
        chosen = str(self.data.get(self.add_prefix("to_measure"), "")) if self.is_bound else ""
        if chosen.isdigit() and all(str(m.pk) != chosen for m in self.shown):
            self.shown += list(candidates.filter(pk=chosen).select_related("plan"))
        groups: dict[str, list[tuple[int, str]]] = {}
        for other in self.shown:
            groups.setdefault(other.plan.title, []).append((other.pk, other.title))
        field.widget.choices = [("", field.empty_label), *groups.items()]
        field.help_text = _("Listan är grupperad efter åtgärdsplan. Sök ovanför för att korta listan.")
