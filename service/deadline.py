"""The per-request deadline: `within` cuts a request's work and tells the LLM budget.

Interfaces (REST, Slack) wrap a request in `within`; the LLM engine's guard reads
REQUEST_DEADLINE so that its budget ends early enough for the fallback to fit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import TypeVar

from service.errors import DeadlineExceeded

T = TypeVar("T")
# The absolute event-loop time a caller must answer by, if any.
REQUEST_DEADLINE: ContextVar[float | None] = ContextVar("factsheet_deadline", default=None)


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """Await `awaitable`, raising DeadlineExceeded once `seconds` have passed.

    Async work (LLM calls) is cancelled; CPU work already handed to a thread cannot be,
    so it runs to completion in the background and its result is dropped.
    """
    timeout = asyncio.timeout(seconds)
    token = REQUEST_DEADLINE.set(asyncio.get_running_loop().time() + seconds)
    try:
        async with timeout:
            return await awaitable
    except TimeoutError as exc:
        # A TimeoutError raised inside the work (a socket, say) is not ours to relabel.
        if not timeout.expired():
            raise
        raise DeadlineExceeded(f"no result within {seconds:g} s") from exc
    finally:
        REQUEST_DEADLINE.reset(token)
