"""Models of the lagesbild app (filled by later issues)."""
