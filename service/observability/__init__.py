"""Metrics and logs: what operators see of the service (docs/operations.md)."""
