"""Bounds around the one LLM call: the endpoint's circuit breaker and the time budget.

Retries are not here: the openai client's own (FACTSHEET_LLM_HTTP_RETRIES, exponential
backoff with jitter, honouring Retry-After) is the one retry layer. The breaker counts one
failure per article after those retries, so it opens on a failing endpoint, not on a blip.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from service.config import Settings
from service.deadline import REQUEST_DEADLINE
from service.engines.llm.breaker import CircuitBreaker
from service.errors import CircuitOpen, UpstreamError, UpstreamTimeout, UpstreamUnavailable
from service.observability.metrics import Metrics

T = TypeVar("T")
log = logging.getLogger(__name__)

# Kept for the extractive fallback when it is on, so the fallback still fits the deadline.
FALLBACK_SHARE = 0.1
FALLBACK_RESERVE_MAX_S = 2.0


def llm_budget(settings: Settings) -> float:
    """Seconds the LLM may take now: the deadline (the caller's, if tighter), less a reserve."""
    budget = settings.deadline_s
    deadline = REQUEST_DEADLINE.get()
    if deadline is not None:
        budget = min(budget, deadline - asyncio.get_running_loop().time())
    if settings.fallback:
        budget -= min(settings.deadline_s * FALLBACK_SHARE, FALLBACK_RESERVE_MAX_S)
    return max(budget, 0.0)


async def guarded(
    call: Callable[[], Awaitable[T]],
    settings: Settings,
    breaker: CircuitBreaker,
    metrics: Metrics | None = None,
) -> T:
    """Run `call` through the endpoint's breaker within the LLM budget.

    Raises CircuitOpen at once while the breaker is open, and UpstreamTimeout when the
    budget runs out. Endpoint failures (unreachable, 429/5xx, timeouts) count against the
    breaker; any answer, even an unusable one, shows the endpoint is up and closes it.
    """
    budget = llm_budget(settings)
    if budget <= 0:
        # The time went before the call (a slow URL fetch): not the endpoint's fault.
        _failed(metrics, "UpstreamTimeout")
        raise UpstreamTimeout("no time left for the LLM within the deadline")
    if not breaker.allow():
        wait = breaker.retry_after()
        _failed(metrics, "CircuitOpen")
        raise CircuitOpen(f"LLM circuit open; next probe in {wait:.0f} s", retry_after=wait)
    timeout = asyncio.timeout(budget)
    try:
        async with timeout:
            result = await call()
    except TimeoutError as exc:
        if not timeout.expired():
            breaker.failure()
            raise
        breaker.failure()
        _failed(metrics, "UpstreamTimeout")
        raise UpstreamTimeout(f"no LLM answer within the {budget:.2f} s budget") from exc
    except (UpstreamUnavailable, UpstreamTimeout) as exc:
        breaker.failure()
        _failed(metrics, type(exc).__name__)
        raise
    except UpstreamError as exc:
        # The endpoint answered (bad output, a 4xx): not an outage.
        breaker.success()
        _failed(metrics, type(exc).__name__)
        raise
    except BaseException:
        # Cancelled from outside (the request deadline, a disconnect) or a bug: no verdict.
        breaker.release()
        raise
    breaker.success()
    return result


def _failed(metrics: Metrics | None, reason: str) -> None:
    if metrics is not None:
        metrics.llm_failed(reason)
