"""A circuit breaker per LLM endpoint, shared by every request of one Runtime.

closed: calls go through; `failures` consecutive failures open it.
open: calls fail fast (the caller falls back) until `open_s` have passed.
half_open: one probe goes through; its success closes the breaker, its failure reopens it.

Written here rather than taken from PyPI: aiobreaker and purgatory are barely maintained or
bring their own storage layers, and this is the whole of what the service needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

from service.config import Settings

State = Literal["closed", "open", "half_open"]
# Numeric states for the factsheet_llm_circuit_state gauge.
STATE_VALUES: dict[State, int] = {"closed": 0, "half_open": 1, "open": 2}


class CircuitBreaker:
    """Counts consecutive failures of one endpoint and decides whether a call may go out."""

    def __init__(
        self, failures: int, open_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = failures
        self.open_s = open_s
        self.opened_total = 0
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False
        # The CLI and the batch worker may drive it from threads as well as the event loop.
        self._lock = threading.Lock()

    @property
    def state(self) -> State:
        """The state a call arriving now would meet."""
        with self._lock:
            return self._state()

    def _state(self) -> State:
        if self._opened_at is None:
            return "closed"
        return "half_open" if self._clock() >= self._opened_at + self.open_s else "open"

    def retry_after(self) -> float:
        """Seconds until the breaker lets a probe through (0 when it would now)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(self._opened_at + self.open_s - self._clock(), 0.0)

    def allow(self) -> bool:
        """True when a call may go out now; in half_open only the single probe gets True."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "open" or self._probing:
                return False
            self._probing = True
            return True

    def success(self) -> None:
        """The endpoint answered: close the breaker."""
        with self._lock:
            self._failures, self._opened_at, self._probing = 0, None, False

    def failure(self) -> None:
        """The endpoint failed: count it, and (re)open once the threshold is reached."""
        with self._lock:
            self._failures += 1
            # Late failures of calls sent before it opened must not extend the open window.
            if self._probing or (self._opened_at is None and self._failures >= self.threshold):
                self._opened_at = self._clock()
                self.opened_total += 1
            self._probing = False

    def release(self) -> None:
        """The call ended without a verdict (cancelled): free the probe slot, judge nothing."""
        with self._lock:
            self._probing = False


Endpoint = tuple[str, str]


def endpoint_of(settings: Settings) -> Endpoint:
    """The identity a breaker guards: base URL (None means OpenAI's) and model."""
    return (settings.llm_base_url or "https://api.openai.com/v1", settings.llm_model)


class Breakers:
    """The circuit breakers of one Runtime, one per endpoint, shared by all its requests."""

    def __init__(self) -> None:
        self._breakers: dict[Endpoint, CircuitBreaker] = {}
        self._lock = threading.Lock()

    def for_settings(self, settings: Settings) -> CircuitBreaker:
        """Return the breaker of the settings' endpoint, creating it on first use."""
        key = endpoint_of(settings)
        with self._lock:
            if key not in self._breakers:
                self._breakers[key] = CircuitBreaker(
                    settings.breaker_failures, settings.breaker_open_s
                )
            return self._breakers[key]

    def snapshot(self) -> list[tuple[str, str, int, int]]:
        """Endpoint URL, model, numeric state and open count of every breaker (for metrics)."""
        with self._lock:
            items = list(self._breakers.items())
        return [(url, model, STATE_VALUES[b.state], b.opened_total) for (url, model), b in items]
