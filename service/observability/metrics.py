"""Prometheus metrics: one registry per app; the pipeline reports to every attached one.

The pipeline is shared by REST, Slack, jobs and the CLI and holds no app, so it reports
through the module functions below to whichever `Metrics` are attached (none in the CLI).
A registry per app (not prometheus' global one) keeps tests and multiple apps apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.factsheet import FactSheet
from service.llm.breaker import STATE_VALUES, all_breakers

# Seconds: an extractive sheet takes tens of ms, an LLM sheet several seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120)
QueueDepth = Callable[[], Awaitable[int]]


class _BreakerCollector(Collector):
    """Reads every LLM circuit breaker of the process at scrape time."""

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
        for (url, model), breaker in all_breakers().items():
            # Scheme, host and path only: a URL's userinfo or query may hold a secret.
            parts = urlsplit(url)
            endpoint = f"{parts.scheme}://{parts.hostname or ''}{parts.path}"
            state.add_metric([endpoint, model], STATE_VALUES[breaker.state])
            opened.add_metric([endpoint, model], breaker.opened_total)
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
        r.register(_BreakerCollector())

    def watch_queue_depth(self, source: QueueDepth) -> None:
        """Read the batch queue depth from `source` at each scrape (the jobs service's hook)."""
        self.queue_depth_source = source

    async def render(self) -> bytes:
        """The registry in Prometheus text format, queue depth refreshed first."""
        if self.queue_depth_source is not None:
            self.queue_depth.set(await self.queue_depth_source())
        return generate_latest(self.registry)


_SINKS: list[Metrics] = []


def attach(metrics: Metrics) -> None:
    """Make the pipeline report to `metrics` (an app's lifespan start)."""
    _SINKS.append(metrics)


def detach(metrics: Metrics) -> None:
    """Stop reporting to `metrics` (an app's lifespan end)."""
    if metrics in _SINKS:
        _SINKS.remove(metrics)


def sheet_built(sheet: FactSheet) -> None:
    """Count a finished sheet, its tokens and its cost."""
    engine = "fallback" if sheet.engine.degraded else sheet.engine.name
    for m in _SINKS:
        m.sheets.labels(engine).inc()
        m.llm_tokens.labels("prompt").inc(sheet.usage.prompt_tokens)
        m.llm_tokens.labels("completion").inc(sheet.usage.completion_tokens)
        m.llm_cost.inc(sheet.usage.cost_usd or 0.0)


def llm_request() -> None:
    """Count one HTTP request sent to the LLM endpoint."""
    for m in _SINKS:
        m.llm_calls.inc()


def llm_failed(reason: str) -> None:
    """Count one failed LLM attempt (an article's, after the HTTP retries)."""
    for m in _SINKS:
        m.llm_failures.labels(reason).inc()


def llm_reask(cause: str) -> None:
    """Count one re-ask (cause: unreadable answer, or failing items)."""
    for m in _SINKS:
        m.llm_reasks.labels(cause).inc()


def llm_forgiven(count: int) -> None:
    """Count near misses fixed locally."""
    for m in _SINKS:
        m.llm_forgiven.inc(count)


def llm_dropped(kind: str, count: int = 1) -> None:
    """Count model items grounding dropped or replaced (claim, source, summary, statement)."""
    for m in _SINKS:
        m.llm_dropped.labels(kind).inc(count)


def fell_back(reason: str) -> None:
    """Count one sheet that came from the extractive fallback."""
    for m in _SINKS:
        m.fallbacks.labels(reason).inc()


def cache_lookup(hit: bool) -> None:
    """Count one LLM sheet cache lookup."""
    for m in _SINKS:
        m.cache.labels("hit" if hit else "miss").inc()
