"""Admin for the five steps, their "klart när" templates, the periods and their checklists.

A checklist item marked done here obeys the same rule as in the workspace (cycles.services.cycle.tick_item):
it needs evidence or a written reason why there is none, and who marked it is the one who saved it."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, TabularInline

from ..models import (
    ChecklistItem,
    ChecklistTemplateItem,
    Cycle,
    Step,
    StepTransition,
)
from ..services.cycle import MISSING_EVIDENCE


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


class ChecklistItemInline(TabularInline):
    model = ChecklistItem
    fields = ["step", "order", "text", "local", "due_date", "done_on", "evidence_public"]
    readonly_fields = ["done_on"]
    extra = 0
    show_change_link = True
    max_num = 200  # about 40 handbook items a period, plus carried-over and own items


class StepTransitionInline(TabularInline):
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


EVIDENCE_FIELDS = [
    "evidence_decision",
    "evidence_meeting",
    "evidence_agreement",
    "evidence_report",
    "evidence_document",
    "evidence_url",
]
ITEM_FIELDS = ["cycle", "step", "order", "text", "local", "due_date", "done_on", "done_by"]
UNDERLAG_FIELDS = [*EVIDENCE_FIELDS, "evidence_note", "no_evidence_reason", "evidence_public"]


class ChecklistItemAdminForm(forms.ModelForm):
    """Done only with evidence or a written reason why there is none, as in the workspace."""

    class Meta:
        model = ChecklistItem
        fields = [name for name in (*ITEM_FIELDS, *UNDERLAG_FIELDS) if name != "done_by"]

    def clean(self):
        cleaned = super().clean()
        done_on = cleaned.get("done_on", self.instance.done_on)
        evidence = [cleaned.get(name, getattr(self.instance, name)) for name in EVIDENCE_FIELDS]
        reason = cleaned.get("no_evidence_reason", self.instance.no_evidence_reason).strip()
        if done_on and not any(evidence) and not reason:
            self.add_error("no_evidence_reason", MISSING_EVIDENCE)
        return cleaned


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryAdmin):
    form = ChecklistItemAdminForm
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
    fieldsets = [(None, {"fields": ITEM_FIELDS}), (_("Underlag"), {"fields": UNDERLAG_FIELDS})]

    def save_model(self, request, obj, form, change):
        if "done_on" in form.changed_data:
            obj.done_by = request.user if obj.done_on else None  # as tick_item and untick_item do
        super().save_model(request, obj, form, change)
