"""User input on åtgärdsplaner: the plan itself, a copy as a new draft, the next plan with the measures
carried over (dates typed as ÅÅÅÅ-MM-DD through trygg.forms.dates.IsoDateField)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Decision
from lagesbild.models import SituationReport
from trygg.concurrency import VersionedFormMixin
from trygg.forms.dates import IsoDateField
from trygg.visibility import Visibility

from ..models import ActionPlan, Cycle, Measure


def decision_label(decision: Decision) -> str:
    return f"{decision.forum.name} {decision.paragraph}, {decision.decided_on:%Y-%m-%d}: {decision.title}"


def situation_report_label(report: SituationReport) -> str:
    return (
        f"{report.title} ({report.get_status_display().lower()}, "
        f"{report.period_start:%Y-%m-%d}–{report.period_end:%Y-%m-%d})"
    )


class PlanForm(VersionedFormMixin, forms.ModelForm):
    """A coordinator writes or changes an åtgärdsplan. The status moves on the plan's page."""

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "cycle",
            "period_start",
            "period_end",
            "situation_report",
            "goals",
            "decision",
            "visibility",
        ]
        field_classes = {"period_start": IsoDateField, "period_end": IsoDateField}
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
            "situation_report": forms.Select(attrs={"data-choice-filter": _("Sök lägesbild")}),
            "decision": forms.Select(attrs={"data-choice-filter": _("Sök beslut")}),
        }
        labels = {
            "title": _("Planens namn"),
            "cycle": _("Samverkansperiod"),
            "period_start": _("Gäller från"),
            "period_end": _("Gäller till"),
            "situation_report": _("Lägesbilden som planen bygger på"),
            "goals": _("Mål"),
            "decision": _("Beslutet som antog planen"),
            "visibility": _("Vem får se planen?"),
        }
        help_texts = {
            "title": _("Till exempel ”Åtgärdsplan 2025–2027”."),
            "situation_report": _(
                "Lagen (5 §) kräver att planen bygger på en lägesbild. Krävs innan planen kan beslutas."
            ),
            "goals": _("Vad planen ska uppnå. Visas för invånare när planen är beslutad och offentlig."),
            "decision": _(
                "Fylls i när planen är antagen, t.ex. KS § 123. Krävs innan planen kan markeras som "
                "beslutad. Finns beslutet inte i listan registrerar du det först under Samverkan."
            ),
            "visibility": _(
                "Offentlig: invånare ser planen och dess offentliga åtgärder när den är beslutad. "
                "Intern: bara inloggade ser den."
            ),
        }
        error_messages = {
            "title": {"required": _("Ge planen ett namn.")},
            "cycle": {"required": _("Välj vilken samverkansperiod planen hör till.")},
            "period_start": {"required": _("Ange från vilket datum planen gäller.")},
            "period_end": {"required": _("Ange till vilket datum planen gäller.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = list(Visibility.choices)
        self.fields["cycle"].empty_label = _("Välj samverkansperiod")
        reports = self.fields["situation_report"]
        reports.queryset = SituationReport.objects.order_by("-period_end", "title")
        reports.label_from_instance = situation_report_label
        reports.empty_label = _("Ingen lägesbild vald ännu")
        decisions = self.fields["decision"]
        decisions.queryset = Decision.objects.select_related("forum").order_by("-decided_on", "paragraph")
        decisions.label_from_instance = decision_label
        decisions.empty_label = _("Inget beslut ännu")


class NewPlanForm(forms.Form):
    """What a new plan needs when it is made from another one (a copy, or the next plan)."""

    title = forms.CharField(
        label=_("Den nya planens namn"),
        max_length=250,
        error_messages={"required": _("Ge den nya planen ett namn.")},
    )
    cycle = forms.ModelChoiceField(
        label=_("Samverkansperiod"),
        queryset=Cycle.objects.order_by("-start_date"),
        empty_label=_("Välj samverkansperiod"),
        error_messages={"required": _("Välj vilken samverkansperiod den nya planen hör till.")},
    )
    period_start = IsoDateField(
        label=_("Gäller från"), error_messages={"required": _("Ange från vilket datum planen gäller.")}
    )
    period_end = IsoDateField(
        label=_("Gäller till"), error_messages={"required": _("Ange till vilket datum planen gäller.")}
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Åtgärder"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-choice-filter": _("Sök åtgärd")}),
    )

    def __init__(self, *args, plan: ActionPlan, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = self.fields["measures"]
        field.queryset = measures
        field.label_from_instance = lambda m: f"{m.title} ({m.get_status_display().lower()}, {m.progress} %)"
        self.initial.setdefault("measures", [m.pk for m in measures])
        self.initial.setdefault("cycle", plan.cycle_id)
        # The next period by default: from the day after this plan ends, for as long.
        start = plan.period_end + datetime.timedelta(days=1)
        self.initial.setdefault("period_start", start)
        self.initial.setdefault("period_end", start + (plan.period_end - plan.period_start))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("Planen måste gälla till ett datum efter startdatumet."))
        return cleaned


class PlanCopyForm(NewPlanForm):
    """A copy of a plan as a new draft, with fresh copies of the chosen measures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].help_text = _(
            "Kopiorna börjar som planerade, 0 % klara, utan lägesrapporter. Originalen ändras inte."
        )


class CarryOverForm(NewPlanForm):
    """Ny plan och överföring: the next plan, and which unfinished measures continue in it."""

    situation_report = forms.ModelChoiceField(
        label=_("Lägesbilden som den nya planen bygger på"),
        queryset=SituationReport.objects.none(),
        required=False,
        empty_label=_("Ingen lägesbild vald ännu"),
        widget=forms.Select(attrs={"data-choice-filter": _("Sök lägesbild")}),
        help_text=_("Krävs innan den nya planen kan beslutas. Du kan välja den senare."),
    )
    goals = forms.CharField(
        label=_("Mål"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Förifyllt med den gamla planens mål. Visas för invånare när planen är beslutad."),
    )

    field_order = ["title", "cycle", "period_start", "period_end", "situation_report", "goals", "measures"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reports = self.fields["situation_report"]
        reports.queryset = SituationReport.objects.order_by("-period_end", "title")
        reports.label_from_instance = situation_report_label
        self.initial.setdefault("situation_report", self.plan.situation_report_id)
        self.initial.setdefault("goals", self.plan.goals)
        self.fields["measures"].label = _("Åtgärder som fortsätter i den nya planen")
        self.fields["measures"].help_text = _(
            "Varje vald åtgärd blir en åtgärd i den nya planen med samma status, hur långt den kommit, "
            "ansvariga, platser, problem och orsaker, indikatorer, öppna delmål och samband. Den gamla "
            "planen och dess åtgärder med lägesrapporter ändras inte."
        )
