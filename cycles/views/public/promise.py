"""/medborgarloften/: the published medborgarlöften, each line with its follow-up."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg.views import PublicPageMixin, newest

from ...models import CitizenPromise


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
