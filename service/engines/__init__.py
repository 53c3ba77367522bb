"""Engines turn an analysed article into a GroundedDraft."""
