"""schemathesis against the app's own OpenAPI document, in-process, with a fake LLM.

Every operation is fuzzed from its schema (bounded for CI). Checks: no 5xx, every status
returned is documented, content types and bodies match what the document says.
The fake LLM (tests/support/fake_llm.py) answers with grounded drafts, so requests reach the LLM
engine; URL inputs go through the real URL policy but never reach the network.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.api.app import create_app
from service.config import Settings
from service.fetch import Fetched, fetch_url
from service.produce import Runtime
from tests.support.fake_llm import FakeLLM

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FAKE = FakeLLM()


# Batch jobs keep their SQLite store here, not in the working tree.
DATA_DIR = tempfile.TemporaryDirectory(prefix="factsheet-schemathesis-")


def api_settings() -> Settings:
    return Settings(
        llm_base_url="http://schemathesis-llm.test/v1",  # its own circuit breaker
        llm_model="fake-llm",
        llm_http_retries=0,
        cache=False,
        deadline_s=30,
        data_dir=Path(DATA_DIR.name),
        # Off, or one client (schemathesis) gets mostly 429s and the pipeline goes untested.
        rate_limit_per_minute=0,
    )


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: Any, value: Any) -> bytes:
    """POST /v1/batches takes JSONL: one generated JSON value per line."""
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item) + "\n" for item in items).encode()


async def _no_dns(host: str, port: int) -> list[str]:
    raise OSError("name resolution is disabled in this test")


async def _offline_fetch(url: str, settings: Settings) -> Fetched:
    """URLs stop after parsing and the address policy: name resolution always fails."""
    return await fetch_url(url, settings=settings, resolver=_no_dns)


def offline_runtime(fake: FakeLLM) -> Runtime:
    """No test traffic leaves the process: the LLM is the fake, URLs resolve nowhere."""
    return Runtime(http=httpx2.AsyncClient(transport=fake.transport()), fetch=_offline_fetch)


@pytest.fixture(scope="module", autouse=True)
def stop_app() -> Iterator[None]:
    """Stop the app (its batch worker may still hold generated articles) after the module."""
    yield
    asgi.shutdown_lifespans()


# Loaded at import: schemathesis' lazy `from_fixture` loader reads `node._nodeid`, which
# pytest 9 no longer has. Loading starts the app's lifespan (kept until `stop_app` ends).
APP = create_app(api_settings(), offline_runtime(FAKE))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_only_documented_non_5xx_responses(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_fake_llm_behind_the_app_serves_grounded_drafts() -> None:
    # The schemathesis run is only meaningful if the app really reaches the fake.
    app = create_app(api_settings(), offline_runtime(FakeLLM()))
    with TestClient(app) as client:
        text = "The mayor said the bridge will reopen in May. Officials have not confirmed it."
        response = client.post("/v1/factsheets", json={"text": text})
    assert response.status_code == 200, response.text
    sheet = response.json()
    assert sheet["engine"]["name"] == "llm" and not sheet["engine"]["degraded"]
    assert sheet["claims"][0]["content"]["text"] == "The mayor said the bridge will"
