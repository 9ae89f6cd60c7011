"""/medborgarloften/: the published medborgarlöften, each line with its follow-up; and the section
with an area's medborgarlöften on the area's page."""

from django.db.models import Max, Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg.views import PublicPageMixin, newest

from ...models import CitizenPromise, PromiseLine


class CitizenPromiseList(PublicPageMixin, ListView):
    """/medborgarloften/: published promises, newest year first, each line with its follow-up."""

    template_name = "cycles/promise/list.html"
    context_object_name = "promises"
    paginate_by = 10
    title = _("Medborgarlöften")

    def get_queryset(self):
        return CitizenPromise.objects.public().with_list_data()

    def get_last_updated(self):
        latest = CitizenPromise.objects.public().aggregate(latest=Max("updated_at"))["latest"]
        return newest(super().get_last_updated(), latest)


# --- A section on the lägesbild app's area page (registered in CyclesConfig.ready) -------------------


def area_promises(request, area) -> dict | None:
    """The published medborgarlöften linked to the area, each with its lines (two queries)."""
    promises = list(
        CitizenPromise.objects.public()
        .filter(area_links=area)
        .prefetch_related(Prefetch("lines", queryset=PromiseLine.objects.select_related("actor")))
        .order_by("-year", "title")
    )
    return {"promises": promises} if promises else None
