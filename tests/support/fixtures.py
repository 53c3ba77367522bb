"""Fixtures every test package may use, registered by the root conftest (pytest_plugins)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import openai._base_client
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.pipeline.types import Sentence
from service.produce import Runtime
from tests.support.mock_llm import ARTICLE, FakeLLM, make_article


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    # openai sleeps 0.5 s and more between retries; the tests need the count, not the wait.
    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.0)


@pytest.fixture
def fake() -> FakeLLM:
    """A scripted fake LLM endpoint (tests/support/mock_llm.py)."""
    return FakeLLM()


@pytest.fixture
def upstream(fake: FakeLLM) -> httpx2.AsyncClient:
    """An HTTP client whose every request reaches `fake`."""
    return httpx2.AsyncClient(transport=httpx2.MockTransport(fake.handler))


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
    """A client of an app on default settings."""
    return make_client()


@pytest.fixture
def http_client(upstream: httpx2.AsyncClient) -> httpx2.AsyncClient:
    """The LLM tests' name for `upstream`."""
    return upstream


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("OPENAI_API_KEY", "FACTSHEET_LLM_API_KEY", "FACTSHEET_LLM_PRICES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FACTSHEET_LLM_API_KEY", "sk-fixture")
    return Settings(llm_base_url="http://llm.test/v1", llm_model="gpt-4o-mini")


@pytest.fixture
def article() -> tuple[str, list[Sentence]]:
    return make_article(ARTICLE)
