"""Fixtures of the fault tests: apps whose Runtime talks to a scripted fake LLM."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.produce import Runtime


@pytest.fixture
def app_on_fake() -> Iterator[Callable[..., TestClient]]:
    """Build app clients whose Runtime's LLM client talks to `handler`."""
    clients: list[TestClient] = []

    def make(settings: Settings, handler: Callable[..., Any]) -> TestClient:
        runtime = Runtime(http=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
        client = TestClient(create_app(settings, runtime), raise_server_exceptions=False)
        clients.append(client.__enter__())
        return client

    yield make
    for made in clients:
        made.__exit__(None, None, None)
