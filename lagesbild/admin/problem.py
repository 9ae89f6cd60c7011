"""Problems with their cause analyses inline."""

from django.contrib import admin

from trygg.admin import HistoryAdmin, StackedInline

from ..models import CauseAnalysis, Problem


class CauseAnalysisInline(StackedInline):
    model = CauseAnalysis
    fields = [
        "perspective",
        "offender_motivation",
        "target_victim",
        "place_guardians",
        "risk_factors",
        "protective_factors",
        "evidence",
    ]
    extra = 0


@admin.register(Problem)
class ProblemAdmin(HistoryAdmin):
    list_display = ["title", "prioritised", "priority", "crime_types", "visibility", "updated_at"]
    list_filter = ["prioritised", "visibility", "areas"]
    search_fields = ["title", "description", "crime_types"]
    filter_horizontal = ["areas", "places", "reports"]
    inlines = [CauseAnalysisInline]
