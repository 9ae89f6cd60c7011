"""/lagkrav/: what the law (Lag 2023:196 om kommuners ansvar för brottsförebyggande arbete) asks of the
municipality and whether it does it, for residents, with public evidence only.

Evidence that is not public is shown as "Intern handling, <date>" without its title or link (as
/kretslopp/ does for checklist evidence); confidential evidence is left out altogether. The workspace's
explanations and next steps are not shown: they may name internal documents."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from trygg.models import MunicipalitySettings
from trygg.views import PublicPageMixin

from ...services.compliance import duty_statuses, summary
from ...services.evidence import EvidenceLevel


def public_evidence(evidence) -> list[dict]:
    """The evidence a resident may see, as {"label", "url", "day"}."""
    shown = []
    for item in evidence:
        if item.level == EvidenceLevel.PUBLIC:
            shown.append({"label": item.resident_title, "url": item.public_url, "day": item.day})
        elif item.level == EvidenceLevel.INTERNAL:
            label = _("Intern handling, %(date)s") % {"date": item.day.isoformat()} if item.day else ""
            shown.append({"label": label or _("Intern handling"), "url": "", "day": None})
    return shown


def public_row(status) -> dict:
    """A duty as residents see it: its due date only when no confidential evidence would give it away."""
    confidential = any(item.level == EvidenceLevel.CONFIDENTIAL for item in status.evidence)
    return {
        "status": status,
        "evidence": public_evidence(status.evidence),
        "due_on": None if confidential else status.due_on,
    }


class Compliance(PublicPageMixin, TemplateView):
    template_name = "cycles/compliance/index.html"
    title = _("Så följer kommunen lagen om brottsförebyggande arbete")

    def get_context_data(self, **kwargs):
        statuses = duty_statuses(timezone.localdate(), site=MunicipalitySettings.for_request(self.request))
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            rows=[public_row(s) for s in statuses],
            summary=summary(statuses),
        )
        return ctx
