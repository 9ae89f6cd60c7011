"""Admin for åtgärdsplaner; status moves go through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, transition_action

from ..models import (
    ActionPlan,
    PlanStatus,
)
from ..services import plan as plan_services


@admin.register(ActionPlan)
class ActionPlanAdmin(HistoryAdmin):
    list_display = ["title", "status", "period_start", "period_end", "visibility"]
    list_filter = ["status", "visibility", "cycle"]
    search_fields = ["title", "goals"]
    raw_id_fields = ["decision", "situation_report"]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["cycle", "title", "status", "visibility", "period_start", "period_end"]}),
        (_("Underlag och beslut (5 §)"), {"fields": ["situation_report", "goals", "decision"]}),
    ]
    actions = [
        transition_action(plan_services.change_plan_status, s.value, s.label, "plan")
        for s in PlanStatus
        if s != PlanStatus.DRAFT
    ]
