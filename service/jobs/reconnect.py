"""A worker's link to Redis: wait for it with backoff, notice when it goes, give up in time.

While Redis is down a worker logs one line per retry (not a traceback per poll) and,
after FACTSHEET_WORKER_REDIS_WAIT_S without an answer, raises StoreUnavailable so the
process exits non-zero and its supervisor can act.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from service.errors import StoreUnavailable

log = logging.getLogger(__name__)
# What an unreachable Redis raises: its own connection and timeout errors, or a socket's.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)
PING_TIMEOUT_S = 2.0
Ping = Callable[[], Awaitable[object]]
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0
WATCH_EVERY_S = 1.0


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn an unreachable store into StoreUnavailable (a 503 with Retry-After, no traceback)."""
    try:
        yield
    except UNREACHABLE as exc:
        raise StoreUnavailable(f"the job store is unreachable ({type(exc).__name__})") from None


async def _answers(ping: Ping) -> str | None:
    """None when the ping succeeds, else the name of the error."""
    try:
        async with asyncio.timeout(PING_TIMEOUT_S):
            await ping()
    except UNREACHABLE as exc:
        return type(exc).__name__
    return None


async def wait_for_redis(
    ping: Ping,
    give_up_after: float,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Return once ``ping`` succeeds; back off (one log line per retry) and raise
    StoreUnavailable once ``give_up_after`` seconds have passed without an answer."""
    started, delay, attempt = clock(), FIRST_DELAY_S, 0
    while (error := await _answers(ping)) is not None:
        attempt += 1
        waited = clock() - started
        if waited >= give_up_after:
            log.error("redis unreachable for %.0f s (%s): giving up", waited, error)
            raise StoreUnavailable(f"redis unreachable for {waited:.0f} s")
        wait = min(delay, give_up_after - waited)
        log.warning(
            "redis unreachable (%s): retry %d in %.1f s, giving up after %g s",
            error,
            attempt,
            wait,
            give_up_after,
        )
        await sleep(wait)
        delay = min(delay * 2, MAX_DELAY_S)
    if attempt:
        log.info("redis reachable again after %d retries", attempt)


async def until_unreachable(ping: Ping, every: float = WATCH_EVERY_S) -> str:
    """Ping every ``every`` seconds; return the error's name once a ping fails."""
    while (error := await _answers(ping)) is None:
        await asyncio.sleep(every)
    log.warning("redis unreachable (%s): stopping the worker until it answers", error)
    return error


class QuietOutage(logging.Filter):
    """Drop saq's tracebacks for an unreachable Redis: the watchdog reports the outage once."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a record carrying a connection error."""
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, UNREACHABLE)
