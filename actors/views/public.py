"""Read-only pages for residents: partners, forums and public decisions. Contacts are never shown."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg import dashboard
from trygg.views import PublicPageMixin

from ..models import Actor, Decision, Forum


class Collaboration(PublicPageMixin, ListView):
    """/samverkan/: who takes part, the public forums and the public decisions (paginated)."""

    template_name = "actors/collaboration.html"
    context_object_name = "decisions"
    paginate_by = 20
    title = _("Samverkan")

    def get_queryset(self):
        return Decision.objects.public().with_list_data().latest_first()

    def get_last_updated(self):
        dates = [
            super().get_last_updated(),
            Actor.objects.public().aggregate(latest=Max("updated_at"))["latest"],
            Forum.objects.public().aggregate(latest=Max("updated_at"))["latest"],
            Decision.objects.public().aggregate(latest=Max("updated_at"))["latest"],
        ]
        return max(d for d in dates if d is not None)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["actors"] = list(Actor.objects.public().with_list_data())
        ctx["forums"] = list(Forum.objects.public())
        # Sections later apps add to this page (the agreements from the cycles app).
        ctx["sections"] = dashboard.panels_for(self.request, page="collaboration")
        return ctx
