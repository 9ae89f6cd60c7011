"""Åtgärdsplaner in the workspace under /arbete/planer/: the list, a plan's page with its measures, and
the coordinator's work on a plan: write and change it, move its status, copy it, start the next plan
with the unfinished measures carried over, and delete an empty draft.

Coordinators write plans; board readers read them; everyone else signed in gets 403. A plan is retired
by its status moves (Ersatt), never deleted once it has gone further than a draft. Every change goes
through `cycles.services.plan` (or a versioned form), whose Swedish refusals the pages show.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm
from trygg.exports import ExportMixin
from trygg.submissions import ALREADY_SAVED, SentOnceMixin, run_once, save_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.plan import CarryOverForm, PlanCopyForm, PlanForm
from ...models import PLAN_MOVES, ActionPlan, Cycle, Measure, MeasureStatus, PlanStatus
from ...services import plan as services
from ...services.measure import PLAN_STATUSES_OPEN_FOR_MEASURES

READ_PERMS = ("trygg.view_workspace", "cycles.view_actionplan")
WRITE_PERMS = (*READ_PERMS, "cycles.change_actionplan")

# What each status move means, on its confirmation page.
MOVE_TEXTS = {
    PlanStatus.DRAFT: _("Planen går tillbaka till utkast och kan ändras innan den skickas på remiss igen."),
    PlanStatus.CONSULTATION: _("Planen skickas på remiss. Du kan fortfarande ändra den."),
    PlanStatus.DECIDED: _(
        "Planen markeras som beslutad. Beslutet och lägesbilden måste vara angivna och varje åtgärd "
        "kopplad till minst en orsak. Är planen offentlig visas den och dess offentliga åtgärder för "
        "invånare."
    ),
    PlanStatus.IN_PROGRESS: _("Planen genomförs. Partnerna skriver lägesrapporter om sina åtgärder."),
    PlanStatus.FOLLOWED_UP: _("Planen är uppföljd. Den visas fortfarande för invånare."),
    PlanStatus.SUPERSEDED: _(
        "Planen är ersatt av en nyare plan och slutar visas för invånare. Den och dess åtgärder finns "
        "kvar i arbetsytan som de är. Vill du föra över pågående åtgärder gör du det först."
    ),
}


def _crumbs(*extra):
    return workspace_crumbs((_("Åtgärdsplaner"), reverse("cycles:plan-list")), *extra)


def _to_plan(plan):
    """To the plan's page, or to the list when a plan made by an earlier sending is gone."""
    return redirect("cycles:plan-detail", pk=plan.pk) if plan else redirect("cycles:plan-list")


