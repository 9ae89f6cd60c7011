"""Public pages about the action plan's measures: /atgarder/ with shareable filters, one page per
measure with the chain lägesbild → problem → orsak → åtgärd and its timeline, and Atom feeds.

Only `Measure.objects.public()` (public measures of public, decided plans) and approved updates are
ever shown here; internal notes are never in a template of this module.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from actors.models import Actor
from lagesbild.models import Area, CauseAnalysis, Place, Problem, UnsafePlaceReport
from trygg.models import MunicipalitySettings
from trygg.views import PublicPageMixin, newest

from ...forms.measure import MeasureFilterForm
from ...models import (
    FollowUp,
    Measure,
    MeasureIndicator,
    MeasureUpdate,
    indicators_with_latest,
)
from ...services.milestone import grouped_links, links_of

PAGE_SIZE = 20


FEED_SIZE = 30


class MeasureList(PublicPageMixin, ListView):
    """/atgarder/: what is being done, filtered by status, area, focus area, lead actor and kind."""

    template_name = "cycles/measure/list.html"
    context_object_name = "measures"
    paginate_by = PAGE_SIZE
    title = _("Åtgärder")

    def get_queryset(self):
        public = Measure.objects.public()
        self.form = MeasureFilterForm(self.request.GET or None, measures=public)
        return self.form.filter(public).with_list_data().order_by("title", "pk")

    def get_last_updated(self):
        latest = Measure.objects.public().aggregate(latest=Max("updated_at"))["latest"]
        return newest(super().get_last_updated(), latest)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(form=self.form, filter_query=query.urlencode(), filtered=bool(query))
        return ctx


class MeasureDetail(PublicPageMixin, DetailView):
    """/atgarder/<slug>/: one measure, why it is done, who does it, where, and how far it has come."""

    template_name = "cycles/measure/detail.html"
    context_object_name = "measure"
    breadcrumbs = [(_("Åtgärder"), reverse_lazy("cycles:measure-list"))]

    def get_object(self, queryset=None):
        public_problems = Problem.objects.public().prefetch_related(
            Prefetch("cause_analyses", queryset=CauseAnalysis.objects.order_by("perspective", "pk"))
        )
        measures = Measure.objects.public().select_related(
            "plan__situation_report__decision", "plan__decision", "decision", "lead_actor"
        )
        return get_object_or_404(
            measures.prefetch_related(
                Prefetch("contributors", queryset=Actor.objects.public()),
                "areas",
                Prefetch("places", queryset=Place.objects.order_by("name")),
                Prefetch(
                    "unsafe_place_reports",
                    queryset=UnsafePlaceReport.objects.public()
                    .select_related("place")
                    .order_by("-created_at"),
                    to_attr="public_unsafe_place_reports",
                ),
                Prefetch("problems", queryset=public_problems, to_attr="public_problems"),
                "cause_analyses",
                Prefetch(
                    "indicator_links",
                    queryset=MeasureIndicator.objects.filter(indicator__public=True).select_related(
                        "indicator"
                    ),
                    to_attr="public_indicator_links",
                ),
            ),
            slug=self.kwargs["slug"],
        )

    def get_last_updated(self):
        return self.last_updated

    def get_context_data(self, **kwargs):
        measure = self.object
        updates = list(measure.updates.approved().newest_first())
        followups = list(
            FollowUp.objects.public()
            .filter(measure=measure)
            .select_related("period")
            .order_by("-period__ends_on")
        )
        # Public milestones as a dated timeline: by the day they were done, else the day they are due.
        milestones = sorted(
            measure.milestones.public().select_related("responsible"),
            key=lambda m: (not (m.done_on or m.due_on), m.done_on or m.due_on or datetime.date.max, m.pk),
        )
        self.last_updated = newest(
            measure.updated_at,
            *(u.approved_at for u in updates),
            *(f.approved_at for f in followups),
            *(m.updated_at for m in milestones),
        )
        linked_causes = {c.pk for c in measure.cause_analyses.all()}
        chain = [
            (problem, [c for c in problem.cause_analyses.all() if c.pk in linked_causes])
            for problem in measure.public_problems
        ]
        report = measure.plan.situation_report
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            indicators=indicators_with_latest(
                measure.public_indicator_links,
                area_code=MunicipalitySettings.for_request(self.request).municipality_id,
            ),
            title=measure.title,
            updates=updates,
            followups=followups,
            last_report_update=updates[0].date if updates else None,
            chain=chain,
            report=report if report is not None and report.is_public_now else None,
            milestones=milestones,
            link_groups=grouped_links(links_of(measure, Measure.objects.public())),
        )
        return ctx


# --- Sections on the lägesbild app's place and area pages (registered in CyclesConfig.ready) ----------

SECTION_LIMIT = 10  # a section on a place or area page lists this many; the rest via /atgarder/


def _measure_section(measures, **extra) -> dict | None:
    """The first SECTION_LIMIT measures (one query whatever the total) and whether there are more."""
    shown = list(measures.select_related("lead_actor").order_by("title")[: SECTION_LIMIT + 1])
    if not shown:
        return None
    return {"measures": shown[:SECTION_LIMIT], "more": len(shown) > SECTION_LIMIT, **extra}


def place_measures(request, place) -> dict | None:
    return _measure_section(Measure.objects.public().filter(places=place), area=place.area)


def area_measures(request, area) -> dict | None:
    return _measure_section(Measure.objects.public().filter(areas=area), area=area)


def area_measure_counts(request, areas) -> dict:
    """How many public measures each area has, for the column on /omraden/ (one query)."""
    counted = Area.objects.filter(pk__in=[a.pk for a in areas]).annotate(
        n=Count("measures", filter=Q(measures__in=Measure.objects.public()), distinct=True)
    )
    return {"counts": {a.pk: a.n for a in counted}}


# --- Atom feeds of approved updates ----------------------------------------------------------------


class UpdateFeed(Feed):
    """Approved lägesrapporter of public measures, newest first."""

    feed_type = Atom1Feed
    title = _("Lägesrapporter om åtgärderna")
    subtitle = _("Nya lägesrapporter om åtgärderna i åtgärdsplanen.")

    def link(self, obj=None):
        return reverse("cycles:measure-list")

    def updates(self, obj=None):
        return MeasureUpdate.objects.public()

    def author_name(self, obj=None):
        return MunicipalitySettings.load().programme_name

    def items(self, obj=None):
        return self.updates(obj).select_related("measure__lead_actor").newest_first()[:FEED_SIZE]

    def item_author_name(self, item):
        # An actor's name only while it takes part (Actor.objects.public()); else the feed's own author.
        actor = item.measure.lead_actor
        return actor.name if actor.active else None

    def item_title(self, item):
        return f"{item.measure.title}: {item.get_status_display()}, {item.progress} %"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return f"{item.measure.get_absolute_url()}#rapport-{item.pk}"

    def item_pubdate(self, item):
        """The day the lägesrapport is about (noon, local time), not when its row was written."""
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)


class MeasureUpdateFeed(UpdateFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Measure.objects.public(), slug=slug)

    def title(self, obj):
        return _("Lägesrapporter: %(title)s") % {"title": obj.title}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def updates(self, obj=None):
        return MeasureUpdate.objects.public().filter(measure=obj)


class AreaUpdateFeed(UpdateFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Area, slug=slug)

    def title(self, obj):
        return _("Lägesrapporter om åtgärder i %(area)s") % {"area": obj.name}

    def link(self, obj=None):
        return f"{reverse('cycles:measure-list')}?omrade={obj.slug}"

    def updates(self, obj=None):
        return MeasureUpdate.objects.public().filter(measure__areas=obj).distinct()
