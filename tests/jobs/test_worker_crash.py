"""A SIGKILLed worker loses nothing: its articles are redelivered and written exactly once."""

from __future__ import annotations

import asyncio
import json
import signal
import time

from schemas.options import Options
from service.config import Settings
from service.jobs.records import Item
from service.jobs.service import Jobs
from service.jobs.store import JobStatus
from service.produce import Runtime
from tests.jobs.conftest import spawn

ARTICLES = 200


def _settings(redis_url: str, prefix: str) -> tuple[Settings, dict[str, str]]:
    env = {
        "FACTSHEET_REDIS_URL": redis_url,
        "FACTSHEET_REDIS_PREFIX": prefix,
        "FACTSHEET_BATCH_CONCURRENCY": "5",
        # Short enough that the killed worker's articles come back within the test.
        "FACTSHEET_JOB_HEARTBEAT_S": "2",
        "FACTSHEET_QUEUE_SWEEP_S": "1",
        "FACTSHEET_JOB_RETRIES": "5",
        "FAKE_LLM_LATENCY_MS": "150",
    }
    # The submitter sets each task's heartbeat and retries, so it needs the short values too.
    settings = Settings(redis_url=redis_url, redis_prefix=prefix, job_heartbeat_s=2, job_retries=5)
    return settings, env


async def _submit(settings: Settings) -> str:
    jobs = Jobs(settings, Runtime())
    await jobs.start()
    try:
        items = [Item(id=f"a{n}", text=f"Article {n} says things.") for n in range(ARTICLES)]
        status = await jobs.submit(items, Options(engine="extractive"))
        return status.id
    finally:
        await jobs.stop()


async def _read(settings: Settings, job_id: str) -> tuple[JobStatus, list[bytes]]:
    jobs = Jobs(settings, Runtime())
    await jobs.start()
    try:
        status = await jobs.status(job_id)
        return status, [line async for line in jobs.results(job_id)]
    finally:
        await jobs.stop()


def _wait(settings: Settings, job_id: str, done: int, timeout: float) -> JobStatus:
    deadline = time.monotonic() + timeout
    while True:
        status, _ = asyncio.run(_read(settings, job_id))
        if status.done >= done or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


def test_killed_worker_articles_are_redone_and_each_id_has_one_result(
    redis_url: str, prefix: str
) -> None:
    settings, env = _settings(redis_url, prefix)
    job_id = asyncio.run(_submit(settings))
    workers = [spawn(["worker"], env), spawn(["worker"], env)]
    try:
        halfway = _wait(settings, job_id, ARTICLES // 2, timeout=60)
        assert halfway.done >= ARTICLES // 2, halfway
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        workers.append(spawn(["worker"], env))
        final = _wait(settings, job_id, ARTICLES, timeout=90)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    status, lines = asyncio.run(_read(settings, job_id))
    ids = [json.loads(line)["id"] for line in lines]
    assert final.status == "done", final
    assert sorted(ids) == sorted(f"a{n}" for n in range(ARTICLES))
    assert len(ids) == len(set(ids)) == ARTICLES
    assert (status.total, status.done, status.succeeded, status.failed) == (200, 200, 200, 0)
