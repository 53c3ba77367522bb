"""Per-client rate limit on /v1: a token bucket per API key (or per client IP when keys are off).

In-process, so each replica counts on its own: behind N replicas a key gets up to N times
the rate. With FACTSHEET_REDIS_URL set this state belongs in Redis (a Lua token bucket),
which is not done yet (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from service.errors import RateLimited

# Bounded memory: the least recently seen clients are forgotten first (they start full again).
MAX_CLIENTS = 50_000


class RateLimiter:
    """Token buckets of `burst` tokens, refilled at `per_minute` / 60 tokens per second."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.rate = per_minute / 60
        self.burst = float(burst)
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False when the rate is 0 (the limit is off)."""
        return self.rate > 0

    def take(self, client: str) -> float:
        """Take one token for `client`; return 0 if granted, else seconds until one is free."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        return wait

    def check(self, client: str) -> None:
        """Take a token or raise RateLimited with the seconds to wait."""
        wait = self.take(client)
        if wait > 0:
            raise RateLimited("too many requests", retry_after=wait)


def client_id(api_key: str | None, address: str | None) -> str:
    """The bucket key: a hash of the API key (never the key itself), else the client address."""
    if api_key:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:32]
    return f"ip:{address or 'unknown'}"
