"""Admin for measures, their indicators and their lägesrapporter."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, TabularInline

from ..models import (
    Measure,
    MeasureIndicator,
    MeasureUpdate,
)


class MeasureIndicatorInline(TabularInline):
    model = MeasureIndicator
    extra = 0
    autocomplete_fields = ["indicator"]
    verbose_name_plural = _("Indikatorer ur statistiken, med utgångsvärde och mål")


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["title", "plan", "lead_actor", "status", "progress", "last_update_on", "visibility"]
    list_filter = ["plan", "status", "kind", "level", "visibility", "lead_actor"]
    list_select_related = ["plan", "lead_actor"]
    search_fields = ["title", "public_text", "internal_notes"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["lead_contact", "decision"]
    filter_horizontal = ["problems", "cause_analyses", "contributors", "areas", "places", "promise_lines"]
    readonly_fields = ["status", "progress", "last_update_on"]
    inlines = [MeasureIndicatorInline]
    fieldsets = [
        (
            None,
            {"fields": ["plan", "decision", "title", "slug", "visibility", "public_text", "internal_notes"]},
        ),
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
