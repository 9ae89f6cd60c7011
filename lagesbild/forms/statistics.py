"""The statistics workspace's forms: an indicator's description and links, an import (Brå CSV, Kolada
JSON or fetch, survey CSV), and one manually entered survey value."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trygg.concurrency import VersionedFormMixin

from ..importers import kolada
from ..models import SURVEY_SOURCES, Area, Gender, Indicator, IndicatorSource, SituationReport

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "source",
            "external_id",
            "unit",
            "description",
            "better",
            "attribution",
            "refresh",
            "public",
            "order",
            "reports",
        ]
        widgets = {"reports": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("refresh") and cleaned.get("source") != IndicatorSource.KOLADA:
            self.add_error("refresh", _("Bara indikatorer från Kolada kan uppdateras automatiskt."))
        elif cleaned.get("refresh") and not (cleaned.get("external_id") or "").strip():
            self.add_error("refresh", _("Ange Koladas id för nyckeltalet, till exempel N07403."))
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = SituationReport.objects.order_by("-period_end", "-version_number")
        self.fields["reports"].label = _("Ingår i kartläggningen för lägesbilderna")


class ImportKind:
    BRA = "bra"
    KOLADA_FILE = "kolada-fil"
    KOLADA_FETCH = "kolada-hamta"
    NTU_COUNTY = "ntu-lan"
    SURVEY = "enkat"
    CHOICES = [
        (BRA, _("Brås fil med anmälda brott per kommun (CSV eller Excel)")),
        (KOLADA_FILE, _("Sparat svar från Kolada (JSON)")),
        (KOLADA_FETCH, _("Hämta direkt från Kolada (kräver internet)")),
        (NTU_COUNTY, _("Brås NTU-tabell per län (Excel eller CSV)")),
        (SURVEY, _("Trygghetsmätning, NTU eller egen mätning (CSV)")),
    ]
    UPLOADS = (BRA, KOLADA_FILE, NTU_COUNTY, SURVEY)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad vill du importera?"), choices=ImportKind.CHOICES)
    indicator = forms.ModelChoiceField(
        label=_("Indikator"),
        queryset=Indicator.objects.order_by("source", "name"),
        required=False,
        help_text=_("Krävs för Brå, NTU och mätningar. För Kolada räcker nyckeltalets id nedan."),
    )
    year = forms.IntegerField(
        label=_("År som siffrorna gäller"),
        min_value=1900,
        max_value=2200,
        required=False,
        help_text=_(
            "Bara för Brås fil med anmälda brott. Lämna tomt om filen har en rubrik med året, "
            "till exempel en Excelfil från bra.se."
        ),
    )
    sheet = forms.CharField(
        label=_("Blad i Excelfilen"),
        max_length=100,
        required=False,
        help_text=_("Bara för NTU: bladets namn, om arbetsboken har flera blad (en fråga per blad)."),
    )
    kpi = forms.CharField(
        label=_("Koladas id för nyckeltalet"),
        max_length=20,
        required=False,
        help_text=_("Till exempel N07403."),
    )
    years = forms.CharField(
        label=_("År att hämta från Kolada"),
        max_length=40,
        required=False,
        help_text=_("Till exempel 2015-2025."),
    )
    file = forms.FileField(
        label=_("Fil"),
        required=False,
        help_text=_("CSV (UTF-8 eller Excels CSV), Excel (.xlsx) eller JSON, högst 5 MB."),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        indicator = cleaned.get("indicator")
        upload = cleaned.get("file")
        if kind in ImportKind.UPLOADS and not upload:
            self.add_error("file", _("Välj filen som ska importeras."))
        if upload is not None and upload.size > MAX_IMPORT_BYTES:
            self.add_error("file", _("Filen är större än 5 MB."))
        if kind == ImportKind.BRA and (indicator is None or indicator.source != IndicatorSource.BRA):
            self.add_error("indicator", _("Välj en indikator med källan Brå."))
        if kind == ImportKind.NTU_COUNTY and (indicator is None or indicator.source != IndicatorSource.NTU):
            self.add_error("indicator", _("Välj en indikator med källan NTU."))
        if kind == ImportKind.SURVEY and (indicator is None or indicator.source not in SURVEY_SOURCES):
            self.add_error(
                "indicator", _("Välj en indikator från en trygghetsmätning, NTU eller en egen mätning.")
            )
        if kind in (ImportKind.KOLADA_FILE, ImportKind.KOLADA_FETCH):
            kpi = (cleaned.get("kpi") or (indicator.external_id if indicator else "")).strip().upper()
            if indicator is not None and indicator.source != IndicatorSource.KOLADA:
                self.add_error(
                    "indicator", _("Välj en indikator med källan Kolada, eller lämna fältet tomt.")
                )
            elif not kpi:
                self.add_error("kpi", _("Ange Koladas id, till exempel N07403."))
            cleaned["kpi"] = kpi
        if kind == ImportKind.KOLADA_FETCH:
            try:
                cleaned["year_list"] = kolada.parse_years(cleaned.get("years") or "")
            except ValueError:
                self.add_error("years", _("Skriv åren som 2015-2025 eller 2023,2024."))
        return cleaned


class ImportConfirmForm(forms.Form):
    """Confirms a previewed import: the fingerprint of the changes shown, and whether stored values that
    the file leaves empty are to be emptied too (by default they are kept)."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    remove_missing = forms.BooleanField(required=False)

    def __init__(self, *args, removals: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_missing"].label = _(
            "Ta bort de sparade värden som saknas i filen (%(n)s st.). Annars behålls de."
        ) % {"n": removals}


class SurveyValueForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.filter(source__in=SURVEY_SOURCES).order_by("name")
    )
    area = forms.ModelChoiceField(
        label=_("Område i kommunen"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("Hela kommunen"),
        help_text=_("Gäller trygghetsmätningen och egna mätningar."),
    )
    lpo_name = forms.CharField(
        label=_("Lokalpolisområde"),
        max_length=100,
        required=False,
        help_text=_("Bara för NTU, som inte går längre ner än lokalpolisområdet. Till exempel LPO Växjö."),
    )
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2200)
    gender = forms.ChoiceField(label=_("Kön"), choices=Gender.choices, initial=Gender.TOTAL)
    value = forms.DecimalField(
        label=_("Värde"),
        max_digits=14,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Till exempel 72,5. Lämna tomt om värdet saknas."),
    )
    count = forms.IntegerField(
        label=_("Antal svarande"),
        min_value=0,
        required=False,
        help_text=_("Används för att dölja siffror som bygger på färre än %(n)s svar.")
        % {"n": getattr(settings, "TRYGG_SMALL_COUNT_THRESHOLD", 5)},
    )

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is not None and indicator.source == IndicatorSource.NTU:
            if not (cleaned.get("lpo_name") or "").strip():
                self.add_error("lpo_name", _("Ange lokalpolisområdet för NTU."))
            if cleaned.get("area") is not None:
                self.add_error(
                    "area", _("NTU finns inte per område i kommunen. Ange lokalpolisområdet i stället.")
                )
        elif cleaned.get("lpo_name"):
            self.add_error("lpo_name", _("Lokalpolisområde anges bara för NTU."))
        return cleaned
