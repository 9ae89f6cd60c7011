"""Embeds for the municipality's own website (/inbaddning/): small pages without header, menu, footer or
script, shown in an <iframe> on e.g. the municipality's "Trygg i …" page.

- /inbaddning/lage/: where the programme stands: the current step, the public measures counted by
  status (as /oversikt/ counts them: cycles.services.overview) and the newest published follow-up report;
- /inbaddning/omraden/<slug>/: an area's public measures with status and progress (as the area's page).

Only what the public pages show is ever counted or named. These views alone may be framed, and only by
this site and the origins in TRYGG_EMBED_ORIGINS (EMBED_ORIGINS): they are exempt from X-Frame-Options
and send their own frame-ancestors. They set no cookie, so the page cache (trygg.pagecache) keeps them
like every resident's page. Each runs a fixed number of queries whatever the numbers of measures.
"""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView

from lagesbild.models import Area

from ...models import ActionPlan, Cycle
from ...services.overview import counted_measures, counted_plans, latest_followup, status_section
from .measure import area_measures

STEP_COUNT = 5  # the handbook's five steps


def frame_policy() -> dict:
    """The site's Content-Security-Policy, with framing allowed from this site and the configured origins."""
    return {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF, *settings.TRYGG_EMBED_ORIGINS]}


class EmbedView(TemplateView):
    """An embed: may be framed by the configured origins only; links leave the frame (target="_top")."""

    title = ""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        framed = xframe_options_exempt(lambda _request: response)
        return csp_override(frame_policy())(framed)(request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("title", self.title)
        return ctx


def programme_status() -> dict:
    """The current step, the counted public measures by status and the newest published follow-up: five
    queries (the period, the plans, the counts, the report and its assessments), whatever the numbers."""
    cycle = Cycle.objects.current()
    plans = counted_plans(list(ActionPlan.objects.public().order_by("period_start", "title")))
    counts = dict(counted_measures(plans).values("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(counts.values())
    followup, _changed = latest_followup()
    return {
        "cycle": cycle,
        "step_count": STEP_COUNT,
        "total": total,
        "status": status_section(counts, total) if total else None,
        "followup": followup,
        "report": followup.report if followup else None,
    }


class StatusEmbed(EmbedView):
    """/inbaddning/lage/: så långt har arbetet kommit."""

    template_name = "cycles/embed/status.html"
    title = _("Så långt har arbetet kommit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(programme_status())
        return ctx


class AreaEmbed(EmbedView):
    """/inbaddning/omraden/<slug>/: the area's public measures (the first ones, with a link to all)."""

    template_name = "cycles/embed/area.html"

    def get_context_data(self, **kwargs):
        area = get_object_or_404(Area.objects.only("name", "slug"), slug=self.kwargs["slug"])
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            area=area,
            section=area_measures(self.request, area),
            title=_("Åtgärder i %(area)s") % {"area": area.name},
        )
        return ctx
