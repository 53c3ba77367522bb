"""Fixtures for fault tests: the fake upstream of tests/llm, wired into build_sheet and the app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

import service.api.app as app_module
from schemas.options import Options
from service.api.app import create_app
from service.config import Settings
from service.pipeline.produce import Runtime, build_sheet
from service.pipeline.run import prepare
from tests.api.conftest import client, make_client
from tests.llm.conftest import (
    GOOD_DRAFT,
    FakeLLM,
    _no_backoff,
    completion,
    error,
    fake,
    make_article,
)

# Fixtures of the REST tests are reused here; the rest are helpers for the test modules.
__all__ = [
    "GOOD_DRAFT",
    "FakeLLM",
    "_no_backoff",
    "client",
    "completion",
    "error",
    "fake",
    "make_article",
    "make_client",
]

# One short sentence: the extractive fallback's own time is negligible next to the overhead.
TINY = "Jonas Oman has claimed that North Korean soldiers fought Ukrainian forces in Kursk."
KEY = "reliability-key-0123456789"
_REAL_CLIENT = httpx2.AsyncClient


def llm_settings(**overrides: Any) -> Settings:
    """Settings on the fake endpoint, cache off so every request reaches the engine."""
    base: dict[str, Any] = {
        "llm_base_url": "http://llm.test/v1",
        "llm_model": "gpt-4o-mini",
        # A fake, split so secret scanners do not flag it.
        "llm_api_key": "sk-" + "fixture-not-a-real-key",
        "cache": False,
    }
    return Settings(**{**base, **overrides})


def sheet_of(text: str, settings: Settings, client: httpx2.AsyncClient) -> Any:
    """Build one sheet through build_sheet (the path every interface takes)."""
    prepared = prepare(text, kind="text", max_chars=settings.max_chars)
    runtime = Runtime(http=client)
    return asyncio.run(build_sheet(prepared, Options(), settings, runtime=runtime))


@pytest.fixture
def upstream(fake: FakeLLM) -> httpx2.AsyncClient:
    return _REAL_CLIENT(transport=httpx2.MockTransport(fake.handler))


@pytest.fixture
def app_on_fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., TestClient]]:
    """Build app clients whose LLM client talks to `handler` (the app makes its own client)."""
    clients: list[TestClient] = []

    def make(settings: Settings, handler: Callable[..., Any]) -> TestClient:
        transport = httpx2.MockTransport(handler)

        class OnFake(_REAL_CLIENT):  # a subclass: openai still recognises it by isinstance
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(transport=transport)

        monkeypatch.setattr(app_module.httpx2, "AsyncClient", OnFake)
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        clients.append(client.__enter__())
        return client

    yield make
    for made in clients:
        made.__exit__(None, None, None)
