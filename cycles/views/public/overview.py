"""/oversikt/: "Så går arbetet", where the work stands for residents, as charts with a table beside each.

The view only asks `cycles.services.overview` for the figures, which are counted from published data
alone (see there for what is counted and why) in a fixed number of queries."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from trygg.views import PublicPageMixin, newest

from ...services.overview import overview


class Overview(PublicPageMixin, TemplateView):
    """/oversikt/: the measures by status, area, focus area and lead actor, and the latest follow-up."""

    template_name = "cycles/overview/index.html"
    title = _("Så går arbetet")

    def get_last_updated(self):
        return newest(super().get_last_updated(), self.overview.last_updated)

    def get_context_data(self, **kwargs):
        self.overview = overview()
        ctx = super().get_context_data(**kwargs)
        ctx["overview"] = self.overview
        return ctx