class PlanList(ExportMixin, WorkspaceMixin, ListView):
    """/arbete/planer/: every plan, newest first, with its status, period, cycle and number of measures."""

    permission_required = READ_PERMS
    template_name = "cycles/workspace/plan/list.html"
    context_object_name = "plans"
    paginate_by = 25
    export_name = "atgardsplaner"
    export_columns = [
        (_("Plan"), "title"),
        (_("Status"), "get_status_display"),
        (_("Gäller från"), "period_start"),
        (_("Gäller till"), "period_end"),
        (_("Samverkansperiod"), "cycle.name"),
        (_("Åtgärder"), "measure_count"),
        (_("Synlighet"), "get_visibility_display"),
    ]

    def get_queryset(self):
        return (
            ActionPlan.objects.select_related("cycle")
            .annotate(measure_count=Count("measures"))
            .order_by("-period_start", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Åtgärdsplaner"),
            breadcrumbs=workspace_crumbs(),
            can_write=self.request.user.has_perm("cycles.change_actionplan"),
            **kwargs,
        )


class PlanFormMixin(WorkspaceMixin):
    permission_required = WRITE_PERMS
    model = ActionPlan
    form_class = PlanForm
    template_name = "cycles/workspace/plan/form.html"

    def form_valid(self, form):
        outcome = save_once(self.request, form, saved_message=_("Planen ”%(t)s” är sparad."))
        if outcome is None:
            return self.form_invalid(form)
        return _to_plan(outcome.object)


class PlanCreate(SentOnceMixin, PlanFormMixin, CreateView):
    """/arbete/planer/ny/: a new plan, as a draft in the current cycle."""

    def repeated_url(self, created) -> str:
        return reverse("cycles:plan-detail", args=[created.pk])

    def get_initial(self):
        return {"cycle": Cycle.objects.current()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ny åtgärdsplan"), breadcrumbs=_crumbs(), cancel_url=reverse("cycles:plan-list"), **kwargs
        )


class PlanMixin(WorkspaceMixin):
    """A page about one plan: the section's permissions (403), the plan (404), `plan_permission` (403)."""

    permission_required = READ_PERMS
    plan_permission = "cycles.view_actionplan"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        plans = ActionPlan.objects.select_related("cycle", "situation_report", "decision__forum")
        self.plan = get_object_or_404(plans, pk=kwargs["pk"])
        if not request.user.has_perm(self.plan_permission, self.plan):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self):
        return reverse("cycles:plan-detail", args=[self.plan.pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("breadcrumbs", _crumbs((self.plan.title, self.detail_url())))
        return super().get_context_data(plan=self.plan, detail_url=self.detail_url(), **kwargs)


class PlanDetail(PlanMixin, TemplateView):
    """/arbete/planer/<pk>/: the plan's facts and decision, its measures, and what may be done next."""

    template_name = "cycles/workspace/plan/detail.html"

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        measures = list(
            plan.measures.select_related("lead_actor", "continued_from__plan")
            .prefetch_related(
                Prefetch("continued_as", queryset=Measure.objects.select_related("plan").order_by("pk"))
            )
            .order_by("title", "pk")
        )
        counts = Counter(m.status for m in measures)
        can_write = user.has_perm("cycles.change_actionplan", plan)
        carryable = services.carryable_measures(plan).count() if can_write else 0
        return super().get_context_data(
            title=plan.title,
            breadcrumbs=_crumbs(),
            measures=measures,
            status_counts=[(label, counts[value]) for value, label in MeasureStatus.choices if counts[value]],
            without_cause=plan.measures.without_cause().count(),
            can_write=can_write,
            moves=[PlanStatus(s) for s in PlanStatus.values if s in PLAN_MOVES[plan.status]]
            if can_write
            else [],
            can_add_measure=can_write
            and user.has_perm("cycles.add_measure")
            and plan.status in PLAN_STATUSES_OPEN_FOR_MEASURES,
            can_delete=can_write and plan.status == PlanStatus.DRAFT and not measures,
            can_carry_over=can_write and plan.status in services.PLAN_STATUSES_TO_CARRY_FROM,
            carryable=carryable,
            **kwargs,
        )


class PlanActionMixin(PlanMixin):
    """A coordinator's action on one plan. Board readers pass the section's check, then get 403 here."""

    plan_permission = "cycles.change_actionplan"


class PlanEdit(SentOnceMixin, PlanActionMixin, UpdateView):
    """/arbete/planer/<pk>/andra/: the plan's name, period, lägesbild, goals, decision and visibility."""

    form_class = PlanForm
    template_name = "cycles/workspace/plan/form.html"

    def get_object(self, queryset=None):
        return self.plan

    def repeated_url(self, created) -> str:
        return self.detail_url()

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        try:
            run_once(self.request, form.save)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringarna i planen är sparade."))
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ändra planen ”%(t)s”") % {"t": self.plan.title}, cancel_url=self.detail_url(), **kwargs
        )


class PlanConfirm(PlanActionMixin, FormView):
    """A confirmation page (GET) and the action (POST, with the version the user saw)."""

    template_name = "cycles/workspace/plan/confirm.html"
    form_class = VersionForm

    def get_initial(self):
        return {"version": self.plan.version}

    def form_valid(self, form):
        try:
            return self.act(form)
        except (ValidationError, EditConflict) as exc:
            self.plan.refresh_from_db()
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else CONFLICT_MESSAGE)
            return self.form_invalid(form)

    def act(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.detail_url(), **kwargs)


