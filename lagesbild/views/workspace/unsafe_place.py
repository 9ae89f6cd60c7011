"""Moderating residents' reports of unsafe places: the queue (/arbete/trygghetsrapporter/), a case page
with the original text and its personal-data flags, and one small view per action (publish, reject
after a confirmation page, duplicate, link to a problem, close, answer). Only the coordinators moderate.

Every action form carries the version the moderator saw (a conflict is reported, nothing overwritten)
and a one-time token (trygg.submissions): sent twice, it is done once.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from trygg import dashboard
from trygg.exports import ExportMixin, person
from trygg.moderation import CaseActionView, CasePage, run_case_action
from trygg.personaldata import flag_context, personal_data_flags
from trygg.submissions import SentOnceMixin, run_once
from trygg.views import WorkspaceMixin
from trygg.visibility import Visibility

from ... import geo
from ...forms.unsafe_place import (
    AnswerForm,
    CloseForm,
    DuplicateForm,
    ProblemFromReportsForm,
    ProblemLinkForm,
    PublishForm,
    QueueFilterForm,
    RejectForm,
)
from ...models import Area, UnsafePlaceReport, UnsafePlaceStatus, small_count_threshold
from ...services.unsafe_place import (
    answer_reporter,
    case_url,
    close_report,
    counts_by_quarter,
    create_problem_from_reports,
    link_problem,
    mark_duplicate,
    problem_draft,
    publish_report,
    reject_report,
)
from . import WORKSPACE_CRUMB

MODERATE = "lagesbild.moderate_unsafeplacereport"
CASE_MAP_WIDTH = 320
MAX_CHOSEN = 100  # reports turned into one problem at a time (a page of the queue is 25)
QUEUE_CRUMBS = [WORKSPACE_CRUMB, (_("Trygghetsrapporter"), reverse_lazy("lagesbild:workspace-unsafe-places"))]


class ModerationMixin(WorkspaceMixin):
    permission_required = ("trygg.view_workspace", MODERATE)


def new_reports_panel(request) -> dict | None:
    """Dashboard: how many reports wait for a moderator (for those who moderate, when any do)."""
    if not request.user.has_perm(MODERATE):
        return None
    count = UnsafePlaceReport.objects.awaiting_moderation().count()
    return {"count": count} if count else None


def _where(report) -> str:
    return f"{report.place.area.name}: {report.place.name}" if report.place else report.address


class UnsafePlaceQueue(ExportMixin, ModerationMixin, ListView):
    """/arbete/trygghetsrapporter/: new reports first by default; filter by status, search the text.
    The export has what the table shows and the published text: never the resident's own text, photo
    or address for an answer."""

    template_name = "lagesbild/workspace/unsafe_place/queue.html"
    context_object_name = "reports"
    paginate_by = 25
    export_name = "trygghetsrapporter"
    export_columns = [
        (_("Rapport"), "pk"),
        (_("Inkommen"), "created_at"),
        (_("Kategori"), "get_category_display"),
        (_("Var"), _where),
        (_("Status"), "get_status_display"),
        (_("Markeringar för personuppgifter"), lambda report: len(personal_data_flags(report.description))),
        (_("Text som visas offentligt"), "public_text"),
        (_("Granskad"), "moderated_at"),
        (_("Granskad av"), lambda report: person(report.moderated_by)),
    ]

    def get_queryset(self):
        self.filter_form = QueueFilterForm(self.request.GET or {"status": UnsafePlaceStatus.NEW})
        reports = UnsafePlaceReport.objects.with_list_data().order_by("-created_at", "-pk")
        if not self.filter_form.is_valid():
            return reports.none()
        return self.filter_form.filter(reports)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Trygghetsrapporter från invånare"),
            breadcrumbs=[WORKSPACE_CRUMB],
            filter_form=self.filter_form,
            narrowing=self.filter_form.narrowing() if self.filter_form.is_valid() else [],
            rows=[(report, len(personal_data_flags(report.description))) for report in ctx["reports"]],
        )
        return ctx


class UnsafePlaceCounts(ModerationMixin, TemplateView):
    """/arbete/trygghetsrapporter/siffror/: reports per quarter, place and category, for the lägesbild."""

    template_name = "lagesbild/workspace/unsafe_place/counts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Trygghetsrapporter per plats och kvartal"),
            rows=counts_by_quarter(),
            small_count=small_count_threshold(),
            breadcrumbs=QUEUE_CRUMBS,
            **kwargs,
        )


class UnsafePlaceCase(ModerationMixin, CasePage, TemplateView):
    """/arbete/trygghetsrapporter/<pk>/: the report as sent, its flags, its log and every action."""

    template_name = "lagesbild/workspace/unsafe_place/case.html"

    def get_case(self) -> UnsafePlaceReport:
        return get_object_or_404(UnsafePlaceReport.objects.with_case_data(), pk=self.kwargs["pk"])

    def action_forms(self, bound: dict | None = None) -> dict:
        """One form per action this report allows now; `bound` replaces one with the form just sent."""
        report, forms = self.case, {}
        if report.can_move_to(UnsafePlaceStatus.PUBLISHED):
            forms["publish"] = PublishForm(instance=report, prefix="publicera")
            forms["duplicate"] = DuplicateForm(case=report, prefix="dubblett")
        if report.is_open:
            forms["close"] = CloseForm(case=report, prefix="stang")
            forms["problem"] = ProblemLinkForm(case=report, prefix="problem")
            if report.email:
                forms["answer"] = AnswerForm(case=report, prefix="svar")
        return {**forms, **(bound or {})}

    def get_context_data(self, bound: dict | None = None, **kwargs):
        report = self.case
        if report.has_coordinates:  # the resident's point, on the same small map as in the form
            point_map = geo.point_map(geo.municipality_code(self.request), width=CASE_MAP_WIDTH)
            areas = Area.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("name")
            kwargs.update(
                point_map=point_map,
                marker=point_map.marker(report.longitude, report.latitude),
                landmarks=point_map.landmarks(areas.values_list("name", "longitude", "latitude")),
            )
        return super().get_context_data(
            title=str(report),
            report=report,
            **flag_context(report.description),
            forms=self.action_forms(bound),
            may_reject=report.can_move_to(UnsafePlaceStatus.REJECTED),
            # What other apps add to the case (cycles: the measures that answer the report).
            sections=dashboard.panels_for(self.request, page="unsafe-place-case", report=report),
            breadcrumbs=QUEUE_CRUMBS,
            **kwargs,
        )


class UnsafePlaceAction(CaseActionView, UnsafePlaceCase):
    """POST one action's form (trygg.moderation); an invalid form or a conflict shows the case page again
    with it."""

    def get_success_url(self) -> str:
        return case_url(self.case)

    def repeated_url(self, created) -> str:
        return case_url(getattr(created, "report", created))  # the report, or the answer sent on it


class Publish(UnsafePlaceAction):
    key, prefix, done, form_class = "publish", "publicera", _("Rapporten är publicerad."), PublishForm

    def act(self, form):
        data = form.cleaned_data
        return publish_report(
            report=self.case,
            by=self.request.user,
            public_text=data["public_text"],
            place=data["place"],
            photo_public=data.get("photo_public", False),
        )


class Duplicate(UnsafePlaceAction):
    key, prefix, done = "duplicate", "dubblett", _("Rapporten är stängd som dubblett.")
    form_class = DuplicateForm

    def act(self, form):
        return mark_duplicate(report=self.case, by=self.request.user, of=form.cleaned_data["of"])


class LinkProblem(UnsafePlaceAction):
    key, prefix, done = "problem", "problem", _("Kopplingen till problemet är sparad.")
    form_class = ProblemLinkForm

    def act(self, form):
        return link_problem(report=self.case, by=self.request.user, problem=form.cleaned_data["problem"])


class Close(UnsafePlaceAction):
    key, prefix, done = "close", "stang", _("Ärendet är stängt och e-postadressen raderad.")
    form_class = CloseForm

    def act(self, form):
        return close_report(report=self.case, by=self.request.user, message=form.cleaned_data["message"])


class Answer(UnsafePlaceAction):
    key, prefix, done, form_class = "answer", "svar", _("Svaret är skickat."), AnswerForm

    def act(self, form):
        return answer_reporter(report=self.case, by=self.request.user, text=form.cleaned_data["text"])


class ProblemFromReportsBase(ModerationMixin, TemplateView):
    """/arbete/trygghetsrapporter/nytt-problem/?valda=1&valda=2: the reports chosen in the queue, and a
    form prefilled from them that creates a problem in the lägesbild and links them to it."""

    template_name = "lagesbild/workspace/unsafe_place/problem_form.html"
    permission_required = (*ModerationMixin.permission_required, "lagesbild.add_problem_from_reports")

    def chosen(self, ids) -> list[UnsafePlaceReport]:
        ids = [int(i) for i in ids if str(i).isdigit()][:MAX_CHOSEN]
        reports = UnsafePlaceReport.objects.with_list_data().filter(pk__in=ids)
        return list(reports.order_by("created_at", "pk"))

    def places_of(self, reports) -> list:
        return list({report.place_id: report.place for report in reports if report.place_id}.values())

    def get(self, request, *args, **kwargs):
        reports = self.chosen(request.GET.getlist("valda"))
        if not reports:
            messages.error(request, _("Välj minst en rapport i listan för att skapa ett problem."))
            return redirect("lagesbild:workspace-unsafe-places")
        places = self.places_of(reports)
        form = ProblemFromReportsForm(
            initial={
                **problem_draft(reports),
                "places": [place.pk for place in places],
                "reports": [report.pk for report in reports],
                "visibility": Visibility.INTERNAL,
            },
            places=places,
        )
        return self.render_to_response(self.get_context_data(form=form, reports=reports))

    def post(self, request, *args, **kwargs):
        reports = self.chosen(request.POST.getlist("reports"))
        form = ProblemFromReportsForm(request.POST, places=self.places_of(reports))
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = run_once(
                    request,
                    lambda: create_problem_from_reports(
                        reports=list(data["reports"]),
                        by=request.user,
                        title=data["title"],
                        description=data["description"],
                        places=data["places"],
                        visibility=data["visibility"],
                    ),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("Problemet ”%(title)s” är skapat och %(n)s rapporter är kopplade till det.")
                    % {"title": outcome.object.title, "n": len(data["reports"])},
                )
                return redirect(problem_url(outcome.object))
        return self.render_to_response(self.get_context_data(form=form, reports=reports))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Skapa ett problem av rapporterna"), breadcrumbs=QUEUE_CRUMBS, **kwargs
        )


def problem_url(problem) -> str:
    return reverse("lagesbild:workspace-problems") + f"#problem-{problem.pk}"


class ProblemFromReports(SentOnceMixin, ProblemFromReportsBase):
    def repeated_url(self, created) -> str:
        return problem_url(created)


class RejectBase(ModerationMixin, TemplateView):
    """/arbete/trygghetsrapporter/<pk>/avvisa/: the reason, and a confirmation of what rejecting does."""

    template_name = "lagesbild/workspace/unsafe_place/reject.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(MODERATE):
            self.case = get_object_or_404(UnsafePlaceReport.objects.with_list_data(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RejectForm(case=self.case)))

    def post(self, request, *args, **kwargs):
        form = RejectForm(request.POST, case=self.case)
        if not self.case.can_move_to(UnsafePlaceStatus.REJECTED):
            return self.invalid(form)  # handled meanwhile: the page says so
        return run_case_action(
            request,
            form,
            lambda form: reject_report(report=self.case, by=request.user, reason=form.cleaned_data["reason"]),
            done=_("Rapporten är avvisad."),
            on_invalid=self.invalid,
            success_url=case_url(self.case),
        )

    def invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Avvisa rapporten"),
            report=self.case,
            may_reject=self.case.can_move_to(UnsafePlaceStatus.REJECTED),
            cancel_url=case_url(self.case),
            breadcrumbs=[*QUEUE_CRUMBS, (str(self.case), case_url(self.case))],
            **kwargs,
        )


class Reject(SentOnceMixin, RejectBase):
    def repeated_url(self, created) -> str:
        return case_url(created)
