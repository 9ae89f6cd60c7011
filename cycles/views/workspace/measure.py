"""The workspace for measures under /arbete/atgarder/: the coordinators' overview with CSV export,
partner editors' "Mina åtgärder", a measure's own page, and the coordinators' new measure, changes, copy
and cancellation. Lägesrapporter and texts for residents, and their review: views/workspace/review.py.

Lists start from `Measure.objects.visible_to(user)`; single objects are looked up there (404 when not
visible) and then checked against the rules (403 when visible but not allowed).
"""

import datetime
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from actors.rules import own_actor
from lagesbild.models import Dialogue
from trygg import dashboard
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin
from trygg.submissions import ALREADY_SAVED, SentOnceMixin, run_once, save_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.measure import (
    MeasureCopyForm,
    MeasureForm,
    MeasureOverviewFilter,
    RetireForm,
    plans_open_for_measures,
)
from ...models import (
    ACTIVE_MEASURE_STATUSES,
    MEASURE_MOVES,
    FollowUpPeriod,
    Measure,
    MeasureStatus,
    MeasureTextChange,
    MeasureUpdate,
    Milestone,
    stale_days,
)
from ...services import measure as measure_services
from ...services.milestone import with_overdue_milestones

OVERVIEW_PERMS = ("trygg.view_workspace", "cycles.view_measure_overview")

CSV_COLUMNS = [
    (_("Åtgärd"), lambda m: m.title),
    (_("Adress"), lambda m: m.slug),
    (_("Åtgärdsplan"), lambda m: m.plan.title),
    (_("Ansvarig aktör"), lambda m: m.lead_actor.name),
    (_("Status"), lambda m: m.get_status_display()),
    (_("Procent klart"), lambda m: m.progress),
    (_("Start"), lambda m: m.start_date.isoformat() if m.start_date else ""),
    (_("Klart senast"), lambda m: m.end_date.isoformat() if m.end_date else ""),
    (_("Senaste lägesrapport"), lambda m: m.last_update_on.isoformat() if m.last_update_on else ""),
    (_("Inaktuell"), lambda m: _("ja") if m.is_stale else _("nej")),
    (_("Synlighet"), lambda m: m.get_visibility_display()),
]


def measures_panel(request) -> dict | None:
    """Dashboard: reports and texts waiting for approval and stale measures (coordinators), own measures
    due and the organisation's overdue milestones (partner editors)."""
    user = request.user
    ctx = dict.fromkeys(
        [
            "pending",
            "pending_texts",
            "stale",
            "without_cause",
            "own_count",
            "own_stale",
            "own_late_milestones",
        ]
    )
    if user.has_perm("cycles.view_measure_overview"):
        visible = Measure.objects.visible_to(user)
        if user.has_perm("cycles.approve_measureupdate"):
            ctx["pending"] = MeasureUpdate.objects.pending().count()
            ctx["pending_texts"] = MeasureTextChange.objects.pending().count()
        ctx.update(stale=visible.stale().count(), without_cause=visible.without_cause().distinct().count())
        return ctx
    if user.has_perm("cycles.view_own_measures"):
        own, actor = Measure.objects.own(user).current(), own_actor(user)
        parts = Q(responsible=actor) | Q(responsible__isnull=True, measure__lead_actor=actor)
        late = Milestone.objects.overdue().filter(
            parts, measure__in=own, measure__status__in=ACTIVE_MEASURE_STATUSES
        )
        ctx.update(own_count=own.count(), own_stale=own.stale().count(), own_late_milestones=late.count())
        return ctx
    return None


class Overview(ExportMixin, WorkspaceMixin, ListView):
    """/arbete/atgarder/: counts per status, stale measures, measures without a cause, and a table; its
    filtered rows as CSV or Excel at /arbete/atgarder/export.csv|.xlsx."""

    permission_required = OVERVIEW_PERMS
    template_name = "cycles/workspace/measure/overview.html"
    context_object_name = "measures"
    paginate_by = 25
    export_columns = CSV_COLUMNS
    export_name = "atgarder"
    export_url_names = {"csv": "cycles:measure-export", "xlsx": "cycles:measure-export-xlsx"}

    def get_queryset(self):
        self.visible = Measure.objects.visible_to(self.request.user)
        self.form = MeasureOverviewFilter(self.request.GET or None)
        rows = self.form.filter(self.visible).select_related("plan", "lead_actor").order_by("title", "pk")
        return with_overdue_milestones(rows)  # has_overdue_milestone: the "Delmål försenat" flag

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = Counter(self.visible.values_list("status", flat=True))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            title=_("Åtgärder"),
            breadcrumbs=workspace_crumbs(),
            form=self.form,
            status_counts=[(label, counts.get(value, 0)) for value, label in MeasureStatus.choices],
            total=sum(counts.values()),
            # stale() leaves out a measure carried over to a newer plan: it is reported on there.
            stale=list(self.visible.stale().select_related("lead_actor").order_by("last_update_on")[:20]),
            without_cause=list(
                self.visible.without_cause().select_related("lead_actor").order_by("title")[:20]
            ),
            filter_query=query.urlencode(),
            pending=MeasureUpdate.objects.pending().count()
            if self.request.user.has_perm("cycles.approve_measureupdate")
            else None,
        )
        return ctx


