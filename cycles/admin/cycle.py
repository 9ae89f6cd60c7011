"""Admin for the five steps, their "klart när" templates, the periods and their checklists."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin

from ..models import (
    ChecklistItem,
    ChecklistTemplateItem,
    Cycle,
    Step,
    StepTransition,
)


@admin.register(Step)
class StepAdmin(HistoryAdmin):
    list_display = ["number", "name", "updated_at"]
    ordering = ["number"]

    def has_add_permission(self, request):
        return False  # the five steps come from the handbook

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(HistoryAdmin):
    list_display = ["step", "order", "text"]
    list_filter = ["step"]
    list_select_related = ["step"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["step", "order", "text", "local", "due_date", "done_on", "evidence_public"]
    readonly_fields = ["done_on"]
    extra = 0
    show_change_link = True


class StepTransitionInline(admin.TabularInline):
    model = StepTransition
    fields = ["at", "from_step", "to_step", "by", "open_items", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(HistoryAdmin):
    list_display = ["name", "start_date", "end_date", "current_step", "is_current"]
    list_select_related = ["current_step"]
    inlines = [ChecklistItemInline, StepTransitionInline]
    fieldsets = [(None, {"fields": ["name", "start_date", "end_date", "current_step", "is_current"]})]

    readonly_fields = ["current_step", "is_current"]

    def has_add_permission(self, request):
        # A period starts in the workspace (/arbete/kretslopp/ny-period/), which copies the checklists
        # and ends the previous period; the step moves only through "Gå vidare", which keeps the reason.
        return False


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryAdmin):
    list_display = ["text", "cycle", "step", "done_on", "done_by", "evidence_public"]
    list_filter = ["cycle", "step", "local"]
    list_select_related = ["cycle", "step", "done_by"]
    raw_id_fields = [
        "evidence_decision",
        "evidence_meeting",
        "evidence_agreement",
        "evidence_report",
        "carried_over_from",
    ]
    readonly_fields = ["done_by"]
    fieldsets = [
        (None, {"fields": ["cycle", "step", "order", "text", "local", "due_date", "done_on", "done_by"]}),
        (
            _("Underlag"),
            {
                "fields": [
                    "evidence_decision",
                    "evidence_meeting",
                    "evidence_agreement",
                    "evidence_report",
                    "evidence_document",
                    "evidence_url",
                    "evidence_note",
                    "evidence_public",
                ]
            },
        ),
    ]
