from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import VersionedAdminMixin
from .models import AccessibilityFeedback, Municipality, MunicipalitySettings, ProgrammeGoal


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page works for models without foreign keys too."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history calls select_related() with no names for a model without foreign keys,
        # which Django 6.1 deprecates (and warnings are errors here): name them, or none.
        qs = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        fks = [f.name for f in history_manager.model.tracked_fields if isinstance(f, models.ForeignKey)]
        return qs.select_related(*fks) if fks else qs


@admin.register(MunicipalitySettings)
class MunicipalitySettingsAdmin(VersionedAdminMixin, HistoryAdmin):
    fieldsets = [
        (None, {"fields": ["municipality", "name", "programme_name"]}),
        (
            "Ansvar och kontakt",
            {
                "fields": [
                    "responsible_unit",
                    "page_owner",
                    "contact_name",
                    "contact_title",
                    "contact_email",
                    "contact_phone",
                    "website",
                ]
            },
        ),
        ("Startsidan", {"fields": ["purpose", "programme_plan"]}),
        ("Tillgänglighet", {"fields": ["accessibility_reviewed"]}),
    ]
    autocomplete_fields = ["municipality"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not MunicipalitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeGoal)
class ProgrammeGoalAdmin(HistoryAdmin):
    list_display = ["text", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["text"]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "status"]
    list_filter = ["status"]
    search_fields = ["description", "page_url"]
    readonly_fields = ["page_url", "description", "email", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county_name"]
    search_fields = ["code", "name", "county_name"]
    list_filter = ["county_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff
