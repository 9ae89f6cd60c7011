"""Admin for follow-up periods and follow-ups (imported by cycles/admin.py)."""
