"""The bounded CPU pool: saturation is refused at once and shows in /readyz, not /healthz."""

from __future__ import annotations

import asyncio
import importlib.util
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.cpu import CpuPool
from service.errors import Saturated

BENCH = Path(__file__).resolve().parent.parent / "bench" / "pathological.py"


def _blocker(gate: threading.Event) -> str:
    gate.wait(10)
    return "done"


def test_a_full_pool_refuses_at_once_and_recovers() -> None:
    async def scenario() -> None:
        pool, gate = CpuPool(1, 1), threading.Event()
        running = asyncio.ensure_future(pool.run(_blocker, gate))
        queued = asyncio.ensure_future(pool.run(_blocker, gate))
        await asyncio.sleep(0.05)
        assert pool.saturated
        with pytest.raises(Saturated):
            await pool.run(_blocker, gate)
        gate.set()
        assert await running == await queued == "done"
        assert not pool.saturated and pool.admitted == 0
        pool.close()

    asyncio.run(scenario())


def test_a_cancelled_task_keeps_its_slot_only_while_its_thread_works() -> None:
    async def scenario() -> None:
        pool, gate = CpuPool(1, 1), threading.Event()
        running = asyncio.ensure_future(pool.run(_blocker, gate))
        queued = asyncio.ensure_future(pool.run(_blocker, gate))
        await asyncio.sleep(0.05)
        running.cancel()
        queued.cancel()
        await asyncio.sleep(0.05)
        assert pool.admitted == 1  # the queued task left; the running thread still works
        gate.set()
        for _ in range(100):
            if pool.admitted == 0:
                break
            await asyncio.sleep(0.01)
        assert pool.admitted == 0
        pool.close()

    asyncio.run(scenario())


@pytest.fixture
def busy_client(tmp_path: Path) -> Iterator[tuple[TestClient, threading.Event]]:
    app = create_app(Settings(cpu_workers=1, cpu_queue=0, data_dir=tmp_path))
    gate = threading.Event()
    with TestClient(app, raise_server_exceptions=False) as client:
        client.portal.start_task_soon(app.state.runtime.cpu.run, _blocker, gate)  # type: ignore[union-attr]
        for _ in range(100):
            if app.state.runtime.cpu.saturated:
                break
            time.sleep(0.01)
        yield client, gate
        gate.set()


def test_readyz_says_not_ready_while_saturated_and_healthz_stays_alive(
    busy_client: tuple[TestClient, threading.Event],
) -> None:
    client, gate = busy_client
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cpu"] == "saturated"
    assert client.get("/healthz").status_code == 200
    gate.set()
    time.sleep(0.1)
    assert client.get("/readyz").status_code == 200


def test_a_request_meeting_a_full_pool_gets_503_with_retry_after(
    busy_client: tuple[TestClient, threading.Event],
) -> None:
    client, _ = busy_client
    response = client.post("/v1/factsheets", json={"text": "The mayor said it was fine."})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.json()["type"] == "urn:factsheet:problem:saturated"


def _pathological(name: str, size: int) -> str:
    spec = importlib.util.spec_from_file_location("pathological", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.INPUTS[name](size)
    return text


def test_pathological_requests_do_not_hold_up_a_small_one(tmp_path: Path) -> None:
    # Issue 12: six 15 KB "said said ..." requests made a tiny request wait 60 s for a 504.
    heavy = [_pathological(n, 50_000) for n in ("said_repeated", "nested_quotes")] * 3
    app = create_app(Settings(cpu_workers=2, data_dir=tmp_path, deadline_s=30))

    async def scenario() -> float:
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client,
        ):
            load = [client.post("/v1/factsheets", json={"text": t}) for t in heavy]
            tasks = [asyncio.ensure_future(call) for call in load]
            await asyncio.sleep(0.05)
            start = time.perf_counter()
            small = await client.post("/v1/factsheets", json={"text": "The mayor said so."})
            waited = time.perf_counter() - start
            assert small.status_code == 200
            assert {r.status_code for r in await asyncio.gather(*tasks)} == {200}
            return waited

    assert asyncio.run(scenario()) < 3.0
