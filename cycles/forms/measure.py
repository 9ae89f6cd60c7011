"""User input on measures: the measure itself (new, changed, copied, cancelled), a lägesrapport, the
public text, the coordinators' overview filters and the public list's filters."""

import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Contact, Decision
from lagesbild.models import Area, CauseAnalysis, Place, Problem
from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput
from trygg.forms.dates import IsoDateField
from trygg.uploads import validate_document
from trygg.validators import validate_not_in_future, validate_plausible_date
from trygg.visibility import Visibility

from ..models import ActionPlan, Measure, MeasureKind, MeasureLevel, MeasureStatus, PromiseLine
from ..services.measure import PLAN_STATUSES_OPEN_FOR_MEASURES, RESERVED_SLUGS, unique_slug
from .plan import decision_label


class MeasureUpdateForm(forms.Form):
    """A lägesrapport on a measure: date, status, how far it has come, what happened, evidence."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        validators=[validate_plausible_date, validate_not_in_future],
        help_text=_("ÅÅÅÅ-MM-DD."),
        error_messages={"required": _("Ange datumet för lägesrapporten.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Hur långt har åtgärden kommit? (procent, 0–100)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Ange hur långt åtgärden har kommit, 0–100."),
            "min_value": _("Ange ett tal mellan 0 och 100."),
            "max_value": _("Ange ett tal mellan 0 och 100."),
        },
    )
    text = forms.CharField(
        label=_("Vad har hänt?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Visas offentligt när rapporten är godkänd. Skriv inga namn på enskilda personer."),
        error_messages={"required": _("Skriv vad som har hänt.")},
    )
    evidence_url = forms.URLField(label=_("Länk till underlag"), required=False, assume_scheme="https")
    evidence_document = forms.FileField(
        label=_("Dokument"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF eller vanligt kontorsformat."),
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        initial = {"date": timezone.localdate(), "status": measure.status, "progress": measure.progress}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)


class MeasureTextForm(VersionedFormMixin, forms.ModelForm):
    """The public text of a measure: what the lead actor's partner editor may change."""

    class Meta:
        model = Measure
        fields = ["public_text"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 8})}


class MeasureOverviewFilter(forms.Form):
    """Filters of the coordinators' table of all measures (GET, also used for the CSV export)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    aktor = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), queryset=Actor.objects.none(), required=False, empty_label=_("Alla")
    )
    plan = forms.ModelChoiceField(
        label=_("Åtgärdsplan"), queryset=ActionPlan.objects.none(), required=False, empty_label=_("Alla")
    )
    inaktuell = forms.BooleanField(label=_("Bara inaktuella"), required=False)
    utan_orsak = forms.BooleanField(label=_("Bara åtgärder utan orsaksanalys"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *MeasureStatus.choices]
        self.fields["aktor"].queryset = (
            Actor.objects.filter(led_measures__isnull=False).distinct().order_by("name")
        )
        self.fields["plan"].queryset = ActionPlan.objects.all()

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["aktor"]:
            queryset = queryset.filter(lead_actor=data["aktor"])
        if data["plan"]:
            queryset = queryset.filter(plan=data["plan"])
        if data["inaktuell"]:
            queryset = queryset.filter(pk__in=Measure.objects.stale().values("pk"))
        if data["utan_orsak"]:
            queryset = queryset.filter(pk__in=Measure.objects.without_cause().values("pk"))
        return queryset


class MeasureFilterForm(forms.Form):
    """The filters of /atgarder/, as GET parameters so that a filtered view can be shared."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    omrade = forms.ModelChoiceField(
        label=_("Område"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    fokus = forms.ModelChoiceField(
        label=_("Fokusområde"), queryset=Problem.objects.none(), required=False, empty_label=_("Alla")
    )
    aktor = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), queryset=Actor.objects.none(), required=False, empty_label=_("Alla")
    )
    typ = forms.ChoiceField(label=_("Typ av åtgärd"), required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *MeasureStatus.choices]
        self.fields["typ"].choices = [("", _("Alla")), *MeasureKind.choices]
        self.fields["omrade"].queryset = (
            Area.objects.filter(measures__in=measures).distinct().order_by("name")
        )
        self.fields["fokus"].queryset = Problem.objects.public().focus_areas()
        self.fields["aktor"].queryset = (
            Actor.objects.public().filter(led_measures__in=measures).distinct().order_by("name")
        )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["typ"]:
            queryset = queryset.filter(kind=data["typ"])
        if data["omrade"]:
            queryset = queryset.filter(areas=data["omrade"])
        if data["fokus"]:
            queryset = queryset.filter(problems=data["fokus"])
        if data["aktor"]:
            queryset = queryset.filter(lead_actor=data["aktor"])
        return queryset.distinct() if data["omrade"] or data["fokus"] else queryset


