"""Residents' feedback on measures in the workspace (/arbete/synpunkter/): the queue, a case page with
the original text and its personal-data flags, and one small view per action: propose a public text,
publish, answer, reject (after a confirmation page), close.

Coordinators see and handle all feedback. A partner editor sees the feedback on measures its actor
leads, and may answer it (the answer may be shown publicly with the feedback) and propose the public
text; publishing, rejecting and closing are for coordinators (cycles.rules). Feedback the user may not
see is 404; an action the user may not take on feedback they see is 403.

Every action form carries the version the user saw (a conflict is reported, nothing overwritten) and a
one-time token (trygg.submissions): sent twice, it is done once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from trygg.exports import ExportMixin
from trygg.moderation import CaseActionView, CasePage, run_case_action
from trygg.personaldata import flag_context, personal_data_flags
from trygg.submissions import SentOnceMixin
from trygg.views import WorkspaceMixin

from ...forms.feedback import AnswerForm, CloseForm, PublishForm, QueueFilterForm, RejectForm
from ...models import FeedbackStatus, MeasureFeedback
from ...services.feedback import (
    answer_feedback,
    case_url,
    close_feedback,
    propose_text,
    publish_feedback,
    reject_feedback,
)

QUEUE_PERMISSION = "cycles.view_feedback_queue"
ANSWER = "cycles.answer_measurefeedback"
MODERATE = "cycles.moderate_measurefeedback"


def workspace_crumb():
    return (_("Arbetsyta"), reverse("workspace:dashboard"))


def queue_crumbs():
    return [workspace_crumb(), (_("Synpunkter på åtgärder"), reverse_lazy("cycles:feedback-queue"))]


class FeedbackMixin(WorkspaceMixin):
    permission_required = ("trygg.view_workspace", QUEUE_PERMISSION)

    def get_case(self) -> MeasureFeedback:
        feedback = get_object_or_404(
            MeasureFeedback.objects.visible_to(self.request.user).select_related(
                "measure", "moderated_by", "answered_by"
            ),
            pk=self.kwargs["pk"],
        )
        return feedback


def new_feedback_panel(request) -> dict | None:
    """Dashboard: "Nya synpunkter (n)", the new feedback the user may handle (when there is any)."""
    if not request.user.has_perm(QUEUE_PERMISSION):
        return None
    count = MeasureFeedback.objects.visible_to(request.user).awaiting_moderation().count()
    return {"count": count} if count else None


class FeedbackQueue(ExportMixin, FeedbackMixin, ListView):
    """/arbete/synpunkter/: new feedback first by default; filter by status, search the text or measure.
    The export has what the table shows and the published text, never the resident's own text or address."""

    template_name = "cycles/workspace/feedback/queue.html"
    context_object_name = "feedback_list"
    paginate_by = 25
    export_name = "synpunkter"
    export_columns = [
        (_("Synpunkt"), "pk"),
        (_("Inkommen"), "created_at"),
        (_("Åtgärd"), "measure.title"),
        (_("Status"), "get_status_display"),
        (_("Besvarad"), "answered_at"),
        (_("Markeringar för personuppgifter"), lambda item: len(personal_data_flags(item.text))),
        (_("Text som visas offentligt"), "public_text"),
    ]

    def get_queryset(self):
        self.filter_form = QueueFilterForm(self.request.GET or {"status": FeedbackStatus.NEW})
        feedback = (
            MeasureFeedback.objects.visible_to(self.request.user)
            .with_list_data()
            .order_by("-created_at", "-pk")
        )
        if not self.filter_form.is_valid():
            return feedback.none()
        status, query = self.filter_form.cleaned_data["status"], self.filter_form.cleaned_data["q"].strip()
        if status:
            feedback = feedback.filter(status=status)
        if query:
            feedback = feedback.filter(
                Q(text__icontains=query)
                | Q(public_text__icontains=query)
                | Q(measure__title__icontains=query)
            )
        return feedback

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Synpunkter på åtgärder"),
            breadcrumbs=[workspace_crumb()],
            filter_form=self.filter_form,
            rows=[(item, len(personal_data_flags(item.text))) for item in ctx["feedback_list"]],
        )
        return ctx


class FeedbackCase(FeedbackMixin, CasePage, TemplateView):
    """/arbete/synpunkter/<pk>/: the feedback as sent, its flags, and the actions the user may take."""

    template_name = "cycles/workspace/feedback/case.html"

    def action_forms(self, bound: dict | None = None) -> dict:
        """One form per action this user may take on this feedback now; `bound` replaces one with the
        form just sent."""
        feedback, user, forms = self.case, self.request.user, {}
        moderates, answers = user.has_perm(MODERATE, feedback), user.has_perm(ANSWER, feedback)
        if feedback.status == FeedbackStatus.NEW and (moderates or answers):
            forms["publish"] = PublishForm(instance=feedback, prefix="publicera")
        if feedback.is_open and answers:
            forms["answer"] = AnswerForm(case=feedback, prefix="svar")
        if feedback.is_open and moderates:
            forms["close"] = CloseForm(case=feedback, prefix="stang")
        return {**forms, **(bound or {})}

    def get_context_data(self, bound: dict | None = None, **kwargs):
        feedback = self.case
        return super().get_context_data(
            title=str(feedback),
            feedback=feedback,
            **flag_context(feedback.text),
            forms=self.action_forms(bound),
            may_publish=self.request.user.has_perm(MODERATE, feedback),
            may_reject=feedback.can_move_to(FeedbackStatus.REJECTED)
            and self.request.user.has_perm(MODERATE, feedback),
            breadcrumbs=queue_crumbs(),
            **kwargs,
        )


class FeedbackAction(CaseActionView, FeedbackCase):
    """POST one action's form (trygg.moderation); an invalid form or a conflict shows the case page again
    with it. Answering is for those who may answer; the actions that need more say so."""

    permission = ANSWER

    def get_success_url(self) -> str:
        return case_url(self.case)

    def repeated_url(self, created) -> str:
        return case_url(created)


class Propose(FeedbackAction):
    key, prefix, done, form_class = "publish", "publicera", _("Förslaget till text är sparat."), PublishForm

    def act(self, form):
        return propose_text(
            feedback=self.case, by=self.request.user, public_text=form.cleaned_data["public_text"]
        )


class Publish(FeedbackAction):
    key, prefix, done, form_class = "publish", "publicera", _("Synpunkten är publicerad."), PublishForm
    permission = MODERATE

    def act(self, form):
        return publish_feedback(
            feedback=self.case, by=self.request.user, public_text=form.cleaned_data["public_text"]
        )


class Answer(FeedbackAction):
    key, prefix, done, form_class = "answer", "svar", _("Svaret är sparat."), AnswerForm

    def act(self, form):
        data = form.cleaned_data
        return answer_feedback(
            feedback=self.case, by=self.request.user, text=data["answer"], public=data["public"]
        )


class Close(FeedbackAction):
    key, prefix, done, form_class = (
        "close",
        "stang",
        _("Ärendet är stängt och e-postadressen raderad."),
        CloseForm,
    )
    permission = MODERATE

    def act(self, form):
        return close_feedback(feedback=self.case, by=self.request.user, message=form.cleaned_data["message"])


class RejectBase(FeedbackMixin, TemplateView):
    """/arbete/synpunkter/<pk>/avvisa/: the reason, and a confirmation of what rejecting does."""

    template_name = "cycles/workspace/feedback/reject.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(QUEUE_PERMISSION):
            self.case = self.get_case()
            if not request.user.has_perm(MODERATE, self.case):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RejectForm(case=self.case)))

    def post(self, request, *args, **kwargs):
        form = RejectForm(request.POST, case=self.case)
        if not self.case.can_move_to(FeedbackStatus.REJECTED):
            return self.invalid(form)  # rejected or closed meanwhile: the page says so
        return run_case_action(
            request,
            form,
            lambda form: reject_feedback(
                feedback=self.case, by=request.user, reason=form.cleaned_data["reason"]
            ),
            done=_("Synpunkten är avvisad."),
            on_invalid=self.invalid,
            success_url=case_url(self.case),
        )

    def invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Avvisa synpunkten"),
            feedback=self.case,
            may_reject=self.case.can_move_to(FeedbackStatus.REJECTED),
            cancel_url=case_url(self.case),
            breadcrumbs=[*queue_crumbs(), (str(self.case), case_url(self.case))],
            **kwargs,
        )


class Reject(SentOnceMixin, RejectBase):
    def repeated_url(self, created) -> str:
        return case_url(created)
