"""The follow-up reports in the workspace under /arbete/rapporter/: the list, one report with its way
through the bodies (styrgrupp → KS → anmäld i KF → publicerad), and the coordinators' moves.

Coordinators write and move reports; board readers (kommunstyrelsen, styrgrupp) read them from the
styrgrupp stage on. Everyone else signed in gets 403 for the whole section. A report the user may not
see answers 404; a move the user may not make answers 403. Every move goes through
`cycles.services.report`, which refuses in Swedish; the views show that text.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, View

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm
from trygg.exports import ExportMixin
from trygg.submissions import ALREADY_SAVED, run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.report import (
    AdvanceForm,
    CopyForm,
    FinaliseForm,
    ReportCreateForm,
    ReportEditForm,
    ReportFilter,
)
from ...models import REPORT_DECISIONS, FollowUpReport, ReportStatus
from ...report_output import PdfError, csv_response, pdf_response, report_context
from ...services import report as services

READ_PERMS = ("trygg.view_workspace", "cycles.view_followup_reports")

WRITE_PERMS = (*READ_PERMS, "cycles.change_followupreport")


def _crumbs(*extra):
    return workspace_crumbs((_("Uppföljningsrapporter"), reverse("cycles:report-list")), *extra)


def _to_report(report):
    """To the report's page, or to the list when a report made by an earlier sending is gone."""
    return redirect("cycles:report-detail", pk=report.pk) if report else redirect("cycles:report-list")


def _decision(report) -> str:
    decision = report.latest_decision
    return f"{decision.forum.name}, {decision}" if decision else ""


