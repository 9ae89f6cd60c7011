"""User input in the lagesbild app, one module per concept: report (a lägesbild's text), dialogue (a
dialogue with its observations), statistics (indicators, imports and manually entered values) and
unsafe_place (a resident's report of an unsafe place and the moderator's actions on it)."""