class PlanMove(PlanConfirm):
    """/arbete/planer/<pk>/status/<to>/: move the plan to another status (see PLAN_MOVES)."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs["to"] not in PlanStatus.values:
            raise Http404
        self.target = PlanStatus(kwargs["to"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.target not in PLAN_MOVES[self.plan.status]:
            messages.error(
                request,
                _("Planen har status ”%(s)s” och kan inte flyttas till ”%(t)s”.")
                % {"s": self.plan.get_status_display(), "t": self.target.label},
            )
            return redirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def act(self, form):
        services.change_plan_status(
            plan=self.plan, to=self.target, by=self.request.user, version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("Planen har nu status ”%(s)s”.") % {"s": self.target.label})
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ändra status till ”%(s)s”") % {"s": self.target.label},
            text=MOVE_TEXTS[self.target],
            button=_("Ja, ändra till ”%(s)s”") % {"s": self.target.label},
            **kwargs,
        )


class PlanDelete(PlanConfirm):
    """/arbete/planer/<pk>/ta-bort/: delete a draft that has no measures, after a confirmation."""

    def get(self, request, *args, **kwargs):
        if self.plan.status != PlanStatus.DRAFT or self.plan.measures.exists():
            messages.error(
                request,
                _("Bara ett utkast utan åtgärder kan tas bort. Markera planen som ersatt i stället."),
            )
            return redirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def act(self, form):
        services.delete_plan(plan=self.plan, by=self.request.user, version=form.cleaned_data["version"])
        messages.success(self.request, _("Utkastet ”%(t)s” är borttaget.") % {"t": self.plan.title})
        return redirect("cycles:plan-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ta bort utkastet"),
            text=_(
                "Utkastet tas bort. Det går bara för ett utkast utan åtgärder. Ändringshistoriken finns kvar "
                "i administrationen."
            ),
            button=_("Ja, ta bort utkastet"),
            danger=True,
            **kwargs,
        )


class NewPlanFrom(SentOnceMixin, PlanActionMixin, FormView):
    """A new draft plan made from this one (a copy, or the next plan with measures carried over)."""

    template_name = "cycles/workspace/plan/new_from.html"

    def measures(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan, "measures": self.measures()}

    def repeated_url(self, created) -> str:
        return reverse("cycles:plan-detail", args=[created.pk])

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(self.request, lambda: self.make(data))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, self.done_message(outcome.object, data))
        return _to_plan(outcome.object)


class PlanCopy(NewPlanFrom):
    """/arbete/planer/<pk>/kopiera/: a new draft with the plan's lägesbild and goals, and fresh copies of
    the chosen measures."""

    form_class = PlanCopyForm

    def measures(self):
        return self.plan.measures.select_related("lead_actor").order_by("title", "pk")

    def make(self, data):
        return services.copy_plan(plan=self.plan, by=self.request.user, **data)

    def done_message(self, plan, data):
        return _("Kopian ”%(t)s” är skapad som utkast med %(n)s åtgärder.") % {
            "t": plan.title,
            "n": len(data["measures"]),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Kopiera planen"),
            intro=_(
                "Du får en ny plan som utkast, med samma lägesbild och mål, och en kopia av varje åtgärd du "
                "väljer. Kopiorna börjar om som planerade. Den här planen ändras inte."
            ),
            button=_("Skapa kopian"),
            **kwargs,
        )


class PlanCarryOver(NewPlanFrom):
    """/arbete/planer/<pk>/for-over/: Ny plan och överföring. The next plan, as a draft, with the chosen
    unfinished measures continuing in it; this plan and its measures stay as they are."""

    form_class = CarryOverForm

    def get(self, request, *args, **kwargs):
        if self.plan.status not in services.PLAN_STATUSES_TO_CARRY_FROM:
            messages.error(
                request,
                _("Åtgärder förs över från en plan som har beslutats. Den här planen har status ”%(s)s”.")
                % {"s": self.plan.get_status_display()},
            )
            return redirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def measures(self):
        return services.carryable_measures(self.plan).select_related("lead_actor").order_by("title", "pk")

    def make(self, data):
        return services.start_next_plan(plan=self.plan, by=self.request.user, **data)

    def done_message(self, plan, data):
        return _(
            "Den nya planen ”%(t)s” är skapad som utkast. %(n)s åtgärder fortsätter i den. "
            "Den gamla planen är oförändrad."
        ) % {"t": plan.title, "n": len(data["measures"])}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ny plan och överföring"),
            intro=_(
                "Starta nästa åtgärdsplan och välj vilka åtgärder som inte är klara som ska fortsätta i "
                "den. Varje vald åtgärd blir en åtgärd i den nya planen som visar var den kommer ifrån. "
                "Den här planen och dess åtgärder, med lägesrapporter och uppföljningar, ändras inte. "
                "Markera planen som uppföljd eller ersatt när du är klar."
            ),
            button=_("Skapa den nya planen och för över åtgärderna"),
            **kwargs,
        )
