"""Workspace URLs for follow-ups per measure and follow-up periods (included by cycles/urls.py)."""

patterns = []
