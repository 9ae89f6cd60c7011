"""Milestones (delmål och aktiviteter) of a measure and links between measures, in the workspace under
/arbete/atgarder/<slug>/delmal/ and /arbete/atgarder/<slug>/samband/, and the two panels they add to
the measure's workspace page ("measure-milestones" and "measure-links", registered in CyclesConfig).

The measure is looked up among those the user sees (404 otherwise), then the rules decide (403): every
reader of the measure's work reads its milestones, the lead partner adds, edits and marks them done,
only coordinators delete milestones and add or remove links. A page reached from the measure's page
carries `next` (a workspace path), and returns there after saving.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm
from trygg.exports import ExportMixin
from trygg.submissions import ALREADY_SAVED, run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.milestone import MeasureLinkForm, MilestoneDoneForm, MilestoneForm
from ...models import Measure, MeasureLink, Milestone
from ...services import milestone as services

PAGE_SIZE = 25
PANEL_LIMIT = 10  # the panel on the measure's page lists this many; the rest on the milestones page


def safe_next(request) -> str:
    """The workspace path the page was opened from (`next`), or "" when there is none or it is not ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/arbete/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def milestone_rows(user, milestones) -> list[dict]:
    """Each milestone with what the user may do with it (no queries: the rules read the measure that
    the milestones were loaded through, and the user's cached role and actor)."""
    return [
        {
            "milestone": m,
            "may_change": user.has_perm("cycles.change_milestone", m),
            "may_delete": user.has_perm("cycles.delete_milestone", m),
        }
        for m in milestones
    ]


def milestone_counts(measure: Measure) -> dict:
    """How many milestones the measure has, how many are done and how many overdue, in one query."""
    return measure.milestones.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(done_on__isnull=False)),
        overdue=Count("pk", filter=Q(pk__in=Milestone.objects.overdue().values("pk"))),
    )


# --- Panels on the measure's workspace page (trygg.dashboard, page "workspace-measure") -----------------


def measure_milestones_panel(request, measure: Measure) -> dict | None:
    """The measure's milestones, overdue ones flagged, with what the user may do; None for users who do
    not work on the measure."""
    user = request.user
    if not (user.has_perm("trygg.view_workspace") and user.has_perm("cycles.view_milestones", measure)):
        return None
    shown = list(measure.milestones.select_related("responsible")[: PANEL_LIMIT + 1])
    return {
        "measure": measure,
        "rows": milestone_rows(user, shown[:PANEL_LIMIT]),
        "more": len(shown) > PANEL_LIMIT,
        "counts": milestone_counts(measure),
        "may_add": user.has_perm("cycles.add_milestone", measure),
        "next": request.path,
    }


def measure_links_panel(request, measure: Measure) -> dict | None:
    """The measure's links to other measures the user may see, read from this measure's side."""
    user = request.user
    if not (user.has_perm("trygg.view_workspace") and user.has_perm("cycles.view_measure", measure)):
        return None
    links = services.links_of(measure, Measure.objects.visible_to(user))
    return {
        "measure": measure,
        "groups": services.grouped_links(links),
        "may_change": user.has_perm("cycles.change_measurelink", measure),
        "next": request.path,
    }


# --- Pages -------------------------------------------------------------------------------------------


class MeasureWorkMixin(WorkspaceMixin):
    """A page about one measure's milestones or links: the measure among those the user sees (404),
    `measure_permission` on it (403); with `milestone_permission`, also the milestone <pk> of that
    measure (404) and the permission on it (403)."""

    measure_permission = "cycles.view_milestones"
    milestone_permission = ""
    missing_is_done = False  # a POST for a milestone or link that is gone: say so instead of 404

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_perm("trygg.view_workspace"):
            self.measure = get_object_or_404(
                Measure.objects.visible_to(user).select_related("plan", "lead_actor"), slug=kwargs["slug"]
            )
            if not user.has_perm(self.measure_permission, self.measure):
                raise PermissionDenied
            self.load_object(request, kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_object(self, request, kwargs) -> None:
        if not self.milestone_permission:
            return
        self.milestone = self.measure.milestones.select_related("responsible").filter(pk=kwargs["pk"]).first()
        if self.milestone is None:
            if not (self.missing_is_done and request.method == "POST"):
                raise Http404
        elif not request.user.has_perm(self.milestone_permission, self.milestone):
            raise PermissionDenied

    def list_url(self) -> str:
        return reverse("cycles:milestone-list", args=[self.measure.slug])

    def back_url(self) -> str:
        return safe_next(self.request) or self.list_url()

    def section_crumb(self) -> tuple[str, str]:
        if self.request.user.has_perm("cycles.view_measure_overview"):
            return (_("Åtgärder"), reverse("cycles:measure-overview"))
        return (_("Mina åtgärder"), reverse("cycles:my-measures"))

    def measure_crumb(self) -> tuple[str, str]:
        return (self.measure.title, reverse("cycles:measure-workspace", args=[self.measure.slug]))

    def crumbs(self) -> list[tuple[str, str]]:
        return [self.section_crumb(), self.measure_crumb(), (_("Delmål"), self.list_url())]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            measure=self.measure,
            back_url=self.back_url(),
            next_url=safe_next(self.request),
            breadcrumbs=workspace_crumbs(*self.crumbs()),
        )
        return ctx


