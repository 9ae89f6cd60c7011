"""Admin for follow-up periods and follow-ups.

Follow-ups are written in the workspace (/arbete/uppfoljning/), where start_follow_up gives each its
commitment rows and the services move the status; here a coordinator can correct the text and the
commitments, but not the status or who handed in and approved it. Reminders are a read-only record.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, TabularInline

from ..models import (
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReminder,
)


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(HistoryAdmin):
    list_display = ["name", "cycle", "starts_on", "ends_on", "closes_on", "remind_days_before"]
    list_filter = ["cycle"]
    list_select_related = ["cycle"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["cycle", "name", "starts_on", "ends_on"]}),
        (_("Sista dag och påminnelse"), {"fields": ["closes_on", "remind_days_before"]}),
    ]


class FollowUpCommitmentInline(TabularInline):
    model = FollowUpCommitment
    fields = ["actor", "kept", "comment"]
    extra = 0


@admin.register(FollowUp)
class FollowUpAdmin(HistoryAdmin):
    list_display = ["measure", "period", "status", "assessment", "visibility", "updated_at"]
    list_filter = ["period", "status", "assessment", "visibility"]
    list_select_related = ["measure", "period"]
    search_fields = ["measure__title", "done_text", "effect_text", "lessons"]
    readonly_fields = [
        "period",
        "measure",
        "status",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
    ]
    inlines = [FollowUpCommitmentInline]
    fieldsets = [
        (None, {"fields": ["period", "measure", "status", "visibility"]}),
        (
            _("Uppföljningen"),
            {
                "fields": [
                    "done_text",
                    "effect_text",
                    "lessons",
                    "assessment",
                    "assessment_reason",
                    "public_summary",
                ]
            },
        ),
        (
            _("Inlämnad och godkänd"),
            {
                "fields": ["submitted_at", "submitted_by", "approved_at", "approved_by"],
                "description": _(
                    "Status ändras i arbetsytan: den ansvariga lämnar in, en samordnare godkänner."
                ),
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # started in the workspace, which also creates the partners' commitment rows


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(admin.ModelAdmin):
    list_display = ["measure", "period", "sent_to", "sent_at"]
    list_filter = ["period"]
    list_select_related = ["measure", "period"]
    search_fields = ["measure__title", "sent_to"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False  # sent by the send_followup_reminders command

    def has_change_permission(self, request, obj=None):
        return False  # the record of what was sent stays as it was
