"""The cycle board under /arbete/kretslopp/: progress per step, ticking items, moving to the next step,
starting a new period; and the dashboard panel "Kretsloppet just nu"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm
from trygg.submissions import ALREADY_SAVED, first_sending, run_once
from trygg.views import WorkspaceMixin

from ...forms.cycle import LocalItemForm, MoveForm, StartCycleForm, TickForm
from ...models import ChecklistItem, Cycle, Step, StepTransition, step_overview
from ...services import cycle as cycle_services

BOARD_PERMS = ("trygg.view_workspace", "cycles.view_cycle_board")

RUN_PERMS = ("trygg.view_workspace", "cycles.run_cycle")


def cycle_panel(request) -> dict | None:
    """Dashboard "Kretsloppet just nu": the current step and what is missing in it."""
    if not request.user.has_perm("cycles.view_cycle_board"):
        return None
    cycle = Cycle.objects.current()
    if cycle is None:
        return {"cycle": None}
    open_items = list(cycle.checklist.filter(step_id=cycle.current_step_id).open())
    total = cycle.checklist.filter(step_id=cycle.current_step_id).count()
    return {
        "cycle": cycle,
        "open_items": open_items,
        "done": total - len(open_items),
        "total": total,
        "step_count": 5,
    }


class CycleFormMixin(WorkspaceMixin):
    """A coordinator's form page under the board: the run permission, a title and the breadcrumbs."""

    permission_required = RUN_PERMS
    title = ""

    def get_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.get_title()
        ctx["breadcrumbs"] = [
            (_("Arbetsyta"), reverse("workspace:dashboard")),
            (_("Kretsloppet"), reverse("cycles:board")),
        ]
        return ctx


class CycleBoard(WorkspaceMixin, TemplateView):
    """/arbete/kretslopp/: the five steps in order with their checklists and progress."""

    permission_required = BOARD_PERMS
    template_name = "cycles/workspace/cycle/board.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cycle = Cycle.objects.current()
        steps = list(Step.objects.all())
        items = list(cycle.checklist.with_evidence()) if cycle else []
        overview = step_overview(cycle, steps, items)
        for entry in overview:
            entry["rows"] = [(item, item.evidence(public=False)) for item in entry["items"]]
        ctx.update(
            title=_("Kretsloppet"),
            cycle=cycle,
            overview=overview,
            current=next((e for e in overview if e["is_current"]), None),
            overdue=[i for i in items if i.is_overdue],
            transitions=list(
                StepTransition.objects.filter(cycle=cycle).select_related("from_step", "to_step", "by")[:10]
            )
            if cycle
            else [],
            can_run=self.request.user.has_perm("cycles.run_cycle"),
            step_count=len(steps),
        )
        return ctx


