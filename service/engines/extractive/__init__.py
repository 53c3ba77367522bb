"""The extractive engine: claims, sources and summary from the deterministic cues alone."""
