"""/arbete/lagkrav/: each duty of Lag (2023:196) §§ 4–13 with its state, evidence, due date and next
step, derived from the data (cycles.services.compliance); and the dashboard panel of the duties that are
not met. For coordinators and the board (kommunstyrelsen reads it before a meeting)."""

from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from trygg.models import MunicipalitySettings
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...services.compliance import age_text, duty_statuses, summary

PERMISSION = "cycles.view_compliance"
ADMIN_PREFIX = reverse_lazy("admin:index")


def duties_for(request) -> list:
    """The duties at today's date, worked out once per request: the dashboard reads them in two panels
    (the duties not met, and the law's deadlines among the årshjul's next entries)."""
    if not hasattr(request, "compliance_duties"):
        request.compliance_duties = duty_statuses(
            timezone.localdate(), site=MunicipalitySettings.for_request(request)
        )
    return request.compliance_duties


def reachable(url: str, user) -> str:
    """`url`, or nothing when it is an admin page the user cannot open: a board reader reads the next
    step and the evidence as text instead of meeting a 403."""
    return url if user.is_staff or not url.startswith(str(ADMIN_PREFIX)) else ""


def workspace_rows(statuses, today, user) -> list[dict]:
    """Each duty with its evidence as the workspace shows it: title, link, date and age; and its next
    step's link."""
    return [
        {
            "status": status,
            "next_url": reachable(status.next_url, user),
            "evidence": [
                {
                    "item": item,
                    "url": reachable(item.url, user),
                    "age": age_text(item.day, today) if item.day else "",
                }
                for item in status.evidence
            ],
        }
        for status in statuses
    ]


class ComplianceOverview(WorkspaceMixin, TemplateView):
    permission_required = ("trygg.view_workspace", PERMISSION)
    template_name = "cycles/workspace/compliance/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        statuses = duty_statuses(today, site=MunicipalitySettings.for_request(self.request))
        ctx.update(
            title=_("Lagkrav"),
            breadcrumbs=workspace_crumbs(),
            today=today,
            rows=workspace_rows(statuses, today, self.request.user),
            summary=summary(statuses),
        )
        return ctx


def unmet_duties_panel(request) -> dict | None:
    """Dashboard "Lagkrav som inte är uppfyllda": every duty due soon or missing, with its next step."""
    if not request.user.has_perm(PERMISSION):
        return None
    statuses = duties_for(request)
    unmet = [{"status": s, "next_url": reachable(s.next_url, request.user)} for s in statuses if not s.is_met]
    return {"unmet": unmet, "summary": summary(statuses)}
