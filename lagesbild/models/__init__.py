"""Knowledge about crime and perceived safety, one module per concept: places (areas and places),
reports (lägesbilder and their statuses), problems (with cause analyses), dialogues (with observations)
and statistics (indicators, their values and the import log).

Everything is re-exported here, so that other apps, migrations and tests import from
`lagesbild.models` and Django registers every model with the app.
"""

from .dialogue import Dialogue, DialogueKind, Observation, ObservationCategory
from .place import Area, AreaKind, CoordinateFields, Place, PlaceKind
from .problem import CauseAnalysis, Perspective, Problem
from .report import (
    DECIDED_STATUSES,
    REPORT_MOVE_LABELS,
    REPORT_MOVES,
    ReportKind,
    ReportStatus,
    SituationReport,
)
from .statistics import (
    SMALL_AREA_LEVELS,
    SURVEY_SOURCES,
    AreaLevel,
    BetterDirection,
    Gender,
    ImportRun,
    ImportStatus,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    small_count_threshold,
)

__all__ = [
    "DECIDED_STATUSES",
    "REPORT_MOVES",
    "REPORT_MOVE_LABELS",
    "SMALL_AREA_LEVELS",
    "SURVEY_SOURCES",
    "Area",
    "AreaKind",
    "AreaLevel",
    "BetterDirection",
    "CauseAnalysis",
    "CoordinateFields",
    "Dialogue",
    "DialogueKind",
    "Gender",
    "ImportRun",
    "ImportStatus",
    "Indicator",
    "IndicatorSource",
    "IndicatorValue",
    "Observation",
    "ObservationCategory",
    "Perspective",
    "Place",
    "PlaceKind",
    "Problem",
    "ReportKind",
    "ReportStatus",
    "SituationReport",
    "small_count_threshold",
]
