"""Fixtures for the jobs tests: a real Redis (skipped without one) and the fake engine."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import REDIS_URL
from tests.support.engines import fake_engines

REPO = Path(__file__).resolve().parents[2]
FAKE = REPO / "bench" / "fake_engine.py"


@pytest.fixture
def redis_url() -> str:
    url = REDIS_URL
    if not url:
        pytest.skip("FACTSHEET_REDIS_URL is not set: the queue tests need a real Redis server")
    return url


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    for pattern in (f"{name}:*", f"saq:{name}:*", f"saq:job:{name}:*"):
        keys = list(client.scan_iter(pattern, count=1000))
        if keys:
            client.delete(*keys)
    client.close()


@pytest.fixture
def fake_produce(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runtimes built in the test draft with an empty fake engine answering at once."""
    fake_engines(monkeypatch)


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start `factsheet ARGS` with the fake engine in a subprocess."""
    return subprocess.Popen(
        [sys.executable, str(FAKE), *args],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
