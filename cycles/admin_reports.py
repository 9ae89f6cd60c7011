"""Admin for follow-up reports (imported by cycles/admin.py)."""
