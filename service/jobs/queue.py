"""The Redis task queue (SAQ): one task per article, drained by `factsheet worker` processes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import cast

import httpx2
from redis.asyncio import Redis
from saq import Job, Queue, Worker
from saq.queue.redis import RedisQueue
from saq.types import Context, PartialTimersDict
from saq.utils import cancel_tasks

from service.config import Settings
from service.jobs.reconnect import UNREACHABLE, QuietOutage, until_unreachable, wait_for_redis
from service.jobs.redis_store import RedisStore
from service.jobs.work import run_article
from service.produce import Runtime

log = logging.getLogger(__name__)
TASK = "summarise_article"


class _Queue(RedisQueue):
    """saq's Redis queue, with a short wait for a stuck article's worker to give it up."""

    async def sweep(self, lock: int = 60, abort: float = 0.5) -> list[str]:
        """Requeue articles whose worker stopped beating."""
        # saq waits `abort` s per stuck job, one after another (5 s by default): a dead
        # worker never answers, and a rare duplicate run is harmless (writes are idempotent).
        return await super().sweep(lock, abort)


def make_queue(settings: Settings) -> Queue:
    """The SAQ queue named after the key prefix, so deployments sharing a Redis stay apart."""
    if settings.redis_url is None:
        raise ValueError("FACTSHEET_REDIS_URL is not set")
    return _Queue(Redis.from_url(settings.redis_url), name=settings.redis_prefix)


async def enqueue(
    queue: Queue, settings: Settings, job_id: str, article_ids: Sequence[str]
) -> None:
    """Enqueue one task per article; the key makes a repeated enqueue a no-op."""
    tasks = [
        Job(
            function=TASK,
            kwargs={"job_id": job_id, "article_id": article_id},
            key=f"{job_id}:{article_id}",
            timeout=settings.job_timeout_s,
            # A SIGKILLed worker stops beating; the sweep then hands its article to another.
            heartbeat=settings.job_heartbeat_s,
            retries=settings.job_retries,
        )
        for article_id in article_ids
    ]
    # Concurrent round trips (saq caps them at 20 in flight): a 1,000-article job queues in
    # a fraction of a second, so workers start before the submission returns.
    for start in range(0, len(tasks), 500):
        await asyncio.gather(*(queue.enqueue(task) for task in tasks[start : start + 500]))


async def _beat(job: Job, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await job.update()


class _Worker(Worker[Context]):
    """saq's worker, without a false warning when it stops idle."""

    async def stop(self) -> None:
        """Stop; when no article runs, end the upkeep loops and dequeue waits quietly."""
        # saq waits 0 s for *every* task, its own timers and idle dequeues included, so
        # each SIGTERM logged "Some tasks did not finish" even with nothing to finish.
        self.event.set()  # no new dequeue starts from here on
        if not self.job_task_contexts:
            idle = list(self.tasks)
            self.tasks.clear()
            await cancel_tasks(idle, timeout=5)
        await super().stop()


# On SIGTERM saq cancels running articles and puts them back on the queue at once.
def make_worker(
    settings: Settings, queue: Queue, store: RedisStore, runtime: Runtime | None = None
) -> Worker[Context]:
    """A SAQ worker running up to batch_concurrency articles at once."""

    async def summarise_article(ctx: Context, *, job_id: str, article_id: str) -> None:
        beat = asyncio.create_task(_beat(ctx["job"], settings.job_heartbeat_s / 3))
        try:
            await run_article(store, settings, job_id, article_id, runtime)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat

    return _Worker(
        queue,
        functions=[(TASK, summarise_article)],
        concurrency=settings.batch_concurrency,
        # saq's PartialTimersDict inherits required keys, so mypy needs the cast.
        timers=cast(PartialTimersDict, {"sweep": settings.queue_sweep_s}),
    )


async def run_worker(settings: Settings) -> None:
    """Drain the queue until SIGINT or SIGTERM; raise StoreUnavailable when Redis stays down.

    Redis going away stops the SAQ worker (its articles go back to the queue through the
    heartbeat sweep) and the process waits for Redis with backoff, one log line per retry.
    """
    if settings.redis_url is None:
        raise ValueError("FACTSHEET_REDIS_URL is not set")
    logging.getLogger("saq").addFilter(QuietOutage())
    store = RedisStore.from_url(settings.redis_url, settings.redis_prefix)
    # One LLM HTTP client per worker process: pooled connections, not one per article.
    http = httpx2.AsyncClient()
    try:
        while True:
            await wait_for_redis(store.ping, settings.worker_redis_wait_s)
            if await _drain(settings, store, Runtime(http=http)):
                return
    finally:
        await http.aclose()
        await store.close()


async def _drain(settings: Settings, store: RedisStore, runtime: Runtime) -> bool:
    """Run a SAQ worker until it stops (True) or Redis stops answering (False)."""
    queue = make_queue(settings)
    await queue.connect()
    worker = make_worker(settings, queue, store, runtime)
    log.info("worker draining queue %r", settings.redis_prefix)
    running = asyncio.create_task(worker.start())
    watching = asyncio.create_task(until_unreachable(store.ping))
    try:
        await asyncio.wait({running, watching}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            running.result()
            return True
        await worker.stop()
        with contextlib.suppress(Exception):
            await running
        return False
    finally:
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching
        with contextlib.suppress(*UNREACHABLE):
            await queue.disconnect()
