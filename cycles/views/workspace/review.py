"""Lägesrapporter and texts for residents under /arbete/atgarder/: what the lead partner (or a
coordinator) writes about a measure, and the coordinators' review of what partners wrote: the queue
(/arbete/atgarder/granska/), approving (possibly after editing), sending back or rejecting with a
reason the partner gets by e-mail (trygg.review)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin, person
from trygg.forms import ReviewForm
from trygg.review import Review
from trygg.submissions import ALREADY_SAVED, SentOnceMixin, run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.measure import MeasureTextForm, MeasureUpdateForm
from ...models import MeasureTextChange, MeasureUpdate
from ...services import measure as measure_services
from .measure import MeasureObjectMixin

APPROVE_PERMS = ("trygg.view_workspace", "cycles.approve_measureupdate")


class PostUpdate(MeasureObjectMixin, FormView):
    """/arbete/atgarder/<slug>/rapport/: write a lägesrapport."""

    measure_permission = "cycles.post_measure_update"
    template_name = "cycles/workspace/measure/post_update.html"
    form_class = MeasureUpdateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: measure_services.post_update(measure=self.measure, by=self.request.user, **data),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        update = outcome.object
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        elif update.is_approved:
            messages.success(self.request, _("Lägesrapporten är sparad och syns på den publika sidan."))
        else:
            messages.success(
                self.request,
                _("Lägesrapporten är sparad. Den visas offentligt när en samordnare har godkänt den."),
            )
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Lägesrapport: %(t)s") % {"t": self.measure.title},
            recent=list(self.measure.updates.select_related("author")[:5]),
            **kwargs,
        )


class EditText(SentOnceMixin, MeasureObjectMixin, UpdateView):
    """/arbete/atgarder/<slug>/text/: the public text of a measure (lead partner or coordinator). A
    partner's proposal is made once per form token: sent again, it is "already saved" and does not
    replace itself."""

    measure_permission = "cycles.change_measure_text"
    template_name = "cycles/workspace/measure/text_form.html"
    form_class = MeasureTextForm

    def get_object(self, queryset=None):
        return self.measure

    def repeated_url(self, created) -> str:
        return self.back_url()

    def form_valid(self, form):
        """A coordinator's text is saved at once; a partner's waits for a coordinator's review."""
        if not self.request.user.has_perm("cycles.approve_measureupdate"):
            text, user = form.cleaned_data["public_text"], self.request.user
            try:
                outcome = run_once(
                    self.request,
                    lambda: measure_services.propose_text(measure=self.measure, text=text, by=user),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                return self.form_invalid(form)
            if outcome.repeated:
                messages.info(self.request, ALREADY_SAVED)
            else:
                messages.success(
                    self.request,
                    _("Texten är skickad till en samordnare. Den visas för invånare när den är godkänd."),
                )
            return redirect(self.back_url())
        form.instance._history_user = self.request.user
        try:
            form.save()
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Texten är sparad."))
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Text för invånare: %(t)s") % {"t": self.measure.title},
            reviewed=not self.request.user.has_perm("cycles.approve_measureupdate"),
            waiting=self.measure.text_changes.pending().filter(author=self.request.user).first(),
            **kwargs,
        )


def _author_actor(update) -> str:
    contact = getattr(update.author, "actor_contact", None)
    return (contact.actor if contact else update.measure.lead_actor).name


class ApprovalQueue(ExportMixin, WorkspaceMixin, ListView):
    """/arbete/atgarder/granska/: partners' lägesrapporter and texts for residents that wait for a
    coordinator's review (the export: the lägesrapporter)."""

    permission_required = APPROVE_PERMS
    template_name = "cycles/workspace/measure/approval_queue.html"
    context_object_name = "updates"
    paginate_by = 25
    export_name = "lagesrapporter-att-granska"
    export_columns = [
        (_("Åtgärd"), "measure.title"),
        (_("Datum"), "date"),
        (_("Status"), "get_status_display"),
        (_("Procent klart"), "progress"),
        (_("Skriven av"), lambda u: person(u.author)),
        (_("Aktör"), _author_actor),
        (_("Text"), "text"),
    ]

    def get_queryset(self):
        return (
            MeasureUpdate.objects.pending()
            .select_related("measure__lead_actor", "author__actor_contact__actor")
            .order_by("date", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Att granska"),
            texts=list(
                MeasureTextChange.objects.pending()
                .select_related("measure__lead_actor", "author__actor_contact__actor")
                .order_by("created_at", "pk")[:50]
            ),
            breadcrumbs=workspace_crumbs((_("Åtgärder"), reverse("cycles:measure-overview"))),
            **kwargs,
        )


class ReviewView(WorkspaceMixin, FormView):
    """A coordinator approves (possibly after editing), sends back or rejects what a partner wrote.
    Subclasses load `self.item` and call the service."""

    permission_required = APPROVE_PERMS
    form_class = ReviewForm
    done = {
        Review.APPROVED: _("”%(t)s”: det är godkänt och publicerat."),
        Review.RETURNED: _("”%(t)s”: det är tillbakaskickat. Partnern får motiveringen med e-post."),
        Review.REJECTED: _("”%(t)s”: det är avslaget. Partnern får motiveringen med e-post."),
    }

    def get_initial(self):
        return {"text": self.item.text}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.decide(data["decision"], data["reason"], data["text"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, self.done[data["decision"]] % {"t": self.item.measure.title})
        return redirect(reverse("cycles:approval-queue"))

    def decide(self, decision: str, reason: str, text: str) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item,
            waiting=self.item.review == Review.WAITING,
            breadcrumbs=workspace_crumbs((_("Att granska"), reverse("cycles:approval-queue"))),
            **kwargs,
        )


class ApproveUpdate(ReviewView):
    """/arbete/atgarder/rapporter/<pk>/godkann/: review one lägesrapport (nothing changes on GET)."""

    template_name = "cycles/workspace/measure/approve_update.html"
    done = {
        Review.APPROVED: _("Lägesrapporten om ”%(t)s” är godkänd och publicerad."),
        Review.RETURNED: _(
            "Lägesrapporten om ”%(t)s” är tillbakaskickad. Partnern får motiveringen med e-post."
        ),
        Review.REJECTED: _("Lägesrapporten om ”%(t)s” är avslagen. Partnern får motiveringen med e-post."),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(
                MeasureUpdate.objects.select_related("measure__plan", "author"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def decide(self, decision, reason, text):
        if decision == Review.APPROVED:
            measure_services.approve_update(update=self.item, by=self.request.user, text=text)
        else:
            measure_services.decline_update(
                update=self.item, by=self.request.user, to=decision, reason=reason
            )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Granska lägesrapport"), update=self.item, **kwargs)


class ReviewText(ReviewView):
    """/arbete/atgarder/texter/<pk>/granska/: review a partner's new text for residents."""

    template_name = "cycles/workspace/measure/review_text.html"
    done = {
        Review.APPROVED: _("Texten om ”%(t)s” är godkänd och publicerad."),
        Review.RETURNED: _("Texten om ”%(t)s” är tillbakaskickad. Partnern får motiveringen med e-post."),
        Review.REJECTED: _("Texten om ”%(t)s” är avslagen. Partnern får motiveringen med e-post."),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(
                MeasureTextChange.objects.select_related("measure", "author"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def decide(self, decision, reason, text):
        measure_services.review_text_change(
            change=self.item, by=self.request.user, to=decision, reason=reason, text=text
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Granska text för invånare"), change=self.item, **kwargs)