class MyMeasures(WorkspaceMixin, TemplateView):
    """/arbete/atgarder/mina/: what is due from the partner's organisation, in date order (its own
    milestones, including its parts in measures it contributes to; end dates and follow-ups of the
    measures it leads; lägesrapporter on stale measures), and every measure it leads or contributes to,
    the one due soonest first."""

    permission_required = ("trygg.view_workspace", "cycles.view_own_measures")
    template_name = "cycles/workspace/measure/my_measures.html"
    paginate_by = 25
    soon_days = 30  # milestones and end dates this close show among what is due

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        actor, today = own_actor(user), timezone.localdate()
        measures = list(
            Measure.objects.own(user)
            .current()  # a measure carried over to a newer plan is worked on there
            .select_related("plan", "lead_actor")
            .prefetch_related("contributors")
            .order_by("title", "pk")
        )
        ids = [m.pk for m in measures]
        pending = set(
            MeasureUpdate.objects.pending().filter(measure__in=ids).values_list("measure_id", flat=True)
        )
        pending_texts = set(
            MeasureTextChange.objects.pending().filter(measure__in=ids).values_list("measure_id", flat=True)
        )
        milestones = {}
        for milestone in Milestone.objects.open().filter(measure__in=ids).select_related("responsible"):
            milestones.setdefault(milestone.measure_id, []).append(milestone)
        follow_ups = self.follow_ups_due(actor, ids, today)
        rows, due = [], []
        for m in measures:
            row = {
                "measure": m,
                "leads": user.has_perm("cycles.change_measure_text", m),
                "can_post": user.has_perm("cycles.post_measure_update", m),
                "pending": m.pk in pending,
                "pending_text": m.pk in pending_texts,
                "next_milestone": next(iter(milestones.get(m.pk, [])), None),
                "follow_up": follow_ups.get(m.pk),
            }
            row["next_on"] = min(self.dates_of(row), default=None)
            rows.append(row)
            due += self.due_items(row, actor, milestones.get(m.pk, []), today)
        rows.sort(key=lambda r: (r["next_on"] is None, r["next_on"] or today, r["measure"].title))
        due.sort(key=lambda d: (d["on"], d["measure"].title))
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            title=_("Mina åtgärder"),
            breadcrumbs=workspace_crumbs(),
            due=due,
            rows=page.object_list,
            page_obj=page,
            today=today,
            declined_updates=list(
                MeasureUpdate.objects.reviewed_with_reason()
                .filter(measure__in=ids, author=user)
                .select_related("measure")
                .order_by("-reviewed_at")[:10]
            ),
            declined_texts=list(
                MeasureTextChange.objects.reviewed_with_reason()
                .filter(measure__in=ids, author=user)
                .select_related("measure")
                .order_by("-reviewed_at")[:10]
            ),
            # The partner's dialogues a coordinator did not publish, with the reason (lagesbild).
            declined_dialogues=[
                (dialogue, user.has_perm("lagesbild.change_dialogue", dialogue))
                for dialogue in Dialogue.objects.declined_for(user).select_related("area")[:10]
            ],
        )
        return ctx

    @staticmethod
    def follow_ups_due(actor, ids: list[int], today) -> dict:
        """{measure pk: the open period} for the measures the actor leads that lack a handed-in follow-up
        (the lead partner writes it); the period that closes first when there are several."""
        found = {}
        periods = FollowUpPeriod.objects.open_on(today).order_by("closes_on", "pk")
        for period in periods:
            lacking = period.lacking_follow_up(period.measures().filter(pk__in=ids, lead_actor=actor))
            for pk in lacking.values_list("pk", flat=True):
                found.setdefault(pk, period)
        return found

    @staticmethod
    def dates_of(row) -> list:
        """The dates something is due on the measure: its next milestone, its end date while it is
        active, the last day of its follow-up."""
        m = row["measure"]
        dates = [row["next_milestone"].due_on if row["next_milestone"] else None]
        dates.append(m.end_date if m.status in ACTIVE_MEASURE_STATUSES else None)
        dates.append(row["follow_up"].closes_on if row["follow_up"] else None)
        return [d for d in dates if d is not None]

    def due_items(self, row, actor, open_milestones, today) -> list[dict]:
        """What is due from the actor on one measure: overdue and soon-due milestones that are its part
        (also in a measure it contributes to); the end date, follow-up and lägesrapport of a stale
        measure it leads (as the daily reminders, cycles.services.reminders)."""
        m, soon = row["measure"], today + datetime.timedelta(days=self.soon_days)

        def item(on, what, url, late):
            return {"on": on, "measure": m, "what": what, "url": url, "late": late}

        report_url = reverse("cycles:post-update", args=[m.slug]) if row["can_post"] else ""
        items = [
            item(
                milestone.due_on,
                _("Delmål: %(t)s") % {"t": milestone.title},
                reverse("cycles:milestone-list", args=[m.slug]),
                milestone.due_on < today,
            )
            for milestone in open_milestones
            if milestone.due_on is not None
            and milestone.due_on <= soon
            and (milestone.responsible_id or m.lead_actor_id) == actor.pk
        ]
        if m.lead_actor_id != actor.pk:
            return items
        if m.status in ACTIVE_MEASURE_STATUSES and m.end_date and m.end_date <= soon:
            items.append(item(m.end_date, _("Åtgärden ska vara klar"), report_url, m.end_date < today))
        if row["follow_up"] is not None:
            period = row["follow_up"]
            what = _("Lämna in uppföljningen (%(p)s)") % {"p": period.name}
            items.append(
                item(period.closes_on, what, reverse("cycles:followup-edit", args=[period.pk, m.slug]), False)
            )
        if m.is_stale:
            if m.last_update_on:
                last = m.last_update_on.isoformat()
                what = _("Skriv en lägesrapport (den senaste är från %(d)s)") % {"d": last}
            else:
                what = _("Skriv en lägesrapport (ingen än)")
            went_stale = m.last_activity + datetime.timedelta(days=stale_days())
            items.append(item(went_stale, what, report_url, True))
        return items


