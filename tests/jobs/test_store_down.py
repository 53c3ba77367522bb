"""With Redis unreachable: honest /readyz, 503 + Retry-After on submit, a worker that backs off."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.errors import StoreUnavailable
from service.jobs import reconnect

REPO = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def down_url() -> str:
    return f"redis://127.0.0.1:{_closed_port()}/0"


@pytest.fixture
def down_client(down_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(redis_url=down_url, data_dir=tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_readyz_is_503_when_the_job_store_is_down(down_client: TestClient) -> None:
    response = down_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["jobs"] == "failed"


def test_readyz_reports_the_embedded_store_ok(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        assert client.get("/readyz").json()["checks"]["jobs"] == "ok"


def test_submit_is_503_with_retry_after_and_no_traceback(
    down_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = down_client.post("/v1/batches", content=b'{"id": "a", "text": "Hello."}\n')
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["type"] == "urn:factsheet:problem:store-unavailable"
    assert not [r for r in caplog.records if r.exc_info]


def test_waiting_logs_one_line_per_retry_then_gives_up(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]

    async def ping() -> None:
        raise ConnectionRefusedError("refused")

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    with caplog.at_level(logging.INFO, logger=reconnect.log.name), pytest.raises(StoreUnavailable):
        asyncio.run(reconnect.wait_for_redis(ping, 10.0, sleep=sleep, clock=lambda: now[0]))
    retries = [r for r in caplog.records if "retry" in r.getMessage()]
    # Backoff 0.5, 1, 2, 4, then the 2.5 s left: five retries, then one line giving up.
    assert [r.getMessage().split(" in ")[1].split(" s")[0] for r in retries] == [
        "0.5",
        "1.0",
        "2.0",
        "4.0",
        "2.5",
    ]
    assert len(caplog.records) == len(retries) + 1
    assert not [r for r in caplog.records if r.exc_info]


def test_waiting_returns_once_redis_answers() -> None:
    answers = iter([ConnectionRefusedError(), ConnectionRefusedError(), None])

    async def ping() -> None:
        error = next(answers)
        if error is not None:
            raise error

    async def sleep(_: float) -> None:
        return None

    asyncio.run(reconnect.wait_for_redis(ping, 60.0, sleep=sleep))
    assert next(answers, "spent") == "spent"


def test_worker_exits_non_zero_after_the_configured_wait(down_url: str) -> None:
    env = {
        **os.environ,
        "FACTSHEET_REDIS_URL": down_url,
        "FACTSHEET_WORKER_REDIS_WAIT_S": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "worker"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # one line, like every command error
    assert "error: store-unavailable:" in done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if "redis unreachable" in line]
    # 0.5 + 1 s of backoff, then the 0.5 s left: three retries and the line giving up.
    assert 2 <= len(lines) <= 6
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: store-unavailable: redis unreachable")


def test_the_watchdog_returns_when_a_ping_fails() -> None:
    answers = iter([None, None, ConnectionRefusedError()])

    async def ping() -> None:
        error = next(answers)
        if error is not None:
            raise error

    assert asyncio.run(reconnect.until_unreachable(ping, every=0.01)) == "ConnectionRefusedError"


def test_saq_tracebacks_for_a_down_redis_are_dropped_and_others_kept() -> None:
    quiet = reconnect.QuietOutage()

    def record(exc: BaseException) -> logging.LogRecord:
        return logging.LogRecord(
            "saq", logging.ERROR, "x", 1, "failed", None, (type(exc), exc, None)
        )

    assert not quiet.filter(record(ConnectionRefusedError()))
    assert quiet.filter(record(ValueError("a real bug")))
