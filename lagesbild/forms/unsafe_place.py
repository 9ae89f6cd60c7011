"""The resident's report of an unsafe place (/rapportera/), and the moderator's forms for it: publish,
reject, duplicate, link to a problem, close and answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.concurrency import VersionedFormMixin
from trygg.moderation import CaseVersionForm, HoneypotMixin
from trygg.personaldata import personal_data_flags

from .. import geo
from ..models import Place, Problem, UnsafePlaceCategory, UnsafePlaceReport, UnsafePlaceStatus
from ..models.unsafe_place import ADDRESS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from ..services.unsafe_place import (
    COUNTED,
    COUNTED_STATUSES,
    NO_PLACE,
    clean_photo,
)


def place_choice_label(place: Place) -> str:
    return f"{place.area.name}: {place.name}"


class UnsafePlaceReportForm(HoneypotMixin, forms.ModelForm):
    """What a resident fills in. Everything but the category, the description and where is optional
    (and the honeypot, `webbplats`)."""

    photo = forms.FileField(
        label=_("Foto (om du vill)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "En bild av platsen i formatet JPEG, PNG eller WebP, högst 8 MB. Vi tar bort uppgifter om "
            "var och när bilden togs. Fota inte människor så att de går att känna igen."
        ),
    )

    class Meta:
        model = UnsafePlaceReport
        fields = ["category", "place", "address", "description", "email", "latitude", "longitude"]
        labels = {
            "category": _("Vad gör platsen otrygg?"),
            "place": _("Välj platsen i listan"),
            "address": _("Eller skriv var det är"),
            "description": _("Beskriv vad som känns otryggt"),
            "email": _("Din e-postadress (om du vill ha svar)"),
        }
        help_texts = {
            "place": _("Hittar du inte platsen kan du skriva var den är i nästa fält i stället."),
            "address": _("En adress, en gata eller en beskrivning, till exempel ”gångvägen bakom skolan”."),
            "description": _(
                "Till exempel vad du ser, vilken tid på dygnet det gäller och vad som skulle hjälpa. Skriv "
                "inte namn på någon och inga personnummer eller telefonnummer. Högst 2 000 tecken."
            ),
            "email": _(
                "Vi använder den bara för att svara dig och raderar den när ärendet är avslutat. Den visas "
                "aldrig för andra."
            ),
        }
        widgets = {
            "category": forms.RadioSelect,
            "address": forms.TextInput(attrs={"maxlength": ADDRESS_MAX_LENGTH}),
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            # Set by the map (static/js/report-map.js); without JavaScript they stay empty.
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
        }

    def __init__(self, *args, bounds: geo.Bounds | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bounds = bounds
        self.fields["category"].choices = UnsafePlaceCategory.choices
        self.fields["place"].queryset = Place.objects.public().with_list_data()
        self.fields["place"].label_from_instance = place_choice_label
        self.fields["place"].empty_label = _("Platsen finns inte i listan")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def clean(self):
        """A point on the map must lie within the municipality (its bounding box)."""
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        both = lat is not None and lon is not None
        if both and (self.bounds is None or not self.bounds.contains(lon, lat)):
            cleaned["latitude"] = cleaned["longitude"] = None
            raise ValidationError(
                _(
                    "Punkten du valde på kartan ligger utanför kommunen. Välj en punkt inom kommunen, "
                    "eller ta bort punkten och skriv var det är."
                ),
                code="outside_municipality",
            )
        return cleaned

    def validate_constraints(self):
        """The model's clean() has said "choose a place or write where" on the address field already."""
        if "address" not in self.errors:
            super().validate_constraints()


class PublishForm(VersionedFormMixin, forms.ModelForm):
    """The anonymous text residents will see, the place, and whether the photo is shown."""

    class Meta:
        model = UnsafePlaceReport
        fields = ["public_text", "place", "photo_public"]
        labels = {"public_text": _("Text som visas offentligt")}
        help_texts = {
            "public_text": _(
                "Ta bort allt som kan peka ut en person: namn, telefonnummer, adresser till hem, "
                "beskrivningar av enskilda. Det invånaren skrev sparas och visas bara för handläggare."
            ),
            "place": _("Rapporten visas på platsens sida. Utan plats visas den inte på någon platssida."),
        }
        widgets = {"public_text": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_text"].required = True
        if not self.instance.public_text:
            self.initial["public_text"] = self.instance.description
        self.fields["place"].queryset = Place.objects.with_list_data()
        self.fields["place"].label_from_instance = place_choice_label
        self.fields["place"].empty_label = _("Ingen plats")
        if not self.instance.photo:
            del self.fields["photo_public"]

    def clean_public_text(self):
        """What is certainly personal data must go before publishing (names are only guessed: the
        moderator judges those)."""
        text = self.cleaned_data["public_text"]
        certain = [flag for flag in personal_data_flags(text) if flag.kind != "namn"]
        if certain:
            raise ValidationError(
                _("Texten innehåller fortfarande %(what)s: %(text)s. Ta bort det innan du publicerar.")
                % {"what": certain[0].label, "text": certain[0].text},
                code="personal_data",
            )
        return text


class RejectForm(CaseVersionForm):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Den som rapporterade får skälet i ett e-postmeddelande, om hen har lämnat en adress. Skriv "
            "det så att det går att förstå utan att ha läst rapporten."
        ),
    )


