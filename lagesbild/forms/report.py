"""The text of a lägesbild, as a partner editor or a coordinator writes it."""

from django import forms

from trygg.concurrency import VersionedFormMixin
from trygg.forms import DateInput

from ..models import SituationReport


class SituationReportForm(VersionedFormMixin, forms.ModelForm):
    """The content of an open lägesbild. Status, decision and author are set elsewhere."""

    class Meta:
        model = SituationReport
        fields = [
            "title",
            "period_start",
            "period_end",
            "survey",
            "other_information",
            "analysis",
            "sources_used",
            "sources_left_out",
            "knowledge_limits",
            "public_summary",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}
