"""User input for follow-ups per measure (step 5): the period, the follow-up itself, the partners'
commitments, the overview's filters and the coordinator's confirmations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput

from ..models import Assessment, CommitmentKept, FollowUp, FollowUpPeriod, FollowUpStatus

MISSING = "saknas"

# The overview's status filter: "saknas" (no follow-up yet) and the follow-up's own statuses.
STATUS_FILTER_CHOICES = [("", _("Alla")), (MISSING, _("Saknas")), *FollowUpStatus.choices]


class FollowUpPeriodForm(VersionedFormMixin, forms.ModelForm):
    """A coordinator creates or changes a round of follow-up; the model's clean() checks the dates."""

    class Meta:
        model = FollowUpPeriod
        fields = ["cycle", "name", "starts_on", "ends_on", "closes_on", "remind_days_before"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "closes_on": DateInput()}
        help_texts = {
            "starts_on": _("ÅÅÅÅ-MM-DD."),
            "ends_on": _("ÅÅÅÅ-MM-DD. Åtgärder som pågick någon gång under perioden följs upp."),
        }
        error_messages = {
            "name": {"required": _("Ge perioden ett namn, t.ex. Uppföljning 2025.")},
            "starts_on": {"required": _("Ange när perioden börjar.")},
            "ends_on": {"required": _("Ange när perioden slutar.")},
            "closes_on": {"required": _("Ange sista dag för uppföljningar.")},
            "cycle": {"required": _("Välj samverkansperiod.")},
        }


class FollowUpForm(VersionedFormMixin, forms.ModelForm):
    """What the lead partner writes about a measure for the period."""

    class Meta:
        model = FollowUp
        fields = list(FollowUp.WRITTEN_FIELDS)
        widgets = {
            "done_text": forms.Textarea(attrs={"rows": 5}),
            "effect_text": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.RadioSelect,
            "assessment_reason": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "done_text": _("Vad har gjorts?"),
            "effect_text": _("Vilken effekt har åtgärden haft på problemet?"),
            "lessons": _("Lärdomar"),
            "assessment": _("Bedömning"),
            "assessment_reason": _("Motivering av bedömningen"),
            "public_summary": _("Sammanfattning för invånare"),
            "visibility": _("Synlighet"),
        }
        help_texts = {
            "done_text": _("Vad ni har genomfört under perioden, jämfört med planen."),
            "lessons": _("Vad skulle ni göra annorlunda? Vad kan andra lära av er?"),
            "visibility": _(
                "Offentlig: sammanfattningen visas för invånare när en samordnare har godkänt "
                "uppföljningen. Intern: bara inloggade ser den."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio group with three lights; no "---------" choice, and leaving it empty is allowed
        # for a draft (submitting checks it).
        self.fields["assessment"].choices = list(Assessment.choices)
        self.fields["assessment"].required = False

    def mark_missing(self, labels: list[str]) -> None:
        """Tie the service's "fill in …" (model field names) to the fields, so each error links to one."""
        by_name = {
            str(FollowUp._meta.get_field(name).verbose_name).lower(): name for name in self._meta.fields
        }
        for label in labels:
            name = by_name.get(str(label).lower())
            if name and name not in self.errors:
                self.add_error(name, _("Fyll i det här innan uppföljningen lämnas in."))


class CommitmentForm(forms.Form):
    """One partner's commitment: kept or not, and a comment. The actor is carried in a hidden field so
    that the row lands on the right partner even if the list changed while the page was open."""

    actor = forms.IntegerField(widget=forms.HiddenInput)
    kept = forms.ChoiceField(choices=CommitmentKept.choices)
    comment = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.initial.get("actor_name", "")
        self.actor_name = name
        self.fields["kept"].label = _("Har %(actor)s gjort det den åtog sig?") % {"actor": name}
        self.fields["comment"].label = _("Kommentar om %(actor)s") % {"actor": name}


# One row per partner of the measure; the server refuses more rows than any measure could have.
CommitmentFormSet = forms.formset_factory(
    CommitmentForm, extra=0, max_num=50, absolute_max=50, validate_max=True
)


class FollowUpOverviewFilter(forms.Form):
    """The overview's filters (GET): which period, the follow-up's status, the lead actor, a search."""

    period = forms.TypedChoiceField(label=_("Uppföljningsperiod"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Uppföljning"), choices=STATUS_FILTER_CHOICES, required=False)
    aktor = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), queryset=Actor.objects.none(), required=False, empty_label=_("Alla")
    )
    q = forms.CharField(label=_("Sök på åtgärdens rubrik"), required=False, max_length=100)

    def __init__(self, *args, periods: list[FollowUpPeriod], measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.pk, p.name) for p in periods]
        self.fields["aktor"].queryset = (
            Actor.objects.filter(led_measures__in=measures).distinct().order_by("name")
        )

    def filter(self, queryset):
        """Apply status, actor and search to measures annotated by `FollowUpPeriod.with_follow_up`."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"] == MISSING:
            queryset = queryset.filter(follow_up_status__isnull=True)
        elif data["status"]:
            queryset = queryset.filter(follow_up_status=data["status"])
        if data["aktor"]:
            queryset = queryset.filter(lead_actor=data["aktor"])
        if data["q"].strip():
            queryset = queryset.filter(title__icontains=data["q"].strip())
        return queryset


class FollowUpMoveForm(forms.Form):
    """A coordinator's confirmed status move: the version the page showed, and an optional reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Motivering (frivillig)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        help_text=_("Den ansvariga ser motiveringen på uppföljningens sida."),
    )
