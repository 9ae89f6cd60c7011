"""Dialogues with their observations inline; participants are counts, never names."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, TabularInline

from ..models import Dialogue, Observation


class ObservationInline(TabularInline):
    model = Observation
    fields = ["place", "category", "note", "proposal"]
    autocomplete_fields = ["place"]
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(HistoryAdmin):
    list_display = ["held_on", "kind", "area", "organiser", "participant_total", "visibility"]
    list_filter = ["kind", "area", "visibility"]
    search_fields = ["summary", "area__name", "observations__note"]
    list_select_related = ["area", "organiser"]
    autocomplete_fields = ["area", "organiser"]
    date_hierarchy = "held_on"
    inlines = [ObservationInline]
    fieldsets = [
        (None, {"fields": ["kind", "held_on", "area", "organiser", "visibility"]}),
        (
            _("Deltagare (antal, aldrig namn)"),
            {"fields": ["residents", "staff", "police", "politicians", "other"]},
        ),
        (None, {"fields": ["summary"]}),
    ]

    @admin.display(description=_("deltagare"))
    def participant_total(self, obj):
        return obj.participant_total
