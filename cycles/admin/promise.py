"""Admin for medborgarlöften and their lines; status moves go through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import HistoryAdmin, StackedInline, transition_action

from ..models import (
    CitizenPromise,
    PromiseLine,
    PromiseStatus,
)
from ..services import promise as promise_services


class PromiseLineInline(StackedInline):
    model = PromiseLine
    fields = ["order", "party", "actor", "text", "follow_up", "follow_up_on"]
    extra = 0


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(HistoryAdmin):
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
        transition_action(promise_services.change_promise_status, s.value, s.label, "promise")
        for s in PromiseStatus
        if s != PromiseStatus.DRAFT
    ]
