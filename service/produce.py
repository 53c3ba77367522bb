"""The orchestrator: the one entry point every interface calls, and the Runtime it uses.

    ArticleRequest -> prepare (ingest, segment, cues) -> engine.draft -> finish (verify,
    assemble) -> FactSheet

produce picks the engine by name (auto, llm, extractive), looks in the cache, falls back
to the extractive engine when the LLM fails, and counts what happened. It knows no
engine's internals: both implement `service.engines.base.Engine`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import httpx2

from schemas.factsheet import EngineInfo, FactSheet, Usage
from schemas.options import EngineChoice, Options
from schemas.request import ArticleRequest
from service.cache import SheetCache, make_cache, make_permalink_store
from service.config import Settings
from service.cpu import CpuPool
from service.engine_choice import resolved
from service.engines.base import Engine, EngineOutput
from service.engines.extractive.engine import ExtractiveEngine
from service.engines.llm.breaker import Breakers
from service.engines.llm.engine import LLMEngine, llm_identity, output_of_result
from service.errors import ConfigError, InputError, UpstreamError
from service.fetch import Fetched, fetch_url
from service.observability.metrics import Metrics
from service.pipeline.assemble import sheet_id
from service.pipeline.language import detect_language
from service.pipeline.prepare import InputKind, Prepared, finish, option_key, prepare
from service.pipeline.types import DraftSummary

__all__ = ["Prepared", "Runtime", "build_sheet", "extractive_sheet", "prepare", "produce"]

if TYPE_CHECKING:  # a type only: importing the call module loads openai (about a second)
    from service.engines.llm.call import LLMResult

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

Fetcher = Callable[[str, Settings], Awaitable[Fetched]]


async def _fetch(url: str, settings: Settings) -> Fetched:
    return await fetch_url(url, settings=settings)


# The engines a new Runtime gets, by name: the plug-in point (bench/fake_engine.py adds one).
ENGINES: dict[str, Callable[[], Engine]] = {"extractive": ExtractiveEngine, "llm": LLMEngine}


def register_engine(name: str, factory: Callable[[], Engine]) -> None:
    """Make Runtimes built from now on use `factory()` for engine `name`."""
    ENGINES[name] = factory


def _engines() -> dict[str, Engine]:
    return {name: factory() for name, factory in ENGINES.items()}


@dataclass(slots=True)
class Runtime:
    """Long-lived helpers: HTTP client, cache, breakers, metrics, fetcher and engines.

    One per app, worker or CLI run; tests build one with fakes in place of any part.
    """

    http: httpx2.AsyncClient | None = None
    cache: SheetCache | None = None
    metrics: Metrics = field(default_factory=Metrics)
    breakers: Breakers = field(default_factory=Breakers)
    fetch: Fetcher = _fetch
    engines: dict[str, Engine] = field(default_factory=_engines)
    # The API's bounded pool for CPU-bound stages; elsewhere (CLI, batch) a plain thread.
    cpu: CpuPool | None = None
    # Sheets kept for review permalinks (built from the settings on first use).
    permalinks: SheetCache | None = None
    _caches: dict[int, SheetCache | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.metrics.watch_breakers(self.breakers.snapshot)

    async def run_cpu(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound ``fn`` off the event loop: in the bounded pool when there is one."""
        if self.cpu is not None:
            return await self.cpu.run(fn, *args, **kwargs)
        return await asyncio.to_thread(fn, *args, **kwargs)

    def rules_summary(self, prepared: Prepared, options: Options) -> Sequence[DraftSummary]:
        """The summary the extractive engine writes for this article."""
        return ExtractiveEngine().draft_now(prepared, options).draft.summary

    def permalink_store(self, settings: Settings) -> SheetCache:
        """The store of sheets kept for review permalinks, built once."""
        if self.permalinks is None:
            self.permalinks = make_permalink_store(settings)
        return self.permalinks

    def cache_for(self, settings: Settings) -> SheetCache | None:
        """The given cache, else the one the settings describe (built once per settings)."""
        if self.cache is not None:
            return self.cache
        if id(settings) not in self._caches:
            self._caches[id(settings)] = make_cache(settings)
        return self._caches[id(settings)]


async def prepare_request(
    request: ArticleRequest, settings: Settings, runtime: Runtime | None = None
) -> Prepared:
    """Resolve the request's input and run the deterministic stages off the event loop."""
    kind: InputKind
    raw: str | bytes
    if request.text is not None:
        raw, kind = request.text, "text"
    elif request.html is not None:
        raw, kind = request.html, "html"
    elif request.url is not None:
        fetched = await (runtime.fetch if runtime else _fetch)(request.url, settings)
        raw, kind = fetched.body(), fetched.kind
    else:
        raise InputError("give exactly one of text, html or url")
    run = runtime.run_cpu if runtime is not None else asyncio.to_thread
    return await run(prepare, raw, kind=kind, title=request.title, max_chars=settings.max_chars)