# --- The measure itself, written by a coordinator in the workspace ------------------------------------


def plans_open_for_measures():
    return ActionPlan.objects.filter(status__in=PLAN_STATUSES_OPEN_FOR_MEASURES).order_by("-period_start")


class KronorField(forms.DecimalField):
    """Whole kronor as Swedes write them: "250 000", "250000 kr", "1 500,00"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]|kr\.?$", "", value.strip(), flags=re.IGNORECASE).replace(
                ",", "."
            )
        return super().to_python(value)


def cause_label(cause: CauseAnalysis) -> str:
    """ "Orsaksanalys ur ett situationellt perspektiv: Unga som saknar sysselsättning …"."""
    gist = cause.offender_motivation or cause.place_guardians or cause.target_victim or cause.risk_factors
    label = _("Orsaksanalys %(p)s") % {"p": cause.perspective_phrase}
    return f"{label}: {Truncator(gist).chars(90)}" if gist else str(label)


def problem_label(problem: Problem) -> str:
    if problem.prioritised:
        return _("%(t)s (fokusområde, prioritet %(n)s)") % {"t": problem.title, "n": problem.priority}
    return problem.title


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    """A coordinator writes or changes a measure. Status and progress follow its lägesrapporter; it is
    cancelled on its own page. Long lists are grouped (problems by lägesbild, causes by problem, places
    by area, promise lines by promise) and get a search box where JavaScript runs."""

    plan = forms.ModelChoiceField(
        label=_("Åtgärdsplan"),
        queryset=ActionPlan.objects.none(),
        empty_label=_("Välj åtgärdsplan"),
        help_text=_("Planer som är utkast, på remiss, beslutade eller genomförs."),
        error_messages={"required": _("Välj vilken åtgärdsplan åtgärden hör till.")},
    )
    # Fields whose choices the template shows in groups, and the label of each group's search box.
    GROUPED = {
        "problems": _("Sök problem"),
        "cause_analyses": _("Sök orsak"),
        "promise_lines": _("Sök löfte"),
        "places": _("Sök plats"),
    }

    class Meta:
        model = Measure
        fields = [
            "title",
            "slug",
            "public_text",
            "internal_notes",
            "problems",
            "cause_analyses",
            "promise_lines",
            "kind",
            "level",
            "lead_actor",
            "lead_contact",
            "contributors",
            "areas",
            "places",
            "start_date",
            "end_date",
            "budget",
            "funding",
            "goal",
            "indicator",
            "visibility",
            "updates_need_approval",
            "decision",
        ]
        field_classes = {"start_date": IsoDateField, "end_date": IsoDateField, "budget": KronorField}
        widgets = {
            "public_text": forms.Textarea(attrs={"rows": 5}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            # The grouped fields (GROUPED) are drawn by the template, a fieldset per group.
            "problems": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "cause_analyses": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "promise_lines": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "places": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "contributors": forms.CheckboxSelectMultiple(attrs={"data-choice-filter": _("Sök aktör")}),
            "areas": forms.CheckboxSelectMultiple,
            "lead_actor": forms.Select(attrs={"data-choice-filter": _("Sök aktör")}),
            "lead_contact": forms.Select(attrs={"data-choice-filter": _("Sök kontaktperson")}),
            "decision": forms.Select(attrs={"data-choice-filter": _("Sök beslut")}),
        }
        labels = {
            "title": _("Rubrik"),
            "slug": _("Kortnamn i adressen"),
            "public_text": _("Beskrivning för invånare"),
            "internal_notes": _("Interna anteckningar"),
            "problems": _("Problem som åtgärden ska minska"),
            "cause_analyses": _("Orsaker som åtgärden påverkar"),
            "promise_lines": _("Löften i medborgarlöften som åtgärden uppfyller"),
            "kind": _("Typ av åtgärd"),
            "level": _("Nivå"),
            "lead_actor": _("Ansvarig aktör"),
            "lead_contact": _("Ansvarig kontaktperson"),
            "contributors": _("Medverkande aktörer"),
            "areas": _("Områden"),
            "places": _("Platser"),
            "start_date": _("Start"),
            "end_date": _("Klart senast"),
            "budget": _("Budget i kronor"),
            "funding": _("Finansiering"),
            "goal": _("Mål"),
            "indicator": _("Annan uppföljning"),
            "visibility": _("Vem får se åtgärden?"),
            "updates_need_approval": _("En samordnare godkänner partnerns lägesrapporter innan de visas"),
            "decision": _("Beslut om att lägga till åtgärden"),
        }
        help_texts = {
            "title": _("Visas för invånare. Säg vad som görs, t.ex. ”Belysning i Folkets park”."),
            "slug": _(
                "Sista delen av adressen /atgarder/…/. Lämna tomt så skapas det av rubriken. Ändra inte "
                "efter att åtgärden har publicerats, då slutar gamla länkar att fungera."
            ),
            "public_text": _("Visas för invånare. Skriv inga namn på enskilda personer."),
            "internal_notes": _("Visas aldrig för invånare."),
            "problems": _(
                "Grupperade efter lägesbilden de kommer från. Problemen i planens egen lägesbild står först."
            ),
            "cause_analyses": _(
                "Grupperade efter problem. Välj också problemet som orsaken hör till. Minst en orsak krävs "
                "innan planen kan beslutas."
            ),
            "kind": _(
                "Situationell: gör brott svårare på platsen (belysning, kameror, vuxna på plats). Social: "
                "påverkar människors benägenhet att begå brott (stöd, skola, fritid)."
            ),
            "level": _(
                "Universell: riktar sig till alla. Selektiv: till grupper med förhöjd risk. Indikerad: till "
                "personer som redan visar problem."
            ),
            "lead_contact": _("Grupperade efter aktör. Personen ska arbeta hos den ansvariga aktören."),
            "contributors": _("Aktörer som bidrar men inte leder åtgärden."),
            "places": _("Grupperade efter område."),
            "start_date": _("ÅÅÅÅ-MM-DD, till exempel 2026-03-01. Frivilligt."),
            "end_date": _("ÅÅÅÅ-MM-DD, till exempel 2026-12-01. Efter det datumet räknas åtgärden som sen."),
            "budget": _("Hela kronor, till exempel 250 000. Frivilligt."),
            "funding": _("Till exempel ”Brottsförebyggande rådets budget 2026”."),
            "goal": _("Vad åtgärden ska leda till. Visas för invånare."),
            "indicator": _(
                "Det som inte finns som indikator i statistiken, t.ex. ”Antal trygghetsvandringar per år: 2”."
            ),
            "visibility": _(
                "Offentlig: invånare ser åtgärden när planen är beslutad och offentlig. Intern: bara "
                "inloggade ser den. Konfidentiell: bara samordnare och styrelse."
            ),
            "decision": _(
                "Bara för en åtgärd som läggs till efter att planen beslutades. Utan beslut visas den som "
                "tillagd efter beslutet."
            ),
        }
        error_messages = {
            "title": {"required": _("Skriv en rubrik för åtgärden.")},
            "slug": {
                "unique": _("Adressen används redan av en annan åtgärd. Välj ett annat kortnamn."),
                "invalid": _("Kortnamnet får bara innehålla a–z, siffror och bindestreck."),
            },
            "kind": {"required": _("Välj om åtgärden är situationell eller social.")},
            "level": {"required": _("Välj nivå: universell, selektiv eller indikerad.")},
            "lead_actor": {"required": _("Välj vilken aktör som ansvarar för åtgärden.")},
            "budget": {"invalid": _("Skriv budgeten i hela kronor, till exempel 250 000.")},
        }

    def __init__(self, *args, plan: ActionPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_plan = self.instance.plan if self.instance.pk else plan
        if self.instance.pk:
            del self.fields["plan"]
        else:
            self.fields["plan"].queryset = plans_open_for_measures()
            self.fields["plan"].initial = plan.pk if plan else None
        f = self.fields
        f["slug"].required = False
        f["kind"].choices = list(MeasureKind.choices)
        f["level"].choices = list(MeasureLevel.choices)
        f["visibility"].choices = list(Visibility.choices)
        # Active actors, and the current lead even if it has since become inactive.
        f["lead_actor"].queryset = Actor.objects.filter(
            Q(active=True) | Q(pk=self.instance.lead_actor_id or 0)
        ).order_by("name")
        f["lead_actor"].empty_label = _("Välj ansvarig aktör")
        current = list(self.instance.contributors.values_list("pk", flat=True)) if self.instance.pk else []
        f["contributors"].queryset = Actor.objects.filter(Q(active=True) | Q(pk__in=current)).order_by("name")
        f["areas"].queryset = Area.objects.order_by("name")
        f["decision"].queryset = Decision.objects.select_related("forum").order_by("-decided_on", "paragraph")
        f["decision"].label_from_instance = decision_label
        f["decision"].empty_label = _("Inget beslut")
        self.groups, self.own_report_legend = {}, ""
        self.group_choices(
            "problems",
            Problem.objects.prefetch_related("reports").order_by("priority", "title"),
            self.problem_group,
            problem_label,
        )
        self.group_choices(
            "cause_analyses",
            CauseAnalysis.objects.select_related("problem").order_by(
                "problem__priority", "problem__title", "problem", "perspective", "pk"
            ),
            lambda c: _("Orsaker till problemet ”%(t)s”") % {"t": c.problem.title},
            cause_label,
        )
        self.group_choices(
            "places",
            Place.objects.select_related("area").order_by("area__name", "name"),
            lambda p: _("Område: %(a)s") % {"a": p.area.name},
            lambda p: p.name,
        )
        self.group_choices(
            "promise_lines",
            PromiseLine.objects.select_related("promise").order_by("-promise__year", "promise", "order"),
            lambda line: _("Medborgarlöfte: %(p)s") % {"p": line.promise},
            lambda line: f"{line.get_party_display()}: {Truncator(line.text).chars(90)}",
        )
        contacts = Contact.objects.select_related("actor").order_by("actor__name", "name")
        grouped: dict[str, list] = {}
        for contact in contacts:
            grouped.setdefault(contact.actor.name, []).append((contact.pk, contact.name))
        f["lead_contact"].choices = [("", _("Ingen vald")), *grouped.items()]

    def problem_group(self, problem: Problem) -> str:
        """The lägesbild a problem is listed under: the plan's own when the problem comes from it, else
        the newest one it comes from."""
        reports = sorted(problem.reports.all(), key=lambda r: r.period_end, reverse=True)
        own = self.in_plan.situation_report_id if self.in_plan else None
        report = next((r for r in reports if r.pk == own), reports[0] if reports else None)
        if report is None:
            return str(_("Problem som inte hör till någon lägesbild"))
        if report.pk == own:
            self.own_report_legend = str(_("Lägesbild: %(t)s (planens lägesbild)") % {"t": report.title})
            return self.own_report_legend
        return str(_("Lägesbild: %(t)s") % {"t": report.title})

    def group_choices(self, name: str, objects, group_of, label_of) -> None:
        """Give the field its queryset and (for the template) its options as [(legend, [values])],
        in the order of `objects`; the group of the plan's own lägesbild first."""
        field = self.fields[name]
        field.queryset = objects
        groups: dict[str, list] = {}
        labels = {}
        for obj in objects:
            groups.setdefault(group_of(obj), []).append(str(obj.pk))
            labels[obj.pk] = label_of(obj)
        field.label_from_instance = lambda obj: labels.get(obj.pk, str(obj))
        self.groups[name] = sorted(groups.items(), key=lambda item: item[0] != self.own_report_legend)

    def grouped(self) -> dict[str, dict]:
        """For the template: each grouped field, its search box's label and its options in groups,
        {"field": bound field, "search": label, "groups": [(legend, [bound checkbox, …])]}."""
        out = {}
        for name, groups in self.groups.items():
            by_value = {str(widget.data["value"]): widget for widget in self[name]}
            out[name] = {
                "field": self[name],
                "search": self.GROUPED[name],
                "groups": [
                    (legend, [by_value[v] for v in values if v in by_value]) for legend, values in groups
                ],
            }
        return out

    def clean_slug(self):
        """Made from the title when left empty; never one of the workspace's own pages."""
        slug = self.cleaned_data.get("slug") or ""
        if not slug and self.instance.pk:
            slug = self.instance.slug  # an address once given stays unless changed on purpose
        elif not slug and self.cleaned_data.get("title"):
            slug = unique_slug(self.cleaned_data["title"])
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _(
                    "”%(s)s” är en sida i arbetsytan och kan inte vara en åtgärds adress. "
                    "Välj ett annat kortnamn."
                )
                % {"s": slug}
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("problems") or ())
        orphans = [c for c in cleaned.get("cause_analyses") or () if c.problem not in chosen]
        if orphans and "problems" in cleaned:
            self.add_error(
                "cause_analyses",
                _("Orsaken hör till ett problem som inte är valt: %(list)s. Välj problemet också.")
                % {"list": ", ".join(f"”{c.problem.title}”" for c in orphans)},
            )
        contact, actor = cleaned.get("lead_contact"), cleaned.get("lead_actor")
        if contact and actor and contact.actor_id != actor.pk:
            self.add_error(
                "lead_contact",
                _("%(c)s arbetar hos %(a)s, inte hos den ansvariga aktören %(l)s.")
                % {"c": contact.name, "a": contact.actor.name, "l": actor.name},
            )
        plan = cleaned.get("plan", self.in_plan)
        if plan is not None:
            self.instance.plan = plan
        return cleaned


