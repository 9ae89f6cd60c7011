"""Writes in the lagesbild app, one module per concept: report (status moves, new versions and the § 6
watch), dialogue (a dialogue with its observations), statistics (imports of indicator values), refresh (Kolada
fetched again on a schedule) and unsafe_place (residents' reports of unsafe places and their moderation).

Re-exported here for the apps built on lagesbild (`from lagesbild.services import …`).
"""

from .dialogue import record_dialogue
from .report import (
    VALID_YEARS,
    WARN_DAYS,
    ReportWatch,
    move_report,
    refusal_reason,
    statutory_report_watch,
    supersede_report,
)
from .statistics import (
    default_areas,
    enter_survey_value,
    import_bra_file,
    import_kolada_document,
    import_survey_file,
    kolada_indicator,
    record_failed_fetch,
)

__all__ = [
    "VALID_YEARS",
    "WARN_DAYS",
    "ReportWatch",
    "default_areas",
    "enter_survey_value",
    "import_bra_file",
    "import_kolada_document",
    "import_survey_file",
    "kolada_indicator",
    "move_report",
    "record_dialogue",
    "record_failed_fetch",
    "refusal_reason",
    "statutory_report_watch",
    "supersede_report",
]
