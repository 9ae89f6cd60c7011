"""The Django admin for coordinators, one module per concept: areas and places, lägesbilder with their
status moves, problems with cause analyses, dialogues with observations, and the statistics."""

from . import dialogue, place, problem, report, statistics

__all__ = ["dialogue", "place", "problem", "report", "statistics"]
