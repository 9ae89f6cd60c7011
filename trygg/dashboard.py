"""Panels on the workspace dashboard (/arbete/).

Apps add panels in their AppConfig.ready(), so that trygg shows what later apps know without
importing them (the import direction is trygg <- actors <- lagesbild <- cycles).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    # Returns the panel's context for this user, or None when the panel is not for them.
    context: Callable[..., dict | None]
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        ctx = panel.context(request)
        if ctx is not None:
            shown.append((panel, ctx))
    return shown