class MilestoneList(ExportMixin, MeasureWorkMixin, ListView):
    """/arbete/atgarder/<slug>/delmal/: all the measure's milestones, overdue ones flagged."""

    template_name = "cycles/workspace/milestone/list.html"
    context_object_name = "milestones"
    paginate_by = PAGE_SIZE
    export_columns = [
        (_("Delmål"), "title"),
        (_("Klart senast"), "due_on"),
        (_("Klart"), "done_on"),
        (_("Försenat"), "is_overdue"),
        (_("Ansvarig aktör"), "responsible_actor.name"),
        (_("Synlighet"), "get_visibility_display"),
    ]

    def get_export_name(self):
        return f"delmal-{self.measure.slug}"

    def get_queryset(self):
        return self.measure.milestones.select_related("responsible")

    def crumbs(self):
        return [self.section_crumb(), self.measure_crumb()]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            title=_("Delmål och aktiviteter: %(t)s") % {"t": self.measure.title},
            rows=milestone_rows(user, ctx["milestones"]),
            counts=milestone_counts(self.measure),
            may_add=user.has_perm("cycles.add_milestone", self.measure),
            may_link=user.has_perm("cycles.change_measurelink", self.measure),
        )
        return ctx


class MilestoneFormMixin(MeasureWorkMixin):
    """The milestone form, with the visibility only for who may publish (cycles.publish_milestone)."""

    template_name = "cycles/workspace/milestone/form.html"
    form_class = MilestoneForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "measure": self.measure,
            "may_publish": self.request.user.has_perm("cycles.publish_milestone", self.measure),
        }


class MilestoneCreate(MilestoneFormMixin, FormView):
    """/arbete/atgarder/<slug>/delmal/ny/: add a milestone (once, however many times the form is sent)."""

    measure_permission = "cycles.add_milestone"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: services.add_milestone(
                    measure=self.measure,
                    by=self.request.user,
                    title=data["title"],
                    responsible=data["responsible"],
                    due_on=data["due_on"],
                    done_on=data["done_on"],
                    visibility=data.get("visibility") or form.instance.visibility,
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        milestone = outcome.object
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, _("Delmålet ”%(t)s” är tillagt.") % {"t": milestone.title})
        return redirect(f"{self.back_url()}#delmal-{milestone.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Nytt delmål"),
            submit=_("Lägg till delmålet"),
            new=True,
            **kwargs,
        )


class MilestoneEdit(MilestoneFormMixin, UpdateView):
    """/arbete/atgarder/<slug>/delmal/<pk>/: change a milestone; two people cannot overwrite each other."""

    milestone_permission = "cycles.change_milestone"

    def get_object(self, queryset=None):
        return self.milestone

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        try:
            milestone = form.save()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Delmålet ”%(t)s” är sparat.") % {"t": milestone.title})
        return redirect(f"{self.back_url()}#delmal-{milestone.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ändra delmålet"),
            submit=_("Spara delmålet"),
            may_delete=self.request.user.has_perm("cycles.delete_milestone", self.milestone),
            **kwargs,
        )


class MilestoneDone(MeasureWorkMixin, FormView):
    """/arbete/atgarder/<slug>/delmal/<pk>/klar/: mark a milestone done on a date (today by default)."""

    milestone_permission = "cycles.change_milestone"
    template_name = "cycles/workspace/milestone/done.html"
    form_class = MilestoneDoneForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "milestone": self.milestone}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            done = services.mark_done(
                milestone=self.milestone,
                by=self.request.user,
                done_on=data["done_on"],
                version=data["version"],
            )
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Delmålet ”%(t)s” är markerat som klart %(d)s.")
            % {"t": done.title, "d": done.done_on.isoformat()},
        )
        return redirect(f"{self.back_url()}#delmal-{done.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Markera delmålet som klart"), milestone=self.milestone, **kwargs
        )


