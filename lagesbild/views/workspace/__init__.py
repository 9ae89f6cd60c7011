"""The staff workspace under /arbete/, one module per concept: report (lägesbilder: read, edit, move, and
the § 6 watch on the dashboard), problem (problems and focus areas with their cause analyses),
dialogue (record a trygghetsvandring on a phone), statistics (indicators and imports) and unsafe_place (the
moderation of residents' reports of unsafe places)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from trygg.views import WorkspaceMixin

# The first breadcrumb of every workspace page.
WORKSPACE_CRUMB = (_("Arbetsyta"), reverse_lazy("workspace:dashboard"))


class LagesbildWorkspaceMixin(WorkspaceMixin):
    """The lägesbilder, problems and dialogues are for staff with any role."""

    permission_required = ("trygg.view_workspace", "lagesbild.view_workspace_lagesbild")
