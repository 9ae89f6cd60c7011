"""Problems in the workspace: problems and focus areas with their cause analyses, for everyone on staff."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg.exports import ExportMixin

from ...models import CauseAnalysis, Problem
from . import WORKSPACE_CRUMB, LagesbildWorkspaceMixin


class ProblemList(ExportMixin, LagesbildWorkspaceMixin, ListView):
    """/arbete/problem/: problems and focus areas with their cause analyses, for everyone on staff."""

    template_name = "lagesbild/workspace/problem/list.html"
    context_object_name = "problems"
    paginate_by = 20
    export_name = "problem"
    export_columns = [
        (_("Problem"), "title"),
        (_("Fokusområde nr"), lambda problem: problem.priority if problem.prioritised else None),
        (_("Beskrivning"), "description"),
        (_("Områden"), "areas"),
        (_("Platser"), "places"),
        (_("Brottstyper"), "crime_types"),
        (
            _("Orsaksanalyser"),
            lambda problem: ", ".join(c.get_perspective_display() for c in problem.cause_analyses.all()),
        ),
        (_("Synlighet"), "get_visibility_display"),
    ]

    def get_queryset(self):
        return (
            Problem.objects.visible_to(self.request.user)
            .with_list_data()
            .prefetch_related(
                Prefetch("cause_analyses", queryset=CauseAnalysis.objects.order_by("perspective", "pk"))
            )
            .order_by("-prioritised", "priority", "title")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Problem och fokusområden"), breadcrumbs=[WORKSPACE_CRUMB])
        return ctx
