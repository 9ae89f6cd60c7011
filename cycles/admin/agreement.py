"""Admin for samverkansöverenskommelser; status moves go through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, transition_action

from ..models import (
    Agreement,
    AgreementStatus,
)
from ..services import agreement as agreement_services


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title", "status", "valid_from", "valid_to", "visibility"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "purposes", "areas"]
    filter_horizontal = ["parties", "focus_problems"]
    raw_id_fields = ["decision"]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "status", "visibility", "parties"]}),
        (_("Innehåll (9 §)"), {"fields": ["purposes", "areas", "focus_problems", "focus_areas"]}),
        (
            _("Giltighet och beslut"),
            {"fields": ["valid_from", "valid_to", "signatories", "signed_on", "decision", "document"]},
        ),
    ]
    actions = [
        transition_action(agreement_services.change_agreement_status, s.value, s.label, "agreement")
        for s in AgreementStatus
        if s != AgreementStatus.DRAFT
    ]
