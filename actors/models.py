"""Models of the actors app (filled by later issues)."""
