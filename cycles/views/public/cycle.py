"""The home page and /kretslopp/: what the programme is, the five steps and where the cycle stands."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lagesbild.models import Area
from trygg.models import MunicipalitySettings, ProgrammeGoal
from trygg.views import PublicPageMixin, newest

from ...models import ChecklistItem, Cycle, FollowUpReport, Step, step_overview

LATEST_SIZE = 5


# Where the five steps sit on the decorative circle (centre 100,100, radius 70, step 1 at the top).
RING = [(100, 30), (166.6, 78.4), (141.1, 156.6), (58.9, 156.6), (33.4, 78.4)]


class Home(TemplateView):
    """What the programme is, its goals, the five steps, where the cycle stands and who is responsible."""

    template_name = "cycles/cycle/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        site = MunicipalitySettings.for_request(self.request)
        goals = list(ProgrammeGoal.objects.all())
        steps = list(Step.objects.with_current_cycle_id())
        # Only look the period up when one runs (the steps query says so): a fixed 3 queries without.
        cycle = Cycle.objects.current() if steps and steps[0].current_cycle_id else None
        latest = []
        if cycle is not None:
            latest = list(
                ChecklistItem.objects.filter(cycle=cycle).latest_public_done().with_evidence()[:LATEST_SIZE]
            )
        # § 6: residents see when the work was last followed up (the newest published report).
        followup = (
            FollowUpReport.objects.public().order_by("-published_at", "-pk").only("published_at").first()
        )
        dates = [site.updated_at, *(g.updated_at for g in goals), *(s.updated_at for s in steps)]
        if cycle is not None:
            dates.append(cycle.updated_at)
        if followup is not None:
            dates.append(followup.published_at)
        ctx.update(
            title=site.programme_name,
            goals=goals,
            steps=steps,
            cycle=cycle,
            step_count=len(steps),
            latest=[(item, item.evidence(public=True)) for item in latest],
            latest_followup=followup,
            # "Där du bor": one click from here to an area's page.
            areas=list(Area.objects.only("name", "slug").order_by("name")),
            last_updated=newest(*dates, *(i.updated_at for i in latest)),
        )
        return ctx


class Kretslopp(PublicPageMixin, TemplateView):
    """/kretslopp/: the five steps with their status, checklist progress and public evidence."""

    template_name = "cycles/cycle/kretslopp.html"
    title = _("Kretsloppet: arbetet i fem steg")

    def get_context_data(self, **kwargs):
        self.cycle = Cycle.objects.current()
        steps = list(Step.objects.all())
        items = list(self.cycle.checklist.with_evidence()) if self.cycle else []
        overview = step_overview(self.cycle, steps, items)
        for entry, (cx, cy) in zip(overview, RING, strict=False):
            entry["public_items"] = [(item, item.evidence(public=True)) for item in entry["items"]]
            entry["cx"], entry["cy"] = cx, cy
        self.dates = [s.updated_at for s in steps] + [i.updated_at for i in items]
        if self.cycle:
            self.dates.append(self.cycle.updated_at)
        ctx = super().get_context_data(**kwargs)
        ctx.update(cycle=self.cycle, overview=overview, step_count=len(steps))
        return ctx

    def get_last_updated(self):
        return newest(super().get_last_updated(), *self.dates)
