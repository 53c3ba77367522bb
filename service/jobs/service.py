"""The jobs service the API uses: a store plus what delivers its articles to workers."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence

from saq import Queue

from schemas.options import Options
from service.config import Settings
from service.jobs.embedded import EmbeddedWorker
from service.jobs.queue import enqueue, make_queue
from service.jobs.reconnect import PING_TIMEOUT_S, UNREACHABLE, store_errors
from service.jobs.records import BadLine, Item
from service.jobs.redis_store import RedisStore
from service.jobs.sqlite_store import SqliteStore
from service.jobs.store import JobStatus, JobStore
from service.produce import Runtime


class Jobs:
    """Submit, inspect and cancel batch jobs; embedded (SQLite) or Redis per the settings."""

    def __init__(self, settings: Settings, runtime: Runtime) -> None:
        self.settings = settings
        self.runtime = runtime
        self._store: JobStore | None = None
        self._queue: Queue | None = None
        self._worker: EmbeddedWorker | None = None

    @property
    def store(self) -> JobStore:
        """The job store; opened by start()."""
        if self._store is None:
            raise RuntimeError("the jobs service is not started")
        return self._store

    async def start(self) -> None:
        """Open the store; connect the queue, or start the in-process worker (which resumes)."""
        # Opened here, not in __init__, so building the app touches no file and no socket.
        if self.settings.redis_url is not None:
            self._store = RedisStore.from_url(self.settings.redis_url, self.settings.redis_prefix)
            self._queue = make_queue(self.settings)
            await self._queue.connect()
        else:
            sqlite = SqliteStore(self.settings.data_dir / "jobs.sqlite3")
            self._store = sqlite
            self._worker = EmbeddedWorker(sqlite, self.settings, self.runtime)
            self._worker.start()

    async def stop(self) -> None:
        """Stop the in-process worker and close connections."""
        if self._worker is not None:
            await self._worker.stop()
        # A store that went away cannot be closed cleanly; shutting down must not fail for it.
        with contextlib.suppress(*UNREACHABLE):
            if self._queue is not None:
                await self._queue.disconnect()
        with contextlib.suppress(*UNREACHABLE):
            if self._store is not None:
                await self._store.close()

    async def submit(self, entries: Sequence[Item | BadLine], options: Options) -> JobStatus:
        """Store a new job and hand its articles to the workers."""
        job_id = uuid.uuid4().hex
        with store_errors():
            article_ids = await self.store.create(job_id, entries, options)
            if self._queue is not None:
                await enqueue(self._queue, self.settings, job_id, article_ids)
            if self._worker is not None:
                self._worker.wake()
            return await self.store.status(job_id)

    async def status(self, job_id: str) -> JobStatus:
        """The job's status; raises JobNotFound (StoreUnavailable when the store is down)."""
        with store_errors():
            return await self.store.status(job_id)

    async def ping(self) -> bool:
        """True when the store answers within PING_TIMEOUT_S (always, for the SQLite file)."""
        if not isinstance(self._store, RedisStore):
            return self._store is not None
        try:
            async with asyncio.timeout(PING_TIMEOUT_S):
                await self._store.ping()
        except UNREACHABLE:
            return False
        return True

    def results(self, job_id: str) -> AsyncIterator[bytes]:
        """The job's result lines so far."""
        return self.store.results(job_id)

    async def depth(self) -> int:
        """Articles queued or running: the batch queue depth /metrics reports."""
        if self._queue is not None:
            with store_errors():
                return await self._queue.count("incomplete")
        if isinstance(self._store, SqliteStore):
            return await self._store.pending_count()
        return 0

    async def cancel(self, job_id: str) -> JobStatus:
        """Cancel the job's remaining articles; raises JobNotFound."""
        with store_errors():
            return await self.store.cancel(job_id)
