"""The one-way pipeline: ingest -> segment -> cues -> engine -> ground -> verify."""
