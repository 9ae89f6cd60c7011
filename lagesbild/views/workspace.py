"""The staff workspace under /arbete/: lägesbilder (read, edit, move), dialogues (record a
trygghetsvandring on a phone) and the § 6 watch on the dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, UpdateView

from actors.models import Actor
from actors.rules import own_actor
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.rules import is_coordinator
from trygg.views import WorkspaceMixin

from .. import services
from ..forms.dialogue import DialogueForm, ObservationFormSet
from ..forms.report import SituationReportForm
from ..models import REPORT_MOVE_LABELS, CauseAnalysis, Dialogue, Problem, ReportStatus, SituationReport

LAGESBILD_CRUMBS = [
    (_("Arbetsyta"), reverse_lazy("workspace:dashboard")),
    (_("Lägesbilder"), reverse_lazy("lagesbild:workspace-reports")),
]
DIALOGUE_CRUMBS = [
    (_("Arbetsyta"), reverse_lazy("workspace:dashboard")),
    (_("Dialoger"), reverse_lazy("lagesbild:workspace-dialogues")),
]


def report_watch_panel(request) -> dict | None:
    """Dashboard (§ 6): is the newest adopted § 4 lägesbild older than two years, or soon to be?"""
    if not request.user.has_perm("lagesbild.view_report_watch"):
        return None
    return {"watch": services.statutory_report_watch(), "warn_days": services.WARN_DAYS}


class LagesbildWorkspaceMixin(WorkspaceMixin):
    permission_required = ("trygg.view_workspace", "lagesbild.view_workspace_lagesbild")


class ReportList(LagesbildWorkspaceMixin, ListView):
    """/arbete/lagesbild/: the lägesbilder the user may read, with their status."""

    template_name = "lagesbild/workspace/report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return (
            SituationReport.objects.visible_to(self.request.user)
            .with_list_data()
            .order_by("-period_end", "-version_number", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Lägesbilder"), breadcrumbs=LAGESBILD_CRUMBS[:1])
        return ctx


class ReportObjectMixin(LagesbildWorkspaceMixin):
    context_object_name = "report"
    permission_for_object = "lagesbild.view_situationreport"

    def get_queryset(self):
        # Invisible reports answer 404, so that outsiders do not learn they exist.
        return SituationReport.objects.visible_to(self.request.user).with_list_data()

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if not self.request.user.has_perm(self.permission_for_object, report):
            raise PermissionDenied
        return report


class ReportDetail(ReportObjectMixin, DetailView):
    template_name = "lagesbild/workspace/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, report = self.request.user, self.object
        moves = []
        for to in report.allowed_moves:
            needed = (
                "lagesbild.adopt_situationreport"
                if to == ReportStatus.ADOPTED
                else "lagesbild.move_situationreport"
            )
            if to in REPORT_MOVE_LABELS and user.has_perm(needed, report):
                moves.append(
                    (REPORT_MOVE_LABELS[to], reverse("lagesbild:workspace-report-move", args=[report.pk, to]))
                )
        ctx.update(
            title=str(report),
            moves=moves,
            can_change=user.has_perm("lagesbild.change_situationreport", report) and not report.is_decided,
            problems=list(Problem.objects.visible_to(user).filter(reports=report)),
            breadcrumbs=LAGESBILD_CRUMBS,
        )
        return ctx


class ReportUpdate(ReportObjectMixin, UpdateView):
    """A partner editor (their own actor's report) or a coordinator edits an open lägesbild."""

    template_name = "lagesbild/workspace/report_form.html"
    form_class = SituationReportForm
    permission_for_object = "lagesbild.change_situationreport"

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if report.is_decided:
            raise PermissionDenied  # adopted content changes only through a new version
        return report

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Ändra lägesbild"), breadcrumbs=LAGESBILD_CRUMBS)
        return ctx

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Lägesbilden är sparad."))
        return redirect("lagesbild:workspace-report-detail", pk=self.object.pk)


class ReportMove(ReportObjectMixin, DetailView):
    """Confirm, then move a lägesbild to another status (nothing changes on GET)."""

    template_name = "lagesbild/workspace/report_move.html"
    permission_for_object = "lagesbild.move_situationreport"

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        to = self.kwargs["to"]
        if to not in REPORT_MOVE_LABELS:
            raise Http404
        if to == ReportStatus.ADOPTED and not self.request.user.has_perm(
            "lagesbild.adopt_situationreport", report
        ):
            raise PermissionDenied
        return report

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=REPORT_MOVE_LABELS[self.kwargs["to"]],
            breadcrumbs=LAGESBILD_CRUMBS,
            refusal=services.refusal_reason(self.object.status, self.kwargs["to"]),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        to = self.kwargs["to"]
        try:
            services.move_report(report=report, to=to, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except EditConflict:
            messages.error(request, CONFLICT_MESSAGE)
        else:
            messages.success(
                request, _("Lägesbilden har nu status ”%(status)s”.") % {"status": ReportStatus(to).label}
            )
        return redirect("lagesbild:workspace-report-detail", pk=report.pk)


class ProblemList(LagesbildWorkspaceMixin, ListView):
    """/arbete/problem/: problems and focus areas with their cause analyses, for everyone on staff."""

    template_name = "lagesbild/workspace/problem_list.html"
    context_object_name = "problems"
    paginate_by = 20

    def get_queryset(self):
        return (
            Problem.objects.visible_to(self.request.user)
            .with_list_data()
            .prefetch_related(
                Prefetch("cause_analyses", queryset=CauseAnalysis.objects.order_by("perspective", "pk"))
            )
            .order_by("-prioritised", "priority", "title")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Problem och fokusområden"), breadcrumbs=LAGESBILD_CRUMBS[:1])
        return ctx


class DialogueList(LagesbildWorkspaceMixin, ListView):
    """/arbete/dialoger/: the dialogues the user may read."""

    template_name = "lagesbild/workspace/dialogue_list.html"
    context_object_name = "dialogues"
    paginate_by = 25

    def get_queryset(self):
        return Dialogue.objects.visible_to(self.request.user).with_list_data().newest_first()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Dialoger och trygghetsvandringar"),
            breadcrumbs=LAGESBILD_CRUMBS[:1],
            can_add=self.request.user.has_perm("lagesbild.add_dialogue"),
        )
        return ctx


class DialogueFormView(LagesbildWorkspaceMixin, TemplateView):
    """Record a dialogue and its observations in one form; works on a phone and without JavaScript."""

    template_name = "lagesbild/workspace/dialogue_form.html"
    dialogue: Dialogue | None = None

    def get_dialogue(self) -> Dialogue | None:
        return None

    def forms(self, data=None):
        instance = self.dialogue or Dialogue()
        form = DialogueForm(data, instance=instance, prefix="dialog")
        actor = own_actor(self.request.user)
        if actor is not None and not is_coordinator(self.request.user):
            # A partner records dialogues for their own actor, so that they can edit them later.
            form.fields["organiser"].queryset = Actor.objects.filter(pk=actor.pk)
            form.fields["organiser"].required = True
            form.initial.setdefault("organiser", actor.pk)
        formset = ObservationFormSet(data, instance=instance, prefix="obs")
        return form, formset

    def get(self, request, *args, **kwargs):
        self.dialogue = self.get_dialogue()
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        self.dialogue = self.get_dialogue()
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                dialogue = form.save(commit=False)
                services.record_dialogue(dialogue=dialogue)
                formset.instance = dialogue
                formset.save()
            messages.success(
                request,
                _("%(dialogue)s är sparad med %(n)s iakttagelser.")
                % {"dialogue": dialogue, "n": dialogue.observations.count()},
            )
            if "fler" in request.POST:
                return redirect("lagesbild:workspace-dialogue-update", pk=dialogue.pk)
            return redirect("lagesbild:workspace-dialogues")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = DIALOGUE_CRUMBS
        ctx["dialogue"] = self.dialogue
        ctx["title"] = _("Ändra dialog") if self.dialogue else _("Ny dialog eller trygghetsvandring")
        return ctx


class DialogueCreate(DialogueFormView):
    def has_permission(self):
        return super().has_permission() and self.request.user.has_perm("lagesbild.add_dialogue")


class DialogueUpdate(DialogueFormView):
    def get_dialogue(self) -> Dialogue:
        dialogue = get_object_or_404(Dialogue.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm("lagesbild.change_dialogue", dialogue):
            raise PermissionDenied
        return dialogue
