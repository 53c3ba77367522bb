"""Prometheus metrics: one registry per Runtime, reported to by produce and the engines.

The Runtime (service/produce.py) owns a `Metrics`; the app serves it at /metrics. A registry
per Runtime (not prometheus' global one) keeps tests and several apps apart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator, Mapping
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.factsheet import FactSheet
from service.errors import FactsheetError

# Seconds: an extractive sheet takes tens of ms, an LLM sheet several seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120)
QueueDepth = Callable[[], Awaitable[int]]
# Endpoint URL, model, numeric state (0 closed, 1 half-open, 2 open) and times opened.
BreakerStates = Callable[[], list[tuple[str, str, int, int]]]


class _BreakerCollector(Collector):
    """Reads the LLM circuit breakers of the Runtime at scrape time."""

    def __init__(self) -> None:
        self.source: BreakerStates | None = None

    def collect(self) -> Iterator[Metric]:
        """Yield the state and the open count of each breaker."""
        state = GaugeMetricFamily(
            "factsheet_llm_circuit_state",
            "LLM circuit breaker state: 0 closed, 1 half-open, 2 open.",
            labels=["endpoint", "model"],
        )
        opened = CounterMetricFamily(
            "factsheet_llm_circuit_opened",
            "Times the LLM circuit breaker opened.",
            labels=["endpoint", "model"],
        )
        for url, model, value, times in self.source() if self.source else []:
            # Scheme, host and path only: a URL's userinfo or query may hold a secret.
            parts = urlsplit(url)
            endpoint = f"{parts.scheme}://{parts.hostname or ''}{parts.path}"
            state.add_metric([endpoint, model], value)
            opened.add_metric([endpoint, model], times)
        yield state
        yield opened


class Metrics:
    """Every factsheet_* metric of one app, in its own registry."""

    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.requests = Counter(
            "factsheet_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "factsheet_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.sheets = Counter(
            "factsheet_sheets",
            "Fact sheets built, by engine (llm, extractive, fallback).",
            ["engine"],
            registry=r,
        )
        self.llm_calls = Counter(
            "factsheet_llm_calls", "HTTP requests sent to the LLM (retries, re-asks).", registry=r
        )
        self.llm_tokens = Counter(
            "factsheet_llm_tokens", "LLM tokens of built sheets, by kind.", ["kind"], registry=r
        )
        self.llm_cost = Counter("factsheet_llm_cost_usd", "LLM cost in USD.", registry=r)
        self.llm_failures = Counter(
            "factsheet_llm_failures", "LLM attempts that failed, by error.", ["reason"], registry=r
        )
        self.llm_reasks = Counter(
            "factsheet_llm_reasks", "Re-asks sent to the LLM, by cause.", ["cause"], registry=r
        )
        self.llm_forgiven = Counter(
            "factsheet_llm_forgiven", "Near misses fixed locally instead of re-asked.", registry=r
        )
        self.llm_dropped = Counter(
            "factsheet_llm_dropped",
            "Model items dropped or replaced by grounding, by kind.",
            ["kind"],
            registry=r,
        )
        self.fallbacks = Counter(
            "factsheet_fallbacks",
            "Sheets that fell back to extractive, by error.",
            ["reason"],
            registry=r,
        )
        self.cache = Counter(
            "factsheet_cache_lookups", "LLM sheet cache lookups, by result.", ["result"], registry=r
        )
        self.queue_depth = Gauge(
            "factsheet_batch_queue_depth", "Batch articles waiting for a worker.", registry=r
        )
        self.queue_depth_source: QueueDepth | None = None
        self._breakers = _BreakerCollector()
        r.register(self._breakers)

    def watch_breakers(self, source: BreakerStates) -> None:
        """Read the LLM circuit breakers from `source` at each scrape (the Runtime's hook)."""
        self._breakers.source = source

    def watch_queue_depth(self, source: QueueDepth) -> None:
        """Read the batch queue depth from `source` at each scrape (the jobs service's hook)."""
        self.queue_depth_source = source

    async def render(self) -> bytes:
        """The registry in Prometheus text format, queue depth refreshed first."""
        if self.queue_depth_source is not None:
            # A down job store leaves the last depth: /readyz reports the store, not /metrics.
            with contextlib.suppress(FactsheetError):
                self.queue_depth.set(await self.queue_depth_source())
        return generate_latest(self.registry)

    def sheet_built(self, sheet: FactSheet) -> None:
        """Count a finished sheet, its tokens and its cost."""
        engine = "fallback" if sheet.engine.degraded else sheet.engine.name
        self.sheets.labels(engine).inc()
        self.llm_tokens.labels("prompt").inc(sheet.usage.prompt_tokens)
        self.llm_tokens.labels("completion").inc(sheet.usage.completion_tokens)
        self.llm_cost.inc(sheet.usage.cost_usd or 0.0)

    def llm_requests(self, count: int) -> None:
        """Count HTTP requests sent to the LLM endpoint (retries and re-asks included)."""
        self.llm_calls.inc(count)

    def llm_failed(self, reason: str) -> None:
        """Count one failed LLM attempt (an article's, after the HTTP retries)."""
        self.llm_failures.labels(reason).inc()

    def fell_back(self, reason: str) -> None:
        """Count one sheet that came from the extractive fallback."""
        self.fallbacks.labels(reason).inc()

    def llm_events(
        self, reasks: Mapping[str, int], forgiven: int, dropped: Mapping[str, int]
    ) -> None:
        """Count an article's re-asks by cause, near misses fixed locally, items dropped."""
        for cause, count in reasks.items():
            self.llm_reasks.labels(cause).inc(count)
        self.llm_forgiven.inc(forgiven)
        for kind, count in dropped.items():
            self.llm_dropped.labels(kind).inc(count)

    def cache_lookup(self, hit: bool) -> None:
        """Count one LLM sheet cache lookup."""
        self.cache.labels("hit" if hit else "miss").inc()
