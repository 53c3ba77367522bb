"""Offline evaluation of the deterministic stages against annotated corpora."""
