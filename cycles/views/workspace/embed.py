"""/arbete/inbaddning/: the codes that put the embeds (cycles.views.public.embed) on the municipality's own
website, each with a preview of the box itself. Coordinators only."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from lagesbild.models import Area
from trygg.models import MunicipalitySettings
from trygg.views import WorkspaceMixin, workspace_crumbs

STATUS_HEIGHT = 640  # the status box at 320–390 px wide (about 600 px), without scrolling
AREA_HEIGHT = 560  # an area with a few measures; more scroll inside the box


@dataclass
class Embed:
    key: str  # the section's id on the page
    heading: str
    title: str  # the iframe's title: what a screen reader says for the box on the host page
    path: str
    height: int

    @property
    def code(self) -> str:
        """What the municipality pastes into its page: the box at this site's public address."""
        return (
            f'<iframe src="{settings.TRYGG_SITE_URL}{self.path}" title="{escape(self.title)}" width="100%" '
            f'height="{self.height}" loading="lazy"></iframe>'
        )


def embeds(programme_name: str) -> list[Embed]:
    """The status box, then one box per area (one query)."""
    found = [
        Embed(
            "lage",
            _("Så långt har arbetet kommit"),
            _("%(name)s: så långt har arbetet kommit") % {"name": programme_name},
            reverse("cycles:embed-status"),
            STATUS_HEIGHT,
        )
    ]
    for area in Area.objects.only("name", "slug").order_by("name"):
        found.append(
            Embed(
                f"omrade-{area.slug}",
                _("Åtgärder i %(area)s") % {"area": area.name},
                _("%(name)s: åtgärder i %(area)s") % {"name": programme_name, "area": area.name},
                reverse("cycles:embed-area", args=[area.slug]),
                AREA_HEIGHT,
            )
        )
    return found


class EmbedCodes(WorkspaceMixin, TemplateView):
    """The codes to copy, a preview of each box, and a note when no other site may show them yet."""

    permission_required = ("trygg.view_workspace", "cycles.view_embed_codes")
    template_name = "cycles/workspace/embed/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        site = MunicipalitySettings.for_request(self.request)
        ctx.update(
            title=_("Visa arbetet på kommunens webbplats"),
            breadcrumbs=workspace_crumbs(),
            embeds=embeds(site.programme_name),
            origins=settings.TRYGG_EMBED_ORIGINS,
            site_url=settings.TRYGG_SITE_URL,
        )
        return ctx
