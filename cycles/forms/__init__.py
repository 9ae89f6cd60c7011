"""User input in the cycles app, one module per concept (cycle, measure, followup, report)."""
