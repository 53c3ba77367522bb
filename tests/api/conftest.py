"""Fixtures for the REST tests: an app on explicit settings, a client, the seed request."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.produce import Runtime

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-fedcba9876543210"


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Build a client on Settings(**overrides) and a Runtime; server errors become responses."""
    clients: list[TestClient] = []

    def make(runtime: Runtime | None = None, **overrides: Any) -> TestClient:
        app = create_app(Settings(**overrides), runtime=runtime)
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client.__enter__())  # runs the lifespan
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def keyed_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(api_keys=[KEY, OTHER_KEY])


@pytest.fixture
def seed_request(seed_text: str) -> dict[str, Any]:
    return {"text": seed_text, "title": "North Korean troops in Kursk"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Check status and content type, and that the body is an RFC 9457 problem."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    return body
