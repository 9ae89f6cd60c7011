"""Areas with their places inline, and places."""

from django.contrib import admin

from trygg.admin import HistoryAdmin, TabularInline

from ..models import Area, Place


class PlaceInline(TabularInline):
    model = Place
    fields = ["name", "slug", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    show_change_link = True


@admin.register(Area)
class AreaAdmin(HistoryAdmin):
    list_display = ["name", "kind", "latitude", "longitude", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceInline]


@admin.register(Place)
class PlaceAdmin(HistoryAdmin):
    list_display = ["name", "area", "kind", "updated_at"]
    list_filter = ["area", "kind"]
    search_fields = ["name", "description", "area__name"]
    list_select_related = ["area"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["area"]