class MeasureCopyForm(forms.Form):
    """A copy of a measure: which plan it goes into and its title. It starts as planned at 0 %."""

    plan = forms.ModelChoiceField(
        label=_("Åtgärdsplan för kopian"),
        queryset=ActionPlan.objects.none(),
        empty_label=_("Välj åtgärdsplan"),
        help_text=_("Samma plan eller en annan som är utkast, på remiss, beslutad eller genomförs."),
        error_messages={"required": _("Välj vilken åtgärdsplan kopian ska ligga i.")},
    )
    title = forms.CharField(
        label=_("Kopians rubrik"),
        max_length=250,
        help_text=_("Du kan ändra allt annat i kopian efteråt."),
        error_messages={"required": _("Skriv en rubrik för kopian.")},
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        plans = plans_open_for_measures()
        self.fields["plan"].queryset = plans
        self.initial.setdefault("title", _("%(t)s (kopia)") % {"t": measure.title})
        if measure.plan.status in PLAN_STATUSES_OPEN_FOR_MEASURES:
            self.initial.setdefault("plan", measure.plan_id)


class RetireForm(forms.Form):
    """Cancel a measure (Avbruten): the version the coordinator saw, and why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Varför avbryts åtgärden?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "Medan planen genomförs blir motiveringen en lägesrapport som visas på åtgärdens offentliga "
            "sida. Skriv inga namn på enskilda personer."
        ),
        error_messages={"required": _("Skriv varför åtgärden avbryts.")},
    )
