"""Knowledge about crime and perceived safety, one module per concept: places (areas and places),
reports (lägesbilder and their statuses), problems (with cause analyses), dialogues (with observations),
statistics (indicators, their values and the import log) and residents' reports of unsafe places.

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
from .unsafe_place import (
    ENDED_STATUSES,
    UNSAFE_PLACE_MOVES,
    UnsafePlaceAnswer,
    UnsafePlaceCategory,
    UnsafePlaceMailKind,
    UnsafePlaceReport,
    UnsafePlaceStatus,
)

__all__ = [
    "DECIDED_STATUSES",
    "ENDED_STATUSES",
    "REPORT_MOVES",
    "REPORT_MOVE_LABELS",
    "SMALL_AREA_LEVELS",
    "SURVEY_SOURCES",
    "UNSAFE_PLACE_MOVES",
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
    "UnsafePlaceAnswer",
    "UnsafePlaceCategory",
    "UnsafePlaceMailKind",
    "UnsafePlaceReport",
    "UnsafePlaceStatus",
    "small_count_threshold",
]
