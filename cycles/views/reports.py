"""Workspace and public views for follow-up reports."""


def register() -> None:
    """Menu entries and dashboard panels, called from CyclesConfig.ready()."""
