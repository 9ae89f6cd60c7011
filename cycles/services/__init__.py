"""Writes in the cycles app that span models, move a status or have side effects, one module per
concept (cycle, agreement, promise, plan, measure, followup, report). Each function is keyword-only,
atomic, checks the rules and refuses in plain Swedish (ValidationError); views, admin actions,
commands and the demo data call these, never the status fields directly."""