def warm_up(settings: Settings) -> None:
    """Pay one-time loads (language model; openai and its chat module when an LLM is set) now.

    They take over a second; done lazily, the first request would pay them where no
    deadline can cut the synchronous work.
    """
    detect_language("Warm up the language identifier before the first request arrives.")
    if settings.llm_configured:
        from service.engines.llm.call import warm_up as warm_up_llm

        warm_up_llm(settings)


def resolve_engine(choice: EngineChoice, settings: Settings) -> str:
    """auto means the LLM only when FACTSHEET_LLM_MODEL is set (a key alone never bills);
    llm without an endpoint or key is a configuration error."""
    if choice == "llm" and not settings.llm_configured:
        raise ConfigError(
            "engine 'llm' asked for, but no LLM is configured: set FACTSHEET_LLM_MODEL and "
            "FACTSHEET_LLM_BASE_URL or FACTSHEET_LLM_API_KEY (or OPENAI_API_KEY)"
        )
    return resolved(choice, settings)


def cache_key(prepared: Prepared, options: Options, settings: Settings) -> str:
    """Key of an LLM sheet: normalised text, options, endpoint, model and prompt version."""
    base = sheet_id(prepared.ingested.norm, option_key(options))
    return hashlib.sha256(f"{base}|{llm_identity(settings)}".encode()).hexdigest()


def sheet_of(prepared: Prepared, output: EngineOutput, options: Options) -> FactSheet:
    """Verify and assemble an engine's output into the FactSheet, then let it review that."""
    sheet = finish(prepared, output.draft, options, output.info, list(output.warnings))
    sheet = sheet.model_copy(update={"usage": output.usage})
    return output.review(sheet) if output.review is not None else sheet


def sheet_from_result(
    prepared: Prepared, result: LLMResult, options: Options, runtime: Runtime
) -> FactSheet:
    """The sheet of a model's answer that came another way (the Batch API): grounded,
    checked, verified and assembled exactly as an online answer is (CPU-bound)."""
    return sheet_of(prepared, output_of_result(prepared, result, options, runtime), options)


def extractive_sheet(prepared: Prepared, options: Options) -> FactSheet:
    """The extractive sheet, synchronously (eval, bench and tests; no network)."""
    return sheet_of(prepared, ExtractiveEngine().draft_now(prepared, options), options)


async def produce(
    request: ArticleRequest, settings: Settings, *, runtime: Runtime | None = None
) -> FactSheet:
    """Build the fact sheet of one article with the engine the options ask for."""
    runtime = runtime or Runtime()
    prepared = await prepare_request(request, settings, runtime)
    return await build_sheet(prepared, request.options, settings, runtime=runtime)


async def build_sheet(
    prepared: Prepared, options: Options, settings: Settings, *, runtime: Runtime | None = None
) -> FactSheet:
    """Run the chosen engine on a prepared article: cache, engine, extractive fallback."""
    runtime = runtime or Runtime()
    sheet = await _build_sheet(prepared, options, settings, runtime)
    runtime.metrics.sheet_built(sheet)
    return sheet


async def _build_sheet(
    prepared: Prepared, options: Options, settings: Settings, runtime: Runtime
) -> FactSheet:
    name = resolve_engine(options.engine, settings)
    engine = runtime.engines[name]
    if name == "extractive":
        output = await engine.draft(prepared, options, settings, runtime)
        return await runtime.run_cpu(sheet_of, prepared, output, options)
    cache = runtime.cache_for(settings)
    key = cache_key(prepared, options, settings)
    hit = await cache.get(key) if cache is not None else None
    if cache is not None:
        runtime.metrics.cache_lookup(hit is not None)
    if hit is not None:
        return hit.model_copy(update={"usage": Usage(cache_hit=True)})
    try:
        output = await engine.draft(prepared, options, settings, runtime)
    except UpstreamError as exc:
        if not settings.fallback:
            raise
        return await _fallback(prepared, options, settings, runtime, exc)
    # Verify, assemble and review are CPU-bound: off the event loop, so other requests flow.
    sheet = await runtime.run_cpu(sheet_of, prepared, output, options)
    if cache is not None:
        await cache.put(key, sheet)
    return sheet


async def _fallback(
    prepared: Prepared, options: Options, settings: Settings, runtime: Runtime, exc: UpstreamError
) -> FactSheet:
    """The extractive sheet, marked degraded, with the LLM's failure as its first warning."""
    runtime.metrics.fell_back(type(exc).__name__)
    log.warning("llm failed, extractive fallback: %s", type(exc).__name__)
    output = await runtime.engines["extractive"].draft(prepared, options, settings, runtime)
    warning = (
        f"The LLM failed ({type(exc).__name__}: {exc}); this sheet comes from the extractive "
        "engine."
    )
    degraded = EngineOutput(
        output.draft,
        EngineInfo(name="extractive", degraded=True),
        [warning, *output.warnings],
        # What the failed attempts spent, counted on the wire (a timeout included).
        exc.spent or Usage(llm_calls=exc.llm_calls),
    )
    return await runtime.run_cpu(sheet_of, prepared, degraded, options)