class MilestoneDelete(MeasureWorkMixin, FormView):
    """/arbete/atgarder/<slug>/delmal/<pk>/ta-bort/: delete a milestone after a confirmation."""

    milestone_permission = "cycles.delete_milestone"
    missing_is_done = True
    template_name = "cycles/workspace/milestone/delete.html"
    form_class = VersionForm

    def post(self, request, *args, **kwargs):
        if self.milestone is None:  # sent twice: the first sending deleted it
            messages.info(request, _("Delmålet är redan borttaget."))
            return redirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.milestone.version}

    def form_valid(self, form):
        try:
            services.delete_milestone(
                milestone=self.milestone, by=self.request.user, version=form.cleaned_data["version"]
            )
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("Delmålet ”%(t)s” är borttaget.") % {"t": self.milestone.title})
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Ta bort delmålet"), milestone=self.milestone, **kwargs)


# --- Links between measures --------------------------------------------------------------------------


class LinkMixin(MeasureWorkMixin):
    """Links are added and removed by coordinators; the measure's page shows them to everyone on it."""

    measure_permission = "cycles.change_measurelink"

    def list_url(self) -> str:
        return reverse("cycles:measure-links", args=[self.measure.slug])

    def crumbs(self):
        return [self.section_crumb(), self.measure_crumb(), (_("Samband"), self.list_url())]


class LinkList(LinkMixin, ListView):
    """/arbete/atgarder/<slug>/samband/: the measure's links in both directions, to add and remove."""

    template_name = "cycles/workspace/milestone/links.html"
    context_object_name = "links"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return services.links_of(self.measure, Measure.objects.visible_to(self.request.user))

    def crumbs(self):
        return [self.section_crumb(), self.measure_crumb()]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Samband med andra åtgärder: %(t)s") % {"t": self.measure.title},
            groups=services.grouped_links(ctx["links"]),
        )
        return ctx


class LinkCreate(LinkMixin, FormView):
    """/arbete/atgarder/<slug>/samband/ny/: link the measure to another one, chosen from a list that a
    search (?sok=) narrows down."""

    template_name = "cycles/workspace/milestone/link_form.html"
    form_class = MeasureLinkForm

    def search(self) -> str:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return source.get("sok", "").strip()[:100]

    def get_initial(self):
        return {"sok": self.search()}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "measure": self.measure,
            "candidates": Measure.objects.visible_to(self.request.user),
            "search": self.search(),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: services.add_link(
                    from_measure=self.measure,
                    to_measure=data["to_measure"],
                    kind=data["kind"],
                    by=self.request.user,
                ),
            )
        except ValidationError as exc:
            form.add_error("to_measure", exc.messages)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            link = outcome.object
            messages.success(
                self.request,
                _("Sambandet är tillagt: ”%(a)s” %(kind)s ”%(b)s”.")
                % {"a": self.measure.title, "kind": link.get_kind_display(), "b": link.to_measure.title},
            )
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Nytt samband"), search=self.search(), **kwargs)


class LinkDelete(LinkMixin, FormView):
    """/arbete/atgarder/<slug>/samband/<pk>/ta-bort/: remove a link (from either of its measures) after
    a confirmation."""

    template_name = "cycles/workspace/milestone/link_delete.html"
    form_class = forms.Form  # links have no version: the form is only the confirmation

    def load_object(self, request, kwargs):
        self.link = (
            MeasureLink.objects.filter(
                Q(from_measure=self.measure) | Q(to_measure=self.measure), pk=kwargs["pk"]
            )
            .select_related("from_measure", "to_measure")
            .first()
        )
        if self.link is None and request.method != "POST":
            raise Http404

    def post(self, request, *args, **kwargs):
        if self.link is None:  # sent twice: the first sending removed it
            messages.info(request, _("Sambandet är redan borttaget."))
            return redirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.remove_link(link=self.link, by=self.request.user)
        messages.success(
            self.request,
            _("Sambandet mellan ”%(a)s” och ”%(b)s” är borttaget.")
            % {"a": self.link.from_measure.title, "b": self.link.to_measure.title},
        )
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Ta bort sambandet"), link=self.link, **kwargs)
