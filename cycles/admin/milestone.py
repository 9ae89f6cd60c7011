"""Admin for milestones (delmål) and links between measures: for the system owner, and so that their
change history is readable. Coordinators work with them in the workspace (/arbete/atgarder/<slug>/)."""

from django.contrib import admin

from trygg.admin import HistoryAdmin

from ..models import MeasureLink, Milestone


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["title", "measure", "responsible", "due_on", "done_on", "visibility"]
    list_filter = ["visibility", "measure__plan"]
    list_select_related = ["measure", "responsible"]
    search_fields = ["title", "measure__title"]
    raw_id_fields = ["measure"]
    fields = ["measure", "title", "responsible", "due_on", "done_on", "visibility"]


@admin.register(MeasureLink)
class MeasureLinkAdmin(HistoryAdmin):
    list_display = ["from_measure", "kind", "to_measure"]
    list_filter = ["kind"]
    list_select_related = ["from_measure", "to_measure"]
    search_fields = ["from_measure__title", "to_measure__title"]
    raw_id_fields = ["from_measure", "to_measure"]
