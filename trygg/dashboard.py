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
    # context(request, **objects) returns the panel's context, or None when the panel is not shown
    # (not for this user, or nothing to show). `objects` are what the page is about, e.g. place=…
    context: Callable[..., dict | None]
    order: int = 100
    page: str = "dashboard"  # which page shows the panel


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request, page: str = "dashboard", **objects) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted((p for p in _panels.values() if p.page == page), key=lambda p: p.order):
        ctx = panel.context(request, **objects)
        if ctx is not None:
            shown.append((panel, ctx))
    return shown
