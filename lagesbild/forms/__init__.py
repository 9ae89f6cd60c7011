"""User input in the lagesbild app, one module per concept: report (a lägesbild's text), dialogue (a
dialogue with its observations) and statistics (indicators, imports and manually entered values)."""
