"""/rapportera/: a resident reports a place that feels unsafe, without an account, on a phone, without
JavaScript; /rapportera/tack/ says what happens next.

No cookie is set before the form is sent, nor after: the form carries no CSRF token, so the page needs
no CSRF cookie, and the thank-you page is reached by a redirect, not a message in a cookie. Leaving out
CSRF protection is acceptable here (the view is csrf_exempt): a forged post would only send an
anonymous report that anyone may send anyway, with no session or account to ride on; every report
waits for a moderator before anything of it is public, and posts are throttled per client address.
The honeypot field and the throttle keep robots and floods out without tracking anyone.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from trygg import throttle
from trygg.clientip import client_ip
from trygg.views import PublicPageMixin, throttled

from ... import geo
from ...forms.unsafe_place import UnsafePlaceReportForm
from ...models import Area, Place, UnsafePlaceReport
from ...services.unsafe_place import repeat_key, submit_report

# The same text again from the same address within this many seconds is a double tap, not a new report.
REPEAT_SECONDS = 10 * 60
MAP_WIDTH = 480
REPORT_CRUMBS = [(_("Rapportera en otrygg plats"), "/rapportera/")]


def reports_per_address() -> int:
    return settings.TRYGG_UNSAFE_PLACE_PER_ADDRESS


@method_decorator(csrf_exempt, name="dispatch")
class ReportUnsafePlace(PublicPageMixin, FormView):
    """/rapportera/: the form; a valid report is saved as new and waits for a moderator."""

    template_name = "lagesbild/unsafe_place/form.html"
    form_class = UnsafePlaceReportForm
    title = _("Rapportera en otrygg plats")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "bounds": self.map.bounds}

    @cached_property
    def map(self) -> geo.PointMap:
        """The municipality as a small SVG for choosing a point (shown only with JavaScript)."""
        return geo.point_map(geo.municipality_code(self.request), width=MAP_WIDTH)

    def get_context_data(self, **kwargs):
        # The areas' names on the map, for finding one's way (one query).
        areas = Area.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("name")
        landmarks = self.map.landmarks(areas.values_list("name", "longitude", "latitude"))
        return super().get_context_data(map=self.map, landmarks=landmarks, **kwargs)

    def get_initial(self):
        """/rapportera/?plats=<slug>, linked from a place's page, starts with that place chosen."""
        place = Place.objects.public().filter(slug=self.request.GET.get("plats", "")[:150]).first()
        return {"place": place.pk} if place else {}

    def form_valid(self, form):
        if not throttle.allow_address("unsafe-place", self.request, limit=reports_per_address()):
            return throttled(
                self,
                form,
                _(
                    "Vi har tagit emot många rapporter från din uppkoppling den senaste timmen. Vänta en "
                    "stund och skicka igen. Det du har skrivit finns kvar."
                ),
            )
        if form.is_spam():
            return redirect("lagesbild:unsafe-place-thanks")
        key = repeat_key(
            address=client_ip(self.request) or "unknown",
            category=form.cleaned_data["category"],
            description=form.cleaned_data["description"],
        )
        if not throttle.allow("unsafe-place-repeat", key, limit=1, period=REPEAT_SECONDS):
            return redirect("lagesbild:unsafe-place-thanks")  # sent twice: the first one is saved
        submit_report(report=form.save(commit=False), photo=form.cleaned_data.get("photo"))
        return redirect("lagesbild:unsafe-place-thanks")


class ReportThanks(PublicPageMixin, TemplateView):
    """/rapportera/tack/: what happens with the report now."""

    template_name = "lagesbild/unsafe_place/thanks.html"
    title = _("Tack för din rapport")
    breadcrumbs = REPORT_CRUMBS


def place_section(request, place) -> dict:
    """A place's page (trygg.dashboard panel): its published reports, as the moderator wrote them (never
    what the resident wrote, the address or an unpublished report), and a link to report one."""
    reports = list(UnsafePlaceReport.objects.public().filter(place=place).order_by("-moderated_at", "-pk"))
    return {"reports": reports, "place": place}
