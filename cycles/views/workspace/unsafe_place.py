"""The cycles side of residents' reports of unsafe places: on a report's case page (lagesbild's, through
the "unsafe-place-case" panel page of trygg.dashboard, so lagesbild never imports cycles) a coordinator
links the measures that answer the report; the measure's public page then lists the report once it is
published.

Linking is idempotent (the chosen set replaces the old one), so a form sent twice changes nothing more."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from lagesbild.models import UnsafePlaceReport
from lagesbild.services.unsafe_place import case_url

from ...models import Measure

MODERATE = "lagesbild.moderate_unsafeplacereport"


class MeasureChoiceForm(forms.Form):
    measures = forms.ModelMultipleChoiceField(
        label=_("Åtgärder som svarar på rapporten"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_(
            "Välj de åtgärder som gör något åt det rapporten beskriver. När rapporten är publicerad visas "
            "den på åtgärdernas sidor."
        ),
    )

    def __init__(self, *args, report: UnsafePlaceReport, **kwargs):
        super().__init__(*args, **kwargs)
        # The measures of plans still being carried out, and any the report is already linked to.
        current = Measure.objects.current().values("pk")
        self.fields["measures"].queryset = (
            Measure.objects.filter(Q(pk__in=current) | Q(unsafe_place_reports=report))
            .distinct()
            .order_by("title")
        )
        self.fields["measures"].initial = [m.pk for m in report.measures.all()]


def report_measures_panel(request, report) -> dict | None:
    """The panel on a report's case page: the linked measures and the form, for moderators only."""
    if not request.user.has_perm(MODERATE, report):
        return None
    return {
        "report": report,
        "linked": list(report.measures.order_by("title")),
        "form": MeasureChoiceForm(report=report, auto_id="koppla-%s"),
        "action": reverse("cycles:unsafe-place-measures", args=[report.pk]),
    }


class LinkMeasures(View):
    """POST /arbete/atgarder/koppla-rapport/<pk>/: set the measures that answer the report."""

    def post(self, request, pk):
        report = get_object_or_404(UnsafePlaceReport, pk=pk)
        if not request.user.is_authenticated or not request.user.has_perm(MODERATE, report):
            raise PermissionDenied
        form = MeasureChoiceForm(request.POST, report=report)
        if form.is_valid():
            report.measures.set(form.cleaned_data["measures"])
            messages.success(request, _("Åtgärderna som svarar på rapporten är sparade."))
        else:
            messages.error(request, _("Åtgärderna kunde inte sparas: välj bland åtgärderna i listan."))
        return redirect(case_url(report))
