"""Fixtures for fault tests: the fake upstream of tests/llm, wired into build_sheet and the app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from schemas.options import Options
from service.api.app import create_app
from service.config import Settings
from service.pipeline.prepare import prepare
from service.produce import Runtime, build_sheet
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


def sheet_of(text: str, settings: Settings, upstream: httpx2.AsyncClient | Runtime) -> Any:
    """Build one sheet through build_sheet (the path every interface takes)."""
    prepared = prepare(text, kind="text", max_chars=settings.max_chars)
    runtime = upstream if isinstance(upstream, Runtime) else Runtime(http=upstream)
    return asyncio.run(build_sheet(prepared, Options(), settings, runtime=runtime))


@pytest.fixture
def upstream(fake: FakeLLM) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=httpx2.MockTransport(fake.handler))


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
