"""Workspace views for follow-ups per measure (step 5)."""


def register() -> None:
    """Menu entries and dashboard panels, called from CyclesConfig.ready()."""
