"""The Django admin for coordinators: periods with their checklists, agreements, medborgarlöften.

Status transitions are admin actions that show a confirmation page first and then call the services,
so the allowed-moves tables in models.py are the only place that decides what is allowed.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionedAdminMixin

from . import services
from .models import (
    ActionPlan,
    Agreement,
    AgreementStatus,
    ChecklistItem,
    ChecklistTemplateItem,
    CitizenPromise,
    Cycle,
    Measure,
    MeasureIndicator,
    MeasureUpdate,
    PlanStatus,
    PromiseLine,
    PromiseStatus,
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
class CycleAdmin(VersionedAdminMixin, HistoryAdmin):
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
class ChecklistItemAdmin(VersionedAdminMixin, HistoryAdmin):
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


def _transition_action(service, to, label, object_arg):
    """An admin action that asks for confirmation and then moves each selected object to `to`."""

    def action(modeladmin, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "cycles/admin/confirm_transition.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Bekräfta statusändring"),
                    "objects": list(queryset),
                    "target": label,
                    "action": request.POST.get("action"),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "opts": modeladmin.model._meta,
                },
            )
        for obj in queryset:
            try:
                service(**{object_arg: obj, "to": to, "by": request.user})
            except ValidationError as exc:
                modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            except EditConflict:
                modeladmin.message_user(request, f"{obj}: {CONFLICT_MESSAGE}", messages.ERROR)
            else:
                modeladmin.message_user(
                    request, _("%(obj)s har nu status %(status)s.") % {"obj": obj, "status": label}
                )
        return None

    action.__name__ = f"mark_{to}"
    return admin.action(description=_("Ändra status till: %(s)s") % {"s": label}, permissions=["change"])(
        action
    )


@admin.register(Agreement)
class AgreementAdmin(VersionedAdminMixin, HistoryAdmin):
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
        _transition_action(services.change_agreement_status, s.value, s.label, "agreement")
        for s in AgreementStatus
        if s != AgreementStatus.DRAFT
    ]


class PromiseLineInline(admin.StackedInline):
    model = PromiseLine
    fields = ["order", "party", "actor", "text", "follow_up", "follow_up_on"]
    extra = 0


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ["title", "year", "status", "signed_on", "visibility"]
    list_filter = ["status", "year", "visibility"]
    search_fields = ["title", "areas"]
    readonly_fields = ["status"]
    filter_horizontal = ["area_links"]
    inlines = [PromiseLineInline]
    fieldsets = [
        (None, {"fields": ["year", "title", "status", "visibility", "area_links", "areas", "background"]}),
        (_("Undertecknande"), {"fields": ["signatories", "signed_on"]}),
    ]
    actions = [
        _transition_action(services.change_promise_status, s.value, s.label, "promise")
        for s in PromiseStatus
        if s != PromiseStatus.DRAFT
    ]


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionedAdminMixin, HistoryAdmin):
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
        _transition_action(services.change_plan_status, s.value, s.label, "plan")
        for s in PlanStatus
        if s != PlanStatus.DRAFT
    ]


class MeasureIndicatorInline(admin.TabularInline):
    model = MeasureIndicator
    extra = 0
    autocomplete_fields = ["indicator"]
    verbose_name_plural = _("Indikatorer ur statistiken, med utgångsvärde och mål")


@admin.register(Measure)
class MeasureAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ["title", "plan", "lead_actor", "status", "progress", "last_update_on", "visibility"]
    list_filter = ["plan", "status", "kind", "level", "visibility", "lead_actor"]
    list_select_related = ["plan", "lead_actor"]
    search_fields = ["title", "public_text", "internal_notes"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["lead_contact"]
    filter_horizontal = ["problems", "cause_analyses", "contributors", "areas", "places", "promise_lines"]
    readonly_fields = ["status", "progress", "last_update_on"]
    inlines = [MeasureIndicatorInline]
    fieldsets = [
        (None, {"fields": ["plan", "title", "slug", "visibility", "public_text", "internal_notes"]}),
        (_("Varför"), {"fields": ["problems", "cause_analyses", "promise_lines"]}),
        (_("Vad och vem"), {"fields": ["kind", "level", "lead_actor", "lead_contact", "contributors"]}),
        (_("Var och när"), {"fields": ["areas", "places", "start_date", "end_date"]}),
        (_("Pengar och mål"), {"fields": ["budget", "funding", "goal", "indicator"]}),
        (
            _("Läge"),
            {
                "fields": ["status", "progress", "last_update_on", "updates_need_approval"],
                "description": _(
                    "Status och hur långt åtgärden kommit följer den senaste godkända lägesrapporten."
                ),
            },
        ),
    ]


@admin.register(MeasureUpdate)
class MeasureUpdateAdmin(HistoryAdmin):
    list_display = ["measure", "date", "status", "progress", "author", "approved_at"]
    list_filter = ["status", "needs_approval"]
    list_select_related = ["measure", "author"]
    search_fields = ["measure__title", "text"]
    raw_id_fields = ["measure"]
    readonly_fields = ["author", "needs_approval", "approved_at", "approved_by"]
    fields = [
        "measure",
        "date",
        "status",
        "progress",
        "text",
        "evidence_url",
        "evidence_document",
        "author",
        "needs_approval",
        "approved_at",
        "approved_by",
    ]

    def has_add_permission(self, request):
        return False  # written in the workspace, through the service that moves the measure

    def has_change_permission(self, request, obj=None):
        return False  # the record of what was reported stays as it was


from . import admin_followup, admin_reports  # noqa: E402, F401 (step 5 registers its models there)
