"""/uppfoljning/: how the work is followed up, for residents: the published follow-up reports (see
`report.py` for one report) and the published follow-ups of the measures, per period. Only
`FollowUpReport.objects.public()` and `FollowUp.objects.public()` are read here."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg.views import PublicPageMixin, newest

from ...forms.report import PublicPeriodFilter
from ...models import FollowUp, FollowUpReport

PAGE_SIZE = 25


class FollowUpOverview(PublicPageMixin, ListView):
    """/uppfoljning/: what follow-up is, the published reports, and the measures' follow-ups per period."""

    template_name = "cycles/followup/list.html"
    context_object_name = "followups"
    paginate_by = PAGE_SIZE
    title = _("Uppföljning")

    def get_queryset(self):
        self.form = PublicPeriodFilter(self.request.GET or None)
        followups = FollowUp.objects.public().select_related("period", "measure")
        if self.form.chosen_period:
            followups = followups.filter(period=self.form.chosen_period)
        return followups.order_by("-period__ends_on", "period_id", "measure__title", "pk")

    def get_last_updated(self):
        reports = FollowUpReport.objects.public().aggregate(latest=Max("published_at"))["latest"]
        followups = FollowUp.objects.public().aggregate(latest=Max("approved_at"))["latest"]
        return newest(super().get_last_updated(), reports, followups)

    def get_context_data(self, **kwargs):
        reports = FollowUpReport.objects.public().select_related("period", "board_decision")
        if self.form.chosen_period:
            reports = reports.filter(period=self.form.chosen_period)
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            form=self.form,
            filtered=bool(query),
            reports=list(reports.order_by("-published_at", "-pk")),
        )
        return ctx


# --- A section on the lägesbild app's area page (registered in CyclesConfig.ready) -------------------

AREA_FOLLOWUP_LIMIT = 10  # the newest this many; the rest on /uppfoljning/


def area_followups(request, area) -> dict | None:
    """The newest published follow-ups of the area's public measures (one query whatever the total)."""
    shown = list(
        FollowUp.objects.public()
        .filter(measure__areas=area)
        .select_related("period", "measure")
        .order_by("-period__ends_on", "measure__title", "pk")[: AREA_FOLLOWUP_LIMIT + 1]
    )
    if not shown:
        return None
    return {"followups": shown[:AREA_FOLLOWUP_LIMIT], "more": len(shown) > AREA_FOLLOWUP_LIMIT}