class ItemEdit(CycleFormMixin, FormView):
    """/arbete/kretslopp/punkter/<pk>/: tick an item with date and evidence, or untick it."""

    template_name = "cycles/workspace/cycle/item_form.html"
    form_class = TickForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(ChecklistItem.objects.with_evidence(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["item"] = self.item
        return kwargs

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "untick":
            form = VersionForm(request.POST)
            if form.is_valid():
                try:
                    cycle_services.untick_item(
                        item=self.item, by=request.user, version=form.cleaned_data["version"]
                    )
                except EditConflict:
                    messages.error(request, CONFLICT_MESSAGE)
                    return redirect(request.path)
                messages.success(request, _("Punkten är inte längre markerad som klar."))
                return redirect(reverse("cycles:board") + f"#punkt-{self.item.pk}")
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cycle_services.tick_item(
                item=self.item,
                by=self.request.user,
                done_on=data["done_on"],
                version=data["version"],
                decision=data["decision"],
                meeting=data["meeting"],
                agreement=data["agreement"],
                report=data["report"],
                document=data["document"],
                url=data["url"],
                note=data["note"],
                public=data["public"],
                no_evidence_reason=data["no_evidence_reason"],
            )
        except (EditConflict, ValidationError) as exc:
            self.item = ChecklistItem.objects.with_evidence().get(pk=self.item.pk)  # show what is saved
            form.add_error(None, CONFLICT_MESSAGE if isinstance(exc, EditConflict) else exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Punkten är markerad som klar."))
        return redirect(reverse("cycles:board") + f"#punkt-{self.item.pk}")

    def get_title(self):
        return _("Checklistpunkt: %(text)s") % {"text": self.item.text}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class CurrentCycleMixin(CycleFormMixin):
    """A form page about the current period (404 when none runs)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cycle = Cycle.objects.current()
            if self.cycle is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class LocalItemCreate(CurrentCycleMixin, FormView):
    """/arbete/kretslopp/punkter/ny/: add a local checklist item to a step of the current cycle."""

    template_name = "cycles/workspace/cycle/local_item_form.html"
    form_class = LocalItemForm
    title = _("Lägg till en egen punkt")

    def get_initial(self):
        return {"step": self.cycle.current_step}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: cycle_services.add_local_item(
                    cycle=self.cycle,
                    step=data["step"],
                    text=data["text"],
                    due_date=data["due_date"],
                    by=self.request.user,
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, _("Punkten är tillagd."))
        anchor = f"#punkt-{outcome.object.pk}" if outcome.object else ""
        return redirect(reverse("cycles:board") + anchor)


class MoveStep(CurrentCycleMixin, FormView):
    """/arbete/kretslopp/nasta-steg/: confirm moving the cycle on; a reason when items are open."""

    template_name = "cycles/workspace/cycle/move_step.html"
    form_class = MoveForm
    title = _("Gå vidare till nästa steg")

    @cached_property
    def open_items(self):
        return cycle_services.open_items(self.cycle)

    def get_initial(self):
        return {"version": self.cycle.version}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["open_count"] = len(self.open_items)
        return kwargs

    def form_valid(self, form):
        try:
            transition = cycle_services.move_to_next_step(
                cycle=self.cycle,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (EditConflict, ValidationError) as exc:
            self.cycle = Cycle.objects.current()  # show what is saved
            form.add_error(None, CONFLICT_MESSAGE if isinstance(exc, EditConflict) else exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Kretsloppet är nu i steg %(n)s: %(name)s.")
            % {"n": transition.to_step.number, "name": transition.to_step.name},
        )
        return redirect("cycles:board")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        step = self.cycle.current_step
        ctx.update(
            cycle=self.cycle,
            open_items=self.open_items,
            is_last=step.number >= cycle_services.LAST_STEP,
            next_step=Step.objects.filter(number=step.number + 1).first(),
        )
        return ctx


class StartCycle(CycleFormMixin, FormView):
    """/arbete/kretslopp/ny-period/: start a new samverkansperiod after step 5 (or the first one)."""

    template_name = "cycles/workspace/cycle/start.html"
    form_class = StartCycleForm
    title = _("Starta en ny samverkansperiod")

    def dispatch(self, request, *args, **kwargs):
        # Sent again (Back, a double click): the first sending started the period, which is now in step
        # 1, so the form would be refused; say it is saved before that check.
        user = request.user
        if user.is_authenticated and user.has_perm("cycles.run_cycle") and first_sending(request) is not None:
            messages.info(request, ALREADY_SAVED)
            return redirect("cycles:board")
        if request.user.is_authenticated:
            self.previous = Cycle.objects.current()
            if self.previous is not None and self.previous.current_step.number < cycle_services.LAST_STEP:
                if request.user.has_perm("cycles.run_cycle"):
                    messages.error(request, _("En ny period kan startas först när kretsloppet är i steg 5."))
                    return redirect("cycles:board")
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["previous"] = self.previous
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: cycle_services.start_cycle(
                    name=data["name"],
                    start=data["start"],
                    end=data["end"],
                    by=self.request.user,
                    carry_over_from=self.previous,
                    carry_items=data.get("carry_items", []),
                ),
            )
        except (ValidationError, EditConflict) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else CONFLICT_MESSAGE)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, _("Den nya samverkansperioden har startat i steg 1."))
        return redirect("cycles:board")

    def get_context_data(self, **kwargs):
        return super().get_context_data(previous=self.previous, **kwargs)
