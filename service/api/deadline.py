"""The per-request deadline, turned into a DeadlineExceeded the problem handler maps to 504."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from service.engines.llm.guard import REQUEST_DEADLINE
from service.errors import DeadlineExceeded

T = TypeVar("T")


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """Await `awaitable`, raising DeadlineExceeded once `seconds` have passed.

    Async work (LLM calls) is cancelled; CPU work already handed to a thread cannot be,
    so it runs to completion in the background and its result is dropped.
    """
    timeout = asyncio.timeout(seconds)
    # The LLM budget inside (engines/llm/guard.py) ends early enough for the fallback to fit.
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
