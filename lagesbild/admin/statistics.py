"""Indicators, their values and the import log. Values arrive through the importers (workspace
/arbete/statistik/ or the import commands); the admin describes indicators and reads the import log."""

from django.contrib import admin

from trygg.admin import HistoryAdmin
from trygg.concurrency import VersionedAdminMixin

from ..models import ImportRun, Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["name", "source", "external_id", "public", "order"]
    list_filter = ["source", "public"]
    search_fields = ["name", "external_id"]
    filter_horizontal = ["reports"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """No per-row history (the import runs are the history), but two people correcting the same value
    cannot overwrite each other."""

    list_display = ["indicator", "area_name", "area_code", "year", "gender", "value", "count"]
    list_filter = ["indicator", "area_level", "year"]
    search_fields = ["area_name", "area_code"]
    list_select_related = ["indicator"]
    readonly_fields = ["import_run"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "source", "indicator", "file_name", "status", "rows_read", "rows_rejected"]
    list_filter = ["source", "status"]
    list_select_related = ["indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
