"""Residents' accessibility feedback handled as cases in the workspace (/arbete/tillganglighet/): the
queue, a case page with the message, the reporter's address and the log, and one small view per action
(take, answer, close after a confirmation page). Coordinators and the system owner handle them.

Every action form carries the version the handler saw (a conflict is reported, nothing overwritten) and
a one-time token (trygg.submissions): sent twice, it is done once. The writes are in trygg.services.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from .exports import ExportMixin, person
from .forms.accessibility import AnswerForm, CloseForm, QueueFilterForm, TakeForm
from .models import AccessibilityFeedback, AccessibilityFeedbackStatus
from .moderation import CaseActionView, CasePage, run_case_action
from .services import answer_feedback, close_feedback, take_feedback
from .submissions import SentOnceMixin
from .views import WorkspaceMixin, workspace_crumbs

HANDLE = "trygg.handle_accessibilityfeedback"
QUEUE_TITLE = _("Synpunkter om tillgänglighet")


def queue_crumbs():
    return workspace_crumbs((QUEUE_TITLE, reverse_lazy("workspace:accessibility-queue")))


def case_url(feedback: AccessibilityFeedback) -> str:
    return reverse("workspace:accessibility-case", args=[feedback.pk])


def new_feedback_panel(request) -> dict | None:
    """Dashboard: how many cases are new (for those who handle them, when any are)."""
    if not request.user.has_perm(HANDLE):
        return None
    count = AccessibilityFeedback.objects.filter(status=AccessibilityFeedbackStatus.NEW).count()
    return {"count": count} if count else None


class HandlerMixin(WorkspaceMixin):
    permission_required = ("trygg.view_workspace", HANDLE)


class FeedbackQueue(ExportMixin, HandlerMixin, ListView):
    """/arbete/tillganglighet/: the open cases by default, newest first; filter by status, search. The
    export has what the table shows, never the reporter's address (only whether there is one)."""

    template_name = "trygg/workspace/accessibility/queue.html"
    context_object_name = "cases"
    paginate_by = 25
    export_name = "tillganglighet"
    export_columns = [
        (_("Synpunkt"), "pk"),
        (_("Inkommen"), "created_at"),
        (_("Sida"), "page_url"),
        (_("Beskrivning"), "description"),
        (_("Status"), "get_status_display"),
        (_("Handläggare"), lambda case: person(case.assigned_to)),
        (_("Vill ha svar"), lambda case: bool(case.email)),
        (_("Stängd"), "closed_at"),
    ]

    def get_queryset(self):
        self.filter_form = QueueFilterForm(self.request.GET or {"status": "open"})
        cases = AccessibilityFeedback.objects.with_list_data().order_by("-created_at", "-pk")
        if not self.filter_form.is_valid():
            return cases.none()
        status, query = self.filter_form.cleaned_data["status"], self.filter_form.cleaned_data["q"].strip()
        if status == "open":
            cases = cases.open()
        elif status:
            cases = cases.filter(status=status)
        if query:
            cases = cases.filter(Q(description__icontains=query) | Q(page_url__icontains=query))
        return cases

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=QUEUE_TITLE,
            breadcrumbs=workspace_crumbs(),
            filter_form=self.filter_form,
            **kwargs,
        )


class FeedbackCase(HandlerMixin, CasePage, TemplateView):
    """/arbete/tillganglighet/<pk>/: the message as sent, the address, the log and the actions."""

    template_name = "trygg/workspace/accessibility/case.html"

    def get_case(self) -> AccessibilityFeedback:
        return get_object_or_404(AccessibilityFeedback.objects.with_case_data(), pk=self.kwargs["pk"])

    def action_forms(self, bound: dict | None = None) -> dict:
        """One form per action the case allows now; `bound` replaces one with the form just sent."""
        feedback, forms = self.case, {}
        if feedback.is_open:
            if feedback.assigned_to_id != self.request.user.pk:
                forms["take"] = TakeForm(case=feedback, prefix="ta")
            forms["answer"] = AnswerForm(case=feedback, prefix="svar")
        return {**forms, **(bound or {})}

    def get_context_data(self, bound: dict | None = None, **kwargs):
        return super().get_context_data(
            title=str(self.case),
            feedback=self.case,
            forms=self.action_forms(bound),
            breadcrumbs=queue_crumbs(),
            **kwargs,
        )


class FeedbackAction(CaseActionView, FeedbackCase):
    """POST one action's form (trygg.moderation); an invalid form or a conflict shows the case page again
    with it."""

    def get_success_url(self) -> str:
        return case_url(self.case)

    def repeated_url(self, created) -> str:
        return case_url(getattr(created, "feedback", created))  # the case, or the answer written in it


class Take(FeedbackAction):
    key, prefix, done, form_class = "take", "ta", _("Ärendet är nu ditt."), TakeForm

    def act(self, form):
        return take_feedback(feedback=self.case, by=self.request.user)


class Answer(FeedbackAction):
    key, prefix, form_class = "answer", "svar", AnswerForm

    def act(self, form):
        return answer_feedback(
            feedback=self.case,
            by=self.request.user,
            text=form.cleaned_data["text"],
            send=form.cleaned_data.get("send", False),
        )

    def done_message(self, form) -> str:
        if form.cleaned_data.get("send") and self.case.email:
            return _("Svaret är sparat och skickas med e-post till den som rapporterade.")
        return _("Anteckningen är sparad i ärendets logg.")


class CloseBase(HandlerMixin, TemplateView):
    """/arbete/tillganglighet/<pk>/stang/: what closing does, an optional last message, and confirm."""

    template_name = "trygg/workspace/accessibility/close.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(HANDLE):
            self.case = get_object_or_404(AccessibilityFeedback.objects.with_list_data(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=CloseForm(case=self.case)))

    def post(self, request, *args, **kwargs):
        return run_case_action(
            request,
            CloseForm(request.POST, case=self.case),
            lambda form: close_feedback(
                feedback=self.case, by=request.user, message=form.cleaned_data["message"]
            ),
            done=_("Ärendet är stängt. Ingen e-postadress finns kvar i det."),
            on_invalid=self.invalid,
            success_url=case_url(self.case),
        )

    def invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Stäng ärendet"),
            feedback=self.case,
            cancel_url=case_url(self.case),
            breadcrumbs=[*queue_crumbs(), (str(self.case), case_url(self.case))],
            **kwargs,
        )


class Close(SentOnceMixin, CloseBase):
    def repeated_url(self, created) -> str:
        return case_url(created)
