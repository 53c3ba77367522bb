"""The Redis job store against a real server: idempotent writes, counts, cancel, results."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from schemas.options import Options
from service.errors import JobNotFound
from service.jobs.records import BadLine, Item, error_record
from service.jobs.redis_store import RedisStore


async def _collect(lines: AsyncIterator[bytes]) -> list[dict]:
    return [json.loads(line) async for line in lines]


def test_second_delivery_of_an_article_writes_nothing(redis_url: str, prefix: str) -> None:
    async def scenario() -> None:
        store = RedisStore.from_url(redis_url, prefix)
        entries = [Item(id="a", text="x"), Item(id="b", text="y"), BadLine(3, "invalid JSON")]
        try:
            assert await store.create("j1", entries, Options()) == ["a", "b"]
            assert await store.write("j1", "a", b'{"id":"a","factsheet":{}}\n', ok=True)
            assert not await store.write("j1", "a", error_record("a", "X", "late"), ok=False)
            assert await store.task("j1", "a") is None  # done: a redelivery is skipped
            assert await store.task("j1", "b") is not None
            status = await store.status("j1")
            assert (status.total, status.done, status.succeeded, status.failed) == (3, 2, 1, 1)
            assert status.status == "running"
            ids = [r["id"] for r in await _collect(store.results("j1"))]
            assert ids == ["line:3", "a"]
        finally:
            await store.close()

    asyncio.run(scenario())


def test_cancelled_job_hands_out_no_more_articles(redis_url: str, prefix: str) -> None:
    async def scenario() -> None:
        store = RedisStore.from_url(redis_url, prefix)
        try:
            await store.create("j2", [Item(id="a", text="x")], Options())
            assert (await store.cancel("j2")).status == "cancelled"
            assert await store.task("j2", "a") is None
            with pytest.raises(JobNotFound):
                await store.status("nope")
        finally:
            await store.close()

    asyncio.run(scenario())
