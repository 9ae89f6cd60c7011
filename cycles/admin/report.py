"""Admin for follow-up reports.

The admin is for finding and reading reports and for correcting a draft's texts. Reports are created
and moved through the bodies in the workspace (/arbete/rapporter/), through the services, so that the
version numbers, the frozen snapshot and the decision chain stay right: status, snapshot and decisions
are never editable here, the content is read-only once the report is frozen, and a frozen report
cannot be deleted.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin

from ..models import (
    FollowUpReport,
)

CONTENT_FIELDS = ["title", "diary_number", "introduction", "conclusions"]
RECORD_FIELDS = [
    "period",
    "report_version",
    "status",
    "workspace_link",
    "previous",
    "superseded_by",
    "created_at",
    "finalised_at",
    "finalised_by",
    "steering_decision",
    "board_decision",
    "council_decision",
    "published_at",
]


@admin.register(FollowUpReport)
class FollowUpReportAdmin(HistoryAdmin):
    list_display = ["title", "period", "report_version", "status", "diary_number", "published_at"]
    list_filter = ["status", "period"]
    list_select_related = ["period"]
    search_fields = ["title", "diary_number", "introduction", "conclusions"]
    date_hierarchy = "created_at"
    # No bulk actions: the bulk delete does not ask per report. A draft is deleted from its own page.
    actions = None
    fieldsets = [
        (None, {"fields": CONTENT_FIELDS}),
        (
            _("Status och beslut"),
            {
                "fields": RECORD_FIELDS,
                "description": _(
                    "Rapporten skickas vidare och får sina beslut i arbetsytan, under Uppföljningsrapporter."
                ),
            },
        ),
    ]

    @admin.display(description=_("I arbetsytan"))
    def workspace_link(self, obj):
        if obj.pk is None:
            return "–"
        url = reverse("cycles:report-detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Öppna rapporten i arbetsytan"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return [*CONTENT_FIELDS, *RECORD_FIELDS]
        return RECORD_FIELDS

    def has_add_permission(self, request):
        # A report starts in the workspace, where create_report numbers its version.
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False  # a report that went to the styrgrupp is part of the record
        return super().has_delete_permission(request, obj)
