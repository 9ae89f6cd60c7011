"""Dialogues in the workspace: the list, and one form for a dialogue with its observations that works on
a phone during a trygghetsvandring."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from actors.models import Actor
from actors.rules import own_actor
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin, person
from trygg.forms import ReviewForm
from trygg.review import Review
from trygg.rules import is_coordinator
from trygg.submissions import ALREADY_SAVED, run_once
from trygg.visibility import Visibility

from ...forms.dialogue import DialogueForm, ObservationFormSet
from ...models import Dialogue
from ...services.dialogue import record_dialogue, review_publication
from . import WORKSPACE_CRUMB, LagesbildWorkspaceMixin

APPROVE_BUTTON = "godkann"  # the name of the coordinator's "Spara och godkänn" button

DIALOGUE_CRUMBS = [WORKSPACE_CRUMB, (_("Dialoger"), reverse_lazy("lagesbild:workspace-dialogues"))]

EXPORT_COLUMNS = [
    (_("Datum"), "held_on"),
    (_("Slag"), "get_kind_display"),
    (_("Område"), "area.name"),
    (_("Arrangör"), "organiser.name"),
    (_("Deltagare"), "participant_total"),
    (_("Iakttagelser"), lambda dialogue: len(dialogue.observations.all())),
    (_("Synlighet"), "get_visibility_display"),
    (_("Publicering"), "get_publication_display"),
]


class DialogueList(ExportMixin, LagesbildWorkspaceMixin, ListView):
    """/arbete/dialoger/: the dialogues the user may read."""

    template_name = "lagesbild/workspace/dialogue/list.html"
    context_object_name = "dialogues"
    paginate_by = 25
    export_name = "dialoger"
    export_columns = EXPORT_COLUMNS

    def get_queryset(self):
        return Dialogue.objects.visible_to(self.request.user).with_list_data().newest_first()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Dialoger och trygghetsvandringar"),
            breadcrumbs=[WORKSPACE_CRUMB],
            can_add=self.request.user.has_perm("lagesbild.add_dialogue"),
            awaiting=Dialogue.objects.awaiting_publication().count()
            if self.request.user.has_perm("lagesbild.publish_dialogue")
            else 0,
        )
        return ctx


class DialogueFormView(LagesbildWorkspaceMixin, TemplateView):
    """Record a dialogue and its observations in one form; works on a phone and without JavaScript."""

    template_name = "lagesbild/workspace/dialogue/form.html"
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
            may_publish = request.user.has_perm("lagesbild.publish_dialogue")
            public = form.cleaned_data["visibility"] == Visibility.PUBLIC
            asks_to_publish = public and not may_publish
            # A coordinator who saves a dialogue waiting for review as public ("Spara och godkänn", or
            # Offentlig chosen) approves the request: saved first, then approved, each step in the history.
            approves = may_publish and self.waiting() and (public or APPROVE_BUTTON in request.POST)

            def save():
                dialogue = form.save(commit=False)
                dialogue._history_user = request.user
                formset.instance = dialogue
                dialogue = record_dialogue(
                    dialogue=dialogue,
                    observations=formset.save(commit=False),
                    removed=formset.deleted_objects,
                    publication_asked_by=request.user if asks_to_publish else None,
                )
                if approves:
                    review_publication(dialogue=dialogue, by=request.user, to=Review.APPROVED)
                return dialogue

            try:
                outcome = run_once(request, save)
            except EditConflict:  # someone saved the dialogue between the check and the save
                form.add_error(None, CONFLICT_MESSAGE)
                return self.render_to_response(self.get_context_data(form=form, formset=formset))
            dialogue = outcome.object
            if outcome.repeated:
                messages.info(request, ALREADY_SAVED)
                return redirect("lagesbild:workspace-dialogues")
            if approves:
                messages.success(request, _("Dialogen är sparad och godkänd. Nu är den offentlig."))
                return redirect("lagesbild:workspace-dialogue-review-queue")
            if asks_to_publish:
                messages.info(
                    request,
                    _("Dialogen är sparad som intern. Den blir offentlig när en samordnare har godkänt den."),
                )
            messages.success(
                request,
                _("%(dialogue)s är sparad med %(n)s iakttagelser.")
                % {"dialogue": dialogue, "n": dialogue.observations.count()},
            )
            if "fler" in request.POST:
                return redirect("lagesbild:workspace-dialogue-update", pk=dialogue.pk)
            return redirect("lagesbild:workspace-dialogues")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def waiting(self) -> bool:
        """Whether the dialogue is waiting for a coordinator to review its publication."""
        return self.dialogue is not None and self.dialogue.publication == Review.WAITING

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = DIALOGUE_CRUMBS
        ctx["dialogue"] = self.dialogue
        ctx["title"] = _("Ändra dialog") if self.dialogue else _("Ny dialog eller trygghetsvandring")
        ctx["waiting"] = self.waiting()
        # What the partner needs to know: a coordinator's reason for sending back or rejecting.
        ctx["declined"] = self.dialogue is not None and self.dialogue.publication in (
            Review.RETURNED,
            Review.REJECTED,
        )
        ctx["can_approve"] = self.waiting() and self.request.user.has_perm("lagesbild.publish_dialogue")
        ctx["approve_button"] = APPROVE_BUTTON
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


class PublicationQueue(ExportMixin, LagesbildWorkspaceMixin, ListView):
    """/arbete/dialoger/granska/: dialogues that partners want public, waiting for a coordinator."""

    permission_required = (*LagesbildWorkspaceMixin.permission_required, "lagesbild.publish_dialogue")
    template_name = "lagesbild/workspace/dialogue/review_queue.html"
    context_object_name = "dialogues"
    paginate_by = 25
    export_name = "dialoger-att-granska"
    export_columns = [
        *EXPORT_COLUMNS,
        (_("Begärd av"), lambda dialogue: person(dialogue.publication_requested_by)),
        (_("Senast uppdaterad"), "updated_at"),
    ]

    def get_queryset(self):
        return (
            Dialogue.objects.awaiting_publication()
            .with_list_data()
            .select_related("publication_requested_by")
            .order_by("updated_at", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Dialoger att granska"), breadcrumbs=DIALOGUE_CRUMBS, **kwargs
        )


class PublicationReview(LagesbildWorkspaceMixin, FormView):
    """/arbete/dialoger/<pk>/granska/: make a partner's dialogue public, send it back or reject it. To
    change it first, the coordinator edits it in the usual form."""

    permission_required = (*LagesbildWorkspaceMixin.permission_required, "lagesbild.publish_dialogue")
    template_name = "lagesbild/workspace/dialogue/review.html"
    form_class = ReviewForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.dialogue = get_object_or_404(
                Dialogue.objects.with_list_data().select_related("publication_requested_by"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "with_text": False}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            review_publication(
                dialogue=self.dialogue, by=self.request.user, to=data["decision"], reason=data["reason"]
            )
        except ValidationError as exc:
            errors = exc.error_dict.get("reason") if hasattr(exc, "error_dict") else None
            form.add_error("reason" if errors else None, errors or exc)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        done = {
            Review.APPROVED: _("Dialogen är offentlig."),
            Review.RETURNED: _(
                "Begäran är tillbakaskickad. Partnern får motiveringen i ett e-postmeddelande."
            ),
            Review.REJECTED: _("Begäran är avslagen. Partnern får motiveringen i ett e-postmeddelande."),
        }
        messages.success(self.request, done[data["decision"]])
        return redirect("lagesbild:workspace-dialogue-review-queue")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Granska dialog"),
            dialogue=self.dialogue,
            waiting=self.dialogue.publication == Review.WAITING,
            cancel_url=reverse("lagesbild:workspace-dialogue-review-queue"),
            breadcrumbs=[
                *DIALOGUE_CRUMBS,
                (_("Att granska"), reverse("lagesbild:workspace-dialogue-review-queue")),
            ],
            **kwargs,
        )
