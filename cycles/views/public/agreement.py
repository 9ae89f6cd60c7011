"""/samverkan/overenskommelser/ and the agreements section of /samverkan/: the signed agreements."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from trygg.views import PublicPageMixin, newest

from ...models import Agreement


class AgreementList(PublicPageMixin, ListView):
    """/samverkan/overenskommelser/: the signed samverkansöverenskommelser with their PDFs."""

    template_name = "cycles/agreement/list.html"
    context_object_name = "agreements"
    paginate_by = 20
    title = _("Samverkansöverenskommelser")

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Samverkan"), reverse("actors:collaboration"))]

    def get_queryset(self):
        return Agreement.objects.public().with_list_data()

    def get_last_updated(self):
        latest = Agreement.objects.public().aggregate(latest=Max("updated_at"))["latest"]
        return newest(super().get_last_updated(), latest)


def collaboration_agreements(request) -> dict:
    """The section of /samverkan/ that lists the signed agreements (two queries, whatever the count)."""
    agreements = list(Agreement.objects.public().with_list_data()[:5])
    return {"agreements": agreements, "more": len(agreements) == 5}
