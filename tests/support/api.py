"""Helpers of the REST tests: API keys and the problem+json check."""

from __future__ import annotations

import json
from typing import Any

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-fedcba9876543210"


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Check status and content type, and that the body is an RFC 9457 problem."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    return body
