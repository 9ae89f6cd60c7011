"""Panels that apps contribute to pages owned by other apps: the workspace dashboard (/arbete/) and
sections of public pages (e.g. the agreements on /samverkan/).

Apps add panels in their AppConfig.ready(), so that a lower app shows what later apps know without
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
    page: str = "dashboard"  # which page shows the panel


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request, page: str = "dashboard") -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted((p for p in _panels.values() if p.page == page), key=lambda p: p.order):
        ctx = panel.context(request)
        if ctx is not None:
            shown.append((panel, ctx))
    return shown