class ReportList(ExportMixin, WorkspaceMixin, ListView):
    """/arbete/rapporter/: the reports the user may read, newest period first, filtered by status and
    period."""

    permission_required = READ_PERMS
    template_name = "cycles/workspace/report/list.html"
    context_object_name = "reports"
    paginate_by = 25
    export_name = "uppfoljningsrapporter"
    export_columns = [
        (_("Rubrik"), "title"),
        (_("Period"), "period.name"),
        (_("Version"), "report_version"),
        (_("Status"), "get_status_display"),
        (_("Senaste beslut"), _decision),
        (_("Diarienummer"), "diary_number"),
    ]

    def get_queryset(self):
        self.form = ReportFilter(self.request.GET or None)
        reports = FollowUpReport.objects.visible_to(self.request.user)
        return (
            self.form.filter(reports)
            .with_decisions()
            .select_related("period")
            .order_by("-period__ends_on", "-report_version", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            title=_("Uppföljningsrapporter"),
            breadcrumbs=workspace_crumbs(),
            form=self.form,
            filtered=bool(query),
            rows=[(report, report.latest_decision) for report in ctx["reports"]],
            can_write=self.request.user.has_perm("cycles.change_followupreport"),
        )
        return ctx


class ReportCreate(WorkspaceMixin, FormView):
    """/arbete/rapporter/ny/: a new draft report for a period."""

    permission_required = WRITE_PERMS
    template_name = "cycles/workspace/report/form.html"
    form_class = ReportCreateForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: services.create_report(
                    period=data["period"],
                    by=self.request.user,
                    title=data["title"],
                    diary_number=data["diary_number"],
                    introduction=data["introduction"],
                    conclusions=data["conclusions"],
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, _("Utkastet är sparat. Du kan ändra det tills du skickar det."))
        return _to_report(outcome.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(
            title=_("Ny uppföljningsrapport"),
            breadcrumbs=_crumbs(),
            cancel_url=reverse("cycles:report-list"),
            **kwargs,
        )
        if not ctx["form"].fields["period"].queryset.exists():
            ctx["add_period_url"] = reverse("cycles:followup-period-create")
        return ctx


class ReportMixin(WorkspaceMixin):
    """A page about one report: the section's permissions first (403), then the report must be visible
    to the user (404), then `report_permission` on it (403)."""

    permission_required = READ_PERMS
    report_permission = "cycles.view_followupreport"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        reports = (
            FollowUpReport.objects.visible_to(request.user)
            .with_decisions()
            .select_related("period__cycle", "previous", "superseded_by")
        )
        self.report = get_object_or_404(reports, pk=kwargs["pk"])
        if not request.user.has_perm(self.report_permission, self.report):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self):
        return reverse("cycles:report-detail", args=[self.report.pk])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("breadcrumbs", _crumbs((str(self.report), self.detail_url())))
        ctx.update(report=self.report, detail_url=self.detail_url())
        return ctx


class ReportDetail(ReportMixin, TemplateView):
    """/arbete/rapporter/<pk>/: the report as the board reads it, its way through the bodies, downloads,
    and the moves the coordinator may make now."""

    template_name = "cycles/workspace/report/detail.html"

    def get_context_data(self, **kwargs):
        report = self.report
        can_write = self.request.user.has_perm("cycles.change_followupreport", report)
        target = report.next_status
        newer_draft = report.newer_versions.filter(status=ReportStatus.DRAFT).first() if can_write else None
        ctx = super().get_context_data(
            title=str(report), breadcrumbs=_crumbs(), **report_context(report, "internal"), **kwargs
        )
        ctx.update(
            chain=report.chain(),
            can_edit=can_write and not report.is_frozen,
            can_finalise=can_write and report.status == ReportStatus.DRAFT,
            can_advance=can_write and target is not None,
            advance_to=ReportStatus(target).label if target else None,
            can_new_version=can_write and report.is_frozen and report.status != ReportStatus.SUPERSEDED,
            can_copy=can_write,
            newer_draft=newer_draft,
        )
        return ctx


class ReportActionMixin(ReportMixin):
    """A coordinator's move on one report; `allowed()` says whether the report is in a state for it.
    Board readers pass the section's check, so a report they cannot see still answers 404."""

    report_permission = "cycles.change_followupreport"
    refused_message = ""

    def allowed(self) -> bool:
        return True

    def get(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def refuse(self):
        messages.error(self.request, self.refused_message)
        return redirect(self.detail_url())


class ReportEdit(ReportActionMixin, FormView):
    """/arbete/rapporter/<pk>/andra/: the texts of a draft. A report sent to the styrgrupp is frozen."""

    template_name = "cycles/workspace/report/form.html"
    form_class = ReportEditForm
    refused_message = _(
        "Rapporten är skickad till styrgruppen och kan inte ändras längre. Skapa en ny version om något "
        "behöver rättas."
    )

    def allowed(self):
        return not self.report.is_frozen

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.report}

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        try:
            form.save()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringarna är sparade."))
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Ändra rapporten"), cancel_url=self.detail_url(), **kwargs)


class ReportMove(ReportActionMixin, FormView):
    """A confirmation page (GET) and the move (POST) through a service; its refusal is shown in the form."""

    template_name = "cycles/workspace/report/confirm.html"
    form_class = VersionForm
    page_title = ""
    button = ""

    def get_initial(self):
        return {"version": self.report.version}

    def form_valid(self, form):
        try:
            result = self.move(form)
        except (ValidationError, EditConflict) as exc:
            # The service may have changed the report in memory before it refused: show it as stored.
            self.report.refresh_from_db()
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else CONFLICT_MESSAGE)
            return self.form_invalid(form)
        return result

    def move(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("button", self.button)
        return super().get_context_data(title=self.page_title, cancel_url=self.detail_url(), **kwargs)


class ReportFinalise(ReportMove):
    """/arbete/rapporter/<pk>/skicka/: send the draft to the styrgrupp; its content is frozen from then on.
    The page lists the follow-ups that are missing, and sending it anyway needs an explicit confirmation."""

    form_class = FinaliseForm
    page_title = _("Överlämna rapporten till styrgruppen")
    button = _("Ja, överlämna till styrgruppen")
    refused_message = _("Rapporten är redan överlämnad till styrgruppen.")

    def allowed(self):
        return self.report.status == ReportStatus.DRAFT

    @cached_property
    def completeness(self) -> dict:
        return services.report_completeness(self.report)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "missing": services.missing_count(self.completeness),
            "total": self.report.period.measures().count(),
        }

    def move(self, form):
        services.finalise_report(
            report=self.report,
            by=self.request.user,
            version=form.cleaned_data["version"],
            accept_missing=form.cleaned_data.get("accept_missing", False),
        )
        messages.success(
            self.request,
            _("Rapporten är överlämnad till styrgruppen. Innehållet är fryst och kan inte ändras längre."),
        )
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm="finalise", completeness=self.completeness, **kwargs)


