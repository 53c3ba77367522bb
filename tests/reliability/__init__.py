"""Reliability: breaker, deadline, rate limit, metrics and logs (issue 6)."""
