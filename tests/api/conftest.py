"""Fixtures of the REST tests (the app client fixtures are in tests/support/fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.api import KEY, OTHER_KEY


@pytest.fixture
def keyed_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(api_keys=[KEY, OTHER_KEY])


@pytest.fixture
def seed_request(seed_text: str) -> dict[str, Any]:
    return {"text": seed_text, "title": "North Korean troops in Kursk"}