class MeasureObjectMixin(WorkspaceMixin):
    """A page about one measure the user may see (404 otherwise) and act on (403 otherwise)."""

    measure_permission = ""
    below_measure_page = False  # the breadcrumbs lead through the measure's page

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.measure = get_object_or_404(
                Measure.objects.visible_to(request.user).select_related("plan", "lead_actor"),
                slug=kwargs["slug"],
            )
            if request.user.has_perm("trygg.view_workspace") and not request.user.has_perm(
                self.measure_permission, self.measure
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        if self.request.user.has_perm("cycles.view_measure_overview"):
            return reverse("cycles:measure-overview")
        return reverse("cycles:my-measures")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        back = self.back_url()
        label = _("Åtgärder") if back == reverse("cycles:measure-overview") else _("Mina åtgärder")
        crumbs = [(label, back)]
        if self.below_measure_page:
            crumbs.append((self.measure.title, self.page_url()))
        ctx.update(measure=self.measure, back_url=back, breadcrumbs=workspace_crumbs(*crumbs))
        return ctx

    def page_url(self, measure=None) -> str:
        return reverse("cycles:measure-workspace", args=[(measure or self.measure).slug])


def lineage(measure: Measure, limit: int = 10) -> list[Measure]:
    """The measures this one continues (carried over from earlier plans), the nearest first."""
    earlier, current = [], measure
    while current.continued_from_id and len(earlier) < limit:
        current = Measure.objects.select_related("plan").get(pk=current.continued_from_id)
        earlier.append(current)
    return earlier


class MeasurePage(MeasureObjectMixin, TemplateView):
    """/arbete/atgarder/<slug>/: the measure in the workspace: facts, status and progress, why it is done
    (lägesbild → problem → orsak), the latest lägesrapporter (with those of the measure it continues),
    the panels registered for page "workspace-measure" (indicators, milestones, links), and what the
    user may do."""

    measure_permission = "cycles.view_measure_workspace"
    template_name = "cycles/workspace/measure/detail.html"
    updates_shown = 20

    def get_context_data(self, **kwargs):
        m, user = self.measure, self.request.user
        earlier = lineage(m)
        causes = list(m.cause_analyses.select_related("problem"))
        problems = list(m.problems.order_by("priority", "title"))
        updates = (
            MeasureUpdate.objects.filter(measure__in=[m, *earlier])
            .select_related("measure__plan", "author")
            .newest_first()
        )
        can_change = user.has_perm("cycles.change_measure", m)
        return super().get_context_data(
            title=m.title,
            earlier=earlier,
            later=list(m.continued_as.select_related("plan")),
            chain=[(p, [c for c in causes if c.problem_id == p.pk]) for p in problems],
            loose_causes=[c for c in causes if c.problem_id not in {p.pk for p in problems}],
            has_cause=bool(causes),
            updates=list(updates[: self.updates_shown]),
            panels=dashboard.panels_for(self.request, page="workspace-measure", measure=m),
            can_change=can_change,
            can_retire=can_change and MeasureStatus.CANCELLED in MEASURE_MOVES[m.status],
            can_post=user.has_perm("cycles.post_measure_update", m),
            can_edit_text=user.has_perm("cycles.change_measure_text", m),
            public_url=m.get_absolute_url() if m.is_public_now else "",
            **kwargs,
        )


class MeasureFormMixin:
    """The coordinator's form for a whole measure, new or changed; sent twice, it saves once."""

    form_class = MeasureForm
    template_name = "cycles/workspace/measure/form.html"

    def form_valid(self, form):
        outcome = save_once(self.request, form, saved_message=_("Åtgärden ”%(t)s” är sparad."))
        if outcome is None:
            return self.form_invalid(form)
        if outcome.object is None:
            return redirect("cycles:measure-overview")
        return redirect("cycles:measure-workspace", slug=outcome.object.slug)


class MeasureCreate(SentOnceMixin, MeasureFormMixin, WorkspaceMixin, CreateView):
    """/arbete/atgarder/ny/?plan=<pk>: a coordinator's new measure in a plan that takes measures."""

    permission_required = ("trygg.view_workspace", "cycles.add_measure")

    def repeated_url(self, created) -> str:
        return reverse("cycles:measure-workspace", args=[created.slug])

    def get_form_kwargs(self):
        chosen = self.request.POST.get("plan") or self.request.GET.get("plan") or ""
        self.plan = plans_open_for_measures().filter(pk=chosen).first() if chosen.isdigit() else None
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # which sets self.plan
        overview = reverse("cycles:measure-overview")
        cancel = reverse("cycles:plan-detail", args=[self.plan.pk]) if self.plan else overview
        return super().get_context_data(
            title=_("Ny åtgärd"),
            breadcrumbs=workspace_crumbs((_("Åtgärder"), overview)),
            cancel_url=cancel,
            **kwargs,
        )


class MeasureEdit(SentOnceMixin, MeasureFormMixin, MeasureObjectMixin, UpdateView):
    """/arbete/atgarder/<slug>/andra/: a coordinator changes a measure (not its status: that follows its
    lägesrapporter, or it is cancelled)."""

    measure_permission = "cycles.change_measure"
    below_measure_page = True

    def get_object(self, queryset=None):
        return self.measure

    def repeated_url(self, created) -> str:
        return self.page_url(created)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Ändra åtgärden"), cancel_url=self.page_url(), **kwargs)


class MeasureCopy(SentOnceMixin, MeasureObjectMixin, FormView):
    """/arbete/atgarder/<slug>/kopiera/: a new measure with this one's content, planned at 0 %."""

    measure_permission = "cycles.change_measure"
    below_measure_page = True
    form_class = MeasureCopyForm
    template_name = "cycles/workspace/measure/copy.html"

    def repeated_url(self, created) -> str:
        return self.page_url(created)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def form_valid(self, form):
        try:
            outcome = run_once(
                self.request,
                lambda: measure_services.copy_measure(
                    measure=self.measure, by=self.request.user, **form.cleaned_data
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(
                self.request,
                _("Kopian ”%(t)s” är skapad. Ändra det som ska skilja den från originalet.")
                % {"t": outcome.object},
            )
        return redirect(self.page_url(outcome.object) if outcome.object else self.page_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Kopiera åtgärden"), cancel_url=self.page_url(), **kwargs)


class MeasureRetire(MeasureObjectMixin, FormView):
    """/arbete/atgarder/<slug>/avbryt/: cancel the measure (Avbruten) with a reason, after a confirmation."""

    measure_permission = "cycles.change_measure"
    below_measure_page = True
    form_class = RetireForm
    template_name = "cycles/workspace/measure/retire.html"

    def get(self, request, *args, **kwargs):
        if MeasureStatus.CANCELLED not in MEASURE_MOVES[self.measure.status]:
            messages.error(
                request,
                _("Åtgärden har status ”%(s)s” och kan inte avbrytas.")
                % {"s": self.measure.get_status_display()},
            )
            return redirect(self.page_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.measure.version}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            measure_services.retire_measure(
                measure=self.measure, by=self.request.user, reason=data["reason"], version=data["version"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("Åtgärden är avbruten. Motiveringen är sparad."))
        return redirect(self.page_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Avbryt åtgärden"), cancel_url=self.page_url(), **kwargs)
