"""User input for follow-up reports: the list filter, writing a draft, registering a body's decision,
copying a report to another period, and the public period filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Decision, Forum, ForumKind
from trygg.concurrency import VersionedFormMixin, VersionForm
from trygg.forms import DateInput
from trygg.validators import validate_plausible_date
from trygg.visibility import Visibility

from ..models import REPORT_DECISIONS, FollowUpPeriod, FollowUpReport, ReportStatus, public_periods


class ReportFilter(forms.Form):
    """Filters of /arbete/rapporter/ (GET)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    period = forms.ModelChoiceField(
        label=_("Uppföljningsperiod"),
        queryset=FollowUpPeriod.objects.none(),
        required=False,
        empty_label=_("Alla"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *ReportStatus.choices]
        self.fields["period"].queryset = FollowUpPeriod.objects.all()

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["period"]:
            queryset = queryset.filter(period=self.cleaned_data["period"])
        return queryset


TEXT_WIDGETS = {
    "introduction": forms.Textarea(attrs={"rows": 8}),
    "conclusions": forms.Textarea(attrs={"rows": 8}),
}


TEXT_HELP = {
    "introduction": _("Vad rapporten handlar om och vad som har hänt under perioden."),
    "conclusions": _("Vad ni har lärt er och vad ni föreslår att styrgruppen och kommunstyrelsen gör."),
}


class ReportCreateForm(forms.ModelForm):
    """A new draft report for a period; `create_report` numbers the version and sets a default title."""

    class Meta:
        model = FollowUpReport
        fields = ["period", "title", "diary_number", "introduction", "conclusions"]
        widgets = TEXT_WIDGETS
        help_texts = TEXT_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = FollowUpPeriod.objects.all()
        self.fields["period"].empty_label = None
        self.fields["period"].error_messages["required"] = _("Välj vilken period rapporten gäller.")
        self.fields["title"].required = False
        self.fields["title"].help_text = _(
            "Lämna tomt för att använda ”Uppföljning av det brottsförebyggande arbetet” och periodens namn."
        )
        # A report is never started empty: the introduction says what it is about from the start.
        self.fields["introduction"].required = True
        self.fields["introduction"].error_messages["required"] = _(
            "Skriv en inledning: vad rapporten handlar om och vad som har hänt under perioden."
        )


class ReportEditForm(VersionedFormMixin, forms.ModelForm):
    """The texts of a draft report; two people saving at once get a conflict, not a silent overwrite."""

    class Meta:
        model = FollowUpReport
        fields = ["title", "diary_number", "introduction", "conclusions"]
        widgets = TEXT_WIDGETS
        help_texts = TEXT_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Skriv en rubrik för rapporten.")


class FinaliseForm(VersionForm):
    """Sending a draft to the styrgrupp. When follow-ups are missing, the coordinator confirms it in
    so many words; the report then says what was missing."""

    accept_missing = forms.BooleanField(required=False)

    def __init__(self, *args, missing: int = 0, total: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if not missing:
            del self.fields["accept_missing"]
            return
        field = self.fields["accept_missing"]
        field.required = True
        field.label = _(
            "Jag vet att %(missing)s av %(total)s åtgärder saknar en godkänd uppföljning med bedömning, "
            "och vill ändå överlämna rapporten till styrgruppen."
        ) % {"missing": missing, "total": total}
        field.error_messages["required"] = _(
            "Kryssa i rutan för att överlämna rapporten trots att uppföljningar saknas, eller avbryt och "
            "komplettera uppföljningarna först."
        )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        label = f"{obj.paragraph}, {obj.decided_on:%Y-%m-%d}"
        if obj.diary_number:
            label += _(", dnr %(dnr)s") % {"dnr": obj.diary_number}
        return f"{label} ({obj.forum.name}): {obj.title}"


class AdvanceForm(VersionForm):
    """Register the decision of the body the report leaves, and move it on (see REPORT_DECISIONS).

    The coordinator picks a registered decision, or registers it here: forum, date, paragraph, dnr and
    title, checked like any Decision. Without either, the service says which decision is missing."""

    decision = DecisionChoiceField(label=_("Beslut"), queryset=Decision.objects.none(), required=False)
    new_forum = forms.ModelChoiceField(label=_("Organ"), queryset=Forum.objects.none(), required=False)
    new_decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput(),
        validators=[validate_plausible_date],
        help_text=_("ÅÅÅÅ-MM-DD."),
    )
    new_paragraph = forms.CharField(
        label=_("Paragraf"), max_length=40, required=False, help_text=_("T.ex. KS § 123.")
    )
    new_diary_number = forms.CharField(label=_("Diarienummer"), max_length=40, required=False)
    new_title = forms.CharField(label=_("Rubrik"), max_length=250, required=False)
    new_public = forms.BooleanField(
        label=_("Beslutet är offentligt"),
        required=False,
        help_text=_("Offentliga beslut visas med paragraf och datum på den publicerade rapporten."),
    )

    NEW_FIELDS = ("new_forum", "new_decided_on", "new_paragraph", "new_diary_number", "new_title")

    def __init__(self, *args, report: FollowUpReport, target: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        field, kinds, name = REPORT_DECISIONS[target]
        field_obj = self.fields["decision"]
        field_obj.label = str(name).capitalize()
        field_obj.empty_label = _("(välj beslut)")
        field_obj.help_text = _("De registrerade besluten av rätt organ, det senaste först.")
        field_obj.queryset = (
            Decision.objects.visible_to(user)
            .filter(forum__kind__in=kinds)
            .select_related("forum")
            .order_by("-decided_on", "-pk")
        )
        self.fields["decision"].initial = getattr(report, f"{field}_id")
        forums = Forum.objects.filter(kind__in=kinds).order_by("name")
        self.fields["new_forum"].queryset = forums
        self.fields["new_forum"].empty_label = _("(välj organ)")
        if len(forums) == 1:
            self.fields["new_forum"].initial = forums[0].pk
        self.fields["new_diary_number"].initial = report.diary_number
        self.fields["new_title"].initial = report.title
        self.fields["new_public"].initial = ForumKind.STEERING_GROUP not in kinds
        self.new_decision = None

    def clean(self):
        data = super().clean()
        # Only what the user typed counts: the forum, dnr and title may be filled in for them.
        typed = [n for n in ("new_decided_on", "new_paragraph") if data.get(n)]
        if not typed:
            return data
        if data.get("decision"):
            raise forms.ValidationError(
                _("Välj ett registrerat beslut eller registrera ett nytt, inte båda.")
            )
        for name in self.NEW_FIELDS:
            if name != "new_diary_number" and not data.get(name):
                self.add_error(name, _("Fyll i det här för att registrera beslutet."))
        if self.errors:
            return data
        decision = Decision(
            forum=data["new_forum"],
            decided_on=data["new_decided_on"],
            paragraph=data["new_paragraph"].strip(),
            diary_number=data["new_diary_number"].strip(),
            title=data["new_title"].strip(),
            visibility=Visibility.PUBLIC if data.get("new_public") else Visibility.INTERNAL,
        )
        try:
            decision.full_clean(exclude=["meeting", "document"])
        except forms.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = f"new_{field}" if f"new_{field}" in self.fields else None
                for error in errors:
                    self.add_error(target, error)
            return data
        self.new_decision = decision
        return data


class CopyForm(forms.Form):
    """Start another period's report from this one."""

    period = forms.ModelChoiceField(
        label=_("Ny period"),
        queryset=FollowUpPeriod.objects.none(),
        empty_label=_("(välj period)"),
        error_messages={"required": _("Välj vilken period den nya rapporten ska gälla.")},
        help_text=_(
            "Inledning och slutsatser följer med. Rubriken blir den nya periodens och diarienumret "
            "fyller du i när du ändrar utkastet."
        ),
    )

    def __init__(self, *args, report: FollowUpReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = FollowUpPeriod.objects.exclude(pk=report.period_id)


class PublicPeriodFilter(forms.Form):
    """The period filter of /uppfoljning/ (GET): only periods with something published."""

    period = forms.ModelChoiceField(
        label=_("Period"), queryset=FollowUpPeriod.objects.none(), required=False, empty_label=_("Alla")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = public_periods()

    @property
    def chosen_period(self):
        return self.cleaned_data["period"] if self.is_valid() else None
