"""The bounded pool the API runs CPU-bound stages in, and how it tells a saturated service.

`workers` threads run the deterministic stages (ingest, segment, cues, the extractive
engine); at most `queue` more tasks wait for one. A request arriving when both are full
gets Saturated (503 with Retry-After) at once instead of waiting behind work it cannot
overtake, and /readyz answers 503 while that lasts (/healthz stays 200: the process is
alive). A slot is freed when the thread's work ends, not when its request gives up, so
the count is what the CPU really has in hand. Every stage is linear in the article
length (bench/pathological.py), so no task outlives its request's deadline by much.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from service.errors import Saturated

P = ParamSpec("P")
T = TypeVar("T")


class CpuPool:
    """A fixed number of worker threads and a bounded queue in front of them."""

    def __init__(self, workers: int, queue: int) -> None:
        self.workers = workers
        self.limit = workers + queue
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="factsheet-cpu")
        self._lock = threading.Lock()
        self._admitted = 0

    @property
    def admitted(self) -> int:
        """Tasks running or waiting."""
        return self._admitted

    @property
    def saturated(self) -> bool:
        """True while every worker is busy and the queue is full."""
        return self._admitted >= self.limit

    def _release(self, _: Future[Any]) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn`` in a worker thread (in this context: log request ids carry over)."""
        with self._lock:
            if self._admitted >= self.limit:
                raise Saturated(
                    f"all {self.workers} CPU workers are busy and {self.limit - self.workers} "
                    "tasks wait"
                )
            self._admitted += 1
        context = contextvars.copy_context()
        try:
            future = self._executor.submit(functools.partial(context.run, fn, *args, **kwargs))
        except BaseException:
            self._release(Future())
            raise
        future.add_done_callback(self._release)
        # Cancelling this await (the deadline) cancels a task still in the queue; a running
        # one finishes in its thread and keeps its slot until then.
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop taking work; let running tasks finish in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)
