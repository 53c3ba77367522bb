"""Embedded mode: the jobs router with SQLite and the in-process worker, no Redis."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from schemas.options import Options
from service.api.app import create_app
from service.config import Settings
from service.errors import EmptyInput, JobNotFound
from service.jobs.records import Item
from service.jobs.sqlite_store import SqliteStore
from tests.support.engines import fake_engines


def _client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path, redis_url=None)))


def _wait_done(client: TestClient, location: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        status = client.get(location).json()
        if status["status"] == "done":
            return status
        time.sleep(0.05)
    raise AssertionError(f"job never finished: {status}")


@pytest.mark.usefixtures("fake_produce")
def test_submitted_jsonl_job_completes_with_the_in_process_worker(tmp_path: Path) -> None:
    body = "\n".join(
        [json.dumps({"id": f"a{n}", "text": f"Article {n}."}) for n in range(30)] + ["{bad"]
    )
    with _client(tmp_path) as client:
        created = client.post("/v1/batches", content=body)
        assert created.status_code == 202
        location = created.headers["location"]
        assert location == f"/v1/batches/{created.json()['id']}"
        status = _wait_done(client, location)
        assert (status["total"], status["succeeded"], status["failed"]) == (31, 30, 1)
        results = client.get(f"{location}/results")
        assert results.headers["content-type"].startswith("application/x-ndjson")
        ids = [json.loads(line)["id"] for line in results.text.splitlines()]
        assert sorted(ids) == sorted([f"a{n}" for n in range(30)] + ["line:31"])


@pytest.mark.usefixtures("fake_produce")
def test_json_list_body_is_accepted(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        created = client.post("/v1/batches", json=[{"id": "x", "text": "Police said so."}])
        assert _wait_done(client, created.headers["location"])["succeeded"] == 1


def test_empty_batch_is_refused(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        response = client.post("/v1/batches", content=b"\n\n")
    assert response.status_code == 422
    assert response.json()["type"] == f"urn:factsheet:problem:{EmptyInput.slug}"


def test_unknown_job_is_404_job_not_found(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        response = client.get("/v1/batches/missing")
    assert response.status_code == 404
    assert response.json()["type"] == f"urn:factsheet:problem:{JobNotFound.slug}"


def test_cancel_marks_the_job_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_engines(monkeypatch, delay_s=5.0)  # never finishes
    with _client(tmp_path) as client:
        created = client.post("/v1/batches", json=[{"id": "x", "text": "Slow."}])
        cancelled = client.delete(created.headers["location"])
        assert cancelled.json()["status"] == "cancelled"


@pytest.mark.usefixtures("fake_produce")
def test_pending_articles_survive_a_restart(tmp_path: Path) -> None:
    import asyncio

    async def submit_without_worker() -> str:
        store = SqliteStore(tmp_path / "jobs.sqlite3")
        await store.create("j", [Item(id="a", text="Left behind.")], Options())
        await store.close()
        return "j"

    job_id = asyncio.run(submit_without_worker())
    with _client(tmp_path) as client:  # a new process: the worker finds the pending article
        assert _wait_done(client, f"/v1/batches/{job_id}")["succeeded"] == 1


def test_queue_depth_counts_articles_without_a_result(tmp_path: Path) -> None:
    async def scenario() -> list[int]:
        store = SqliteStore(tmp_path / "jobs.sqlite3")
        items = [Item(id=f"a{n}", text="Some text.") for n in range(3)]
        await store.create("job1", items, Options())
        before = await store.pending_count()
        await store.write("job1", "a0", b'{"id": "a0"}\n', ok=True)
        after = await store.pending_count()
        await store.close()
        return [before, after]

    assert asyncio.run(scenario()) == [3, 2]