class ReportAdvance(ReportMove):
    """/arbete/rapporter/<pk>/beslut/: register the decision of the body the report leaves and move it on."""

    form_class = AdvanceForm
    page_title = _("Registrera beslut och gå vidare")
    refused_message = _("Rapporten väntar inte på något beslut.")

    def allowed(self):
        self.target = self.report.next_status
        return self.target is not None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "report": self.report,
            "target": self.target,
            "user": self.request.user,
        }

    def move(self, form):
        # A decision registered on this page is saved by the service, and kept only if the report moves.
        services.advance_report(
            report=self.report,
            to=self.target,
            by=self.request.user,
            decision=form.new_decision or form.cleaned_data["decision"],
            version=form.cleaned_data["version"],
        )
        if self.target == ReportStatus.PUBLISHED:
            text = _("Rapporten är publicerad och finns nu för alla på sidan Uppföljning.")
        else:
            text = _("Beslutet är registrerat. Rapporten har nu status ”%(s)s”.") % {
                "s": ReportStatus(self.target).label
            }
        messages.success(self.request, text)
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        target = ReportStatus(self.target)
        _field, _kinds, decision_name = REPORT_DECISIONS[target]
        return super().get_context_data(
            confirm="advance",
            target=target,
            decision_name=decision_name,
            publishes=target == ReportStatus.PUBLISHED,
            button=_("Registrera beslutet och flytta till ”%(s)s”") % {"s": target.label},
            **kwargs,
        )


class ReportNewVersion(ReportMove):
    """/arbete/rapporter/<pk>/ny-version/: a draft that corrects or replaces a finalised report."""

    page_title = _("Skapa en ny version av rapporten")
    button = _("Ja, skapa en ny version")
    refused_message = _("Rapporten är ett utkast och kan ändras direkt, eller är redan ersatt.")

    def allowed(self):
        return self.report.is_frozen and self.report.status != ReportStatus.SUPERSEDED

    def move(self, form):
        draft = services.new_version(report=self.report, by=self.request.user)
        messages.success(
            self.request,
            _("Version %(n)s är skapad som utkast. Den gamla versionen gäller tills den nya har gått vidare.")
            % {"n": draft.report_version},
        )
        return redirect("cycles:report-detail", pk=draft.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm="new_version", **kwargs)


class ReportDelete(ReportMove):
    """/arbete/rapporter/<pk>/ta-bort/: delete a draft that was never sent, after a confirmation."""

    page_title = _("Ta bort utkastet")
    button = _("Ja, ta bort utkastet")
    refused_message = _("Rapporten är överlämnad till styrgruppen och kan inte tas bort.")

    def allowed(self):
        return self.report.status == ReportStatus.DRAFT

    def move(self, form):
        services.delete_draft(report=self.report, by=self.request.user, version=form.cleaned_data["version"])
        messages.success(self.request, _("Utkastet ”%(r)s” är borttaget.") % {"r": self.report})
        return redirect("cycles:report-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm="delete", **kwargs)


class ReportCopy(ReportMove):
    """/arbete/rapporter/<pk>/kopiera/: start another period's report from this one's texts."""

    form_class = CopyForm
    page_title = _("Kopiera rapporten till en ny period")
    button = _("Kopiera till den nya perioden")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def move(self, form):
        outcome = run_once(
            self.request,
            lambda: services.copy_for_period(
                report=self.report, period=form.cleaned_data["period"], by=self.request.user
            ),
        )
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(
                self.request,
                _("Ett utkast för %(p)s är skapat med texterna från den här rapporten.")
                % {"p": outcome.object.period},
            )
        return _to_report(outcome.object)

    def get_context_data(self, **kwargs):
        add_period = (
            reverse("cycles:followup-period-create")
            if self.request.user.has_perm("cycles.run_cycle")
            else None
        )
        ctx = super().get_context_data(confirm="copy", add_period_url=add_period, **kwargs)
        ctx["no_other_period"] = not ctx["form"].fields["period"].queryset.exists()
        return ctx


class ReportDownload(ReportMixin, View):
    """/arbete/rapporter/<pk>/rapport.pdf, rapport-offentlig.pdf and atgarder.csv."""

    audience = "internal"
    kind = "pdf"

    def get(self, request, *args, **kwargs):
        if self.kind == "csv":
            return csv_response(self.report, self.audience)
        try:
            return pdf_response(self.report, self.audience)
        except PdfError as exc:
            messages.error(request, str(exc))
            return redirect(self.detail_url())
