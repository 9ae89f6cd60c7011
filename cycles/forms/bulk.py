"""The upload of a spreadsheet of measures with changed status, progress and new lägesrapporter."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_MB = 5
FILE_TYPES = (".xlsx", ".csv")


class MeasureImportForm(forms.Form):
    """A file downloaded from the export and edited: Excel (.xlsx) or CSV, at most MAX_IMPORT_MB."""

    file = forms.FileField(
        label=_("Fil med ändringar"),
        help_text=_("Excel (.xlsx) eller CSV (semikolon eller komma, UTF-8), högst %(mb)s MB.")
        % {"mb": MAX_IMPORT_MB},
        error_messages={
            "required": _("Välj filen med ändringarna."),
            "empty": _("Filen är tom. Välj filen som du har sparat med ändringarna."),
            "invalid": _("Det gick inte att läsa filen. Välj den igen."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in FILE_TYPES:
            raise forms.ValidationError(
                _(
                    "Filen ”%(name)s” är varken en Excel-fil (.xlsx) eller en CSV-fil. Spara den som "
                    "Excel-arbetsbok (.xlsx) eller CSV och välj den igen."
                ),
                params={"name": upload.name},
            )
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Filen är större än %(mb)s MB. Dela upp åtgärderna på flera filer."),
                params={"mb": MAX_IMPORT_MB},
            )
        return upload
