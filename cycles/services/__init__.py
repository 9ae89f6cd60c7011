"""Writes in the cycles app that span models, move a status or have side effects, one module per concept:
cycle, agreement, promise, plan, measure (with milestone, bulk for spreadsheet imports and feedback from
residents), followup, report, reminders, subscription (following by e-mail), compliance (the law's
duties, with the evidence they rest on in evidence), overview and yearwheel (the årshjul). Each function
is keyword-only, atomic, checks the rules and refuses in plain Swedish (ValidationError); views, admin
actions, commands and the demo data call these, never the status fields directly."""
