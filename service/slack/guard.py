"""Run each signed Slack request at most once: replays and Slack's retries are deduplicated.

Bolt's signature check accepts any correctly signed request for five minutes, so the same
bytes sent twice would build (and post) the sheet twice. This middleware runs after that
check: a signature already seen within the window, or a request carrying Slack's
X-Slack-Retry-Num header, is answered 200 with an empty body and does no work. The memory is
per process; with several replicas a replay that lands on another one still runs once there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

# Slack rejects timestamps older than five minutes, so a signature need not be kept longer.
WINDOW_S = 5 * 60


class ReplayGuard:
    """Remembers the signatures of recent requests, bounded in time and in number."""

    def __init__(
        self,
        window_s: float = WINDOW_S,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._window_s = window_s
        self._max_entries = max_entries
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, signature: str) -> bool:
        """Record the signature; True when it was not seen within the window."""
        now = self._clock()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self._max_entries
                or next(iter(self._seen.values())) < now - self._window_s
            ):
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True


def _header(req: AsyncBoltRequest, name: str) -> str | None:
    values = req.headers.get(name)
    return values[0] if values else None


def dedupe_middleware(
    guard: ReplayGuard,
) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Return a Bolt global middleware that drops replays and retries with an empty 200."""

    async def dedupe(
        req: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        retry = _header(req, "x-slack-retry-num")
        if retry is not None:
            log.info("slack retry %s (%s) ignored", retry, _header(req, "x-slack-retry-reason"))
            return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
        if not guard.first_time(_header(req, "x-slack-signature") or ""):
            log.warning("slack request replayed (same signature) ignored")
            return BoltResponse(status=200, body="")
        await next()
        return None

    return dedupe
