"""POST /v1/batches: its body is in the OpenAPI document, with the size cap it enforces."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.jobs.records import parse_object


def _app(tmp_path: Path, **overrides: Any) -> TestClient:
    settings = Settings(data_dir=tmp_path, redis_url=None, **overrides)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _request_body(client: TestClient) -> dict[str, Any]:
    document = client.get("/openapi.json").json()
    body: dict[str, Any] = document["paths"]["/v1/batches"]["post"]["requestBody"]
    return body


def test_batch_request_body_is_documented_with_a_schema_per_media_type(tmp_path: Path) -> None:
    body = _request_body(_app(tmp_path))
    assert body["required"] is True
    listed = body["content"]["application/json"]["schema"]
    assert listed["type"] == "array"
    assert {"id", "text", "html", "url", "title"} <= set(listed["items"]["properties"])
    assert listed["items"]["required"] == ["id"]
    assert body["content"]["application/x-ndjson"]["schema"]["type"] == "string"


def test_documented_example_is_a_valid_batch_article(tmp_path: Path) -> None:
    example = _request_body(_app(tmp_path))["content"]["application/json"]["example"]
    assert all(not hasattr(parse_object(item, 1), "message") for item in example)


def test_documented_cap_is_the_configured_body_limit(tmp_path: Path) -> None:
    body = _request_body(_app(tmp_path, max_body_bytes=5_000))
    assert "At most 5,000 bytes" in body["description"]
    assert body["content"]["application/x-ndjson"]["schema"]["maxLength"] == 5_000


def test_batch_over_the_body_cap_is_a_413_problem(tmp_path: Path) -> None:
    client = _app(tmp_path, max_body_bytes=5_000)
    line = json.dumps({"id": "a", "text": "x" * 6_000}).encode()
    with client:
        response = client.post("/v1/batches", content=line)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