class DuplicateForm(CaseVersionForm):
    of = forms.ModelChoiceField(
        label=_("Dubblett av rapport"),
        queryset=UnsafePlaceReport.objects.none(),
        help_text=_("Rapporten stängs och hanteras tillsammans med den du väljer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The reports still being handled: a duplicate is linked to the case that goes on.
        self.fields["of"].queryset = (
            UnsafePlaceReport.objects.exclude(pk=self.case.pk)
            .filter(status__in=[UnsafePlaceStatus.NEW, UnsafePlaceStatus.PUBLISHED])
            .with_list_data()
            .order_by("-created_at", "-pk")
        )
        self.fields["of"].empty_label = _("Välj rapport")


class ProblemLinkForm(CaseVersionForm):
    problem = forms.ModelChoiceField(
        label=_("Problem i lägesbilden"),
        queryset=Problem.objects.none(),
        required=False,
        help_text=_(
            "Rapporten räknas då in i underlaget för problemet. Välj inget för att ta bort kopplingen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = Problem.objects.order_by("title")
        self.fields["problem"].empty_label = _("Inget problem")
        self.fields["problem"].initial = self.case.problem_id


class CloseForm(CaseVersionForm):
    message = forms.CharField(
        label=_("Meddelande till den som rapporterade (om du vill)"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vad som har gjorts. E-postadressen raderas när ärendet stängs."),
    )


class AnswerForm(CaseVersionForm):
    text = forms.CharField(
        label=_("Svar"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skickas med e-post till den som rapporterade. Svaret sparas med rapporten."),
    )


class ProblemFromReportsForm(forms.ModelForm):
    """A problem in the lägesbild made of the reports chosen in the queue (carried as hidden fields)."""

    reports = forms.ModelMultipleChoiceField(
        queryset=UnsafePlaceReport.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Välj minst en rapport i listan.")},
    )

    class Meta:
        model = Problem
        fields = ["title", "description", "places", "visibility"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "places": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "places": _("Platserna som rapporterna gäller. Deras områden kopplas också till problemet."),
            "visibility": _(
                "Ett internt problem syns bara för handläggare. Gör det offentligt först när texten är "
                "granskad."
            ),
        }

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = {place.pk for place in places}
        self.fields["places"].queryset = Place.objects.filter(pk__in=ids).with_list_data()
        self.fields["places"].label_from_instance = place_choice_label
        self.fields["places"].required = False


class QueueFilterForm(forms.Form):
    """The queue's filter. Besides status and text, the links from the counts (the counts page and the
    lägesbild) filter by place, category and a period of arrival."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alla")),
            (COUNTED, _("Alla som räknas (inte avvisade eller dubbletter)")),
            *UnsafePlaceStatus.choices,
        ],
    )
    q = forms.CharField(label=_("Sök i texten"), required=False, max_length=200)
    place = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        required=False, choices=[("", ""), *UnsafePlaceCategory.choices], widget=forms.HiddenInput
    )
    start = forms.DateField(required=False, widget=forms.HiddenInput)
    end = forms.DateField(required=False, widget=forms.HiddenInput)

    def clean_place(self):
        place = self.cleaned_data["place"]
        if place and place != NO_PLACE and not place.isdigit():
            raise ValidationError(_("Okänd plats."))
        return place

    def filter(self, reports):
        """The reports that match the (valid) filter."""
        data = self.cleaned_data
        status, query, place = data["status"], data["q"].strip(), data["place"]
        if status == COUNTED:
            reports = reports.filter(status__in=COUNTED_STATUSES)
        elif status:
            reports = reports.filter(status=status)
        if query:
            reports = reports.filter(
                Q(description__icontains=query)
                | Q(public_text__icontains=query)
                | Q(address__icontains=query)
                | Q(place__name__icontains=query)
            )
        if place == NO_PLACE:
            reports = reports.filter(place__isnull=True)
        elif place:
            reports = reports.filter(place_id=int(place))
        if data["category"]:
            reports = reports.filter(category=data["category"])
        if data["start"]:
            reports = reports.filter(created_at__date__gte=data["start"])
        if data["end"]:
            reports = reports.filter(created_at__date__lte=data["end"])
        return reports

    def narrowing(self) -> list[str]:
        """What the hidden fields narrow the list to, in words (shown above the list)."""
        data = self.cleaned_data
        parts = []
        if data.get("place") == NO_PLACE:
            parts.append(str(_("reporter utan vald plats")))
        elif data.get("place"):
            place = Place.objects.select_related("area").filter(pk=int(data["place"])).first()
            parts.append(str(_("platsen %(p)s") % {"p": place_choice_label(place) if place else "?"}))
        if data.get("category"):
            parts.append(str(_("kategorin %(c)s") % {"c": UnsafePlaceCategory(data["category"]).label}))
        if data.get("start") or data.get("end"):
            start = f"{data['start']:%Y-%m-%d}" if data.get("start") else "…"
            end = f"{data['end']:%Y-%m-%d}" if data.get("end") else "…"
            parts.append(str(_("inkomna %(start)s – %(end)s") % {"start": start, "end": end}))
        return parts
