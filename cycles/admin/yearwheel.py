"""Admin for the årshjul's rules and one-off items: for the system owner, and so that their change
history is readable. Coordinators work with them in the workspace (/arbete/arshjul/). Calendar
addresses are secrets and not shown here."""

from django.contrib import admin

from trygg.admin import HistoryAdmin

from ..models import YearWheelItem, YearWheelRule

FIELDS = ["description", "link", "responsible_actor", "responsible_forum", "remind_days_before"]


@admin.register(YearWheelRule)
class YearWheelRuleAdmin(HistoryAdmin):
    list_display = ["title", "month", "day", "responsible_actor", "responsible_forum", "active"]
    list_filter = ["active", "month"]
    list_select_related = ["responsible_actor", "responsible_forum"]
    search_fields = ["title", "description"]
    fields = ["title", "month", "day", *FIELDS, "active"]


@admin.register(YearWheelItem)
class YearWheelItemAdmin(HistoryAdmin):
    list_display = ["title", "on", "responsible_actor", "responsible_forum"]
    list_select_related = ["responsible_actor", "responsible_forum"]
    search_fields = ["title", "description"]
    date_hierarchy = "on"
    fields = ["title", "on", *FIELDS]
