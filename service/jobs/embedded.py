"""The in-process worker of the embedded mode: runs pending SQLite articles inside `serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from service.config import Settings
from service.jobs.sqlite_store import SqliteStore
from service.jobs.work import run_article
from service.produce import Runtime

log = logging.getLogger(__name__)


class EmbeddedWorker:
    """Polls the store for articles without a result and runs them, bounded by a semaphore."""

    def __init__(
        self, store: SqliteStore, settings: Settings, runtime: Runtime, idle_s: float = 1.0
    ) -> None:
        self._store = store
        self._settings = settings
        self._idle_s = idle_s
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(settings.batch_concurrency)
        self._running: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._loop: asyncio.Task[None] | None = None
        # The app's Runtime: its pooled HTTP client, breakers, cache and metrics.
        self._runtime = runtime

    def start(self) -> None:
        """Start the polling loop; articles left pending by a restart are picked up first."""
        self._loop = asyncio.create_task(self._run())

    def wake(self) -> None:
        """Look for work now (called after a submission) instead of at the next poll."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop polling and cancel running articles; they stay pending for the next start."""
        tasks = [t for t in (self._loop, *self._running.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        limit = self._settings.batch_concurrency * 2
        while True:
            found = await self._store.pending(limit + len(self._running))
            fresh = [key for key in found if key not in self._running]
            for key in fresh:
                await self._slots.acquire()
                self._running[key] = asyncio.create_task(self._one(*key))
            if not fresh:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._idle_s)

    async def _one(self, job_id: str, article_id: str) -> None:
        try:
            await run_article(self._store, self._settings, job_id, article_id, self._runtime)
            self._wake.set()  # a slot is free: look for more now
        except Exception:  # a store error must not kill the loop; the article stays pending
            log.exception("article %s/%s failed to run", job_id, article_id)
        finally:
            self._slots.release()
            self._running.pop((job_id, article_id), None)
