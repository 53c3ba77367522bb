"""The one entry point every interface calls: an ArticleRequest in, a FactSheet out."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx2

from schemas.factsheet import EngineInfo, FactSheet, Usage
from schemas.options import EngineChoice, Options
from schemas.request import ArticleRequest
from service.cache import SheetCache, make_cache
from service.config import Settings
from service.engines.llm.choice import resolved
from service.errors import ConfigError, InputError, UpstreamError
from service.fetch import AllowList, fetch_url
from service.llm.guard import guarded
from service.llm.usage import LLMUsage
from service.observability import metrics
from service.pipeline.assemble import sheet_id
from service.pipeline.run import InputKind, Prepared, extractive_sheet, option_key, prepare

if TYPE_CHECKING:
    from service.llm.call import LLMResult

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Runtime:
    """Long-lived helpers of one process: the LLM HTTP client and the sheet cache."""

    http: httpx2.AsyncClient | None = None
    cache: SheetCache | None = None
    # Test-only: lets URL tests reach a local server. Never built from settings.
    allow: AllowList | None = None
    _caches: dict[int, SheetCache | None] = field(default_factory=dict)


_DEFAULT = Runtime()


async def prepare_request(
    request: ArticleRequest, settings: Settings, *, allow: AllowList | None = None
) -> Prepared:
    """Resolve the request's input and run the deterministic stages off the event loop."""
    kind: InputKind
    raw: str | bytes
    if request.text is not None:
        raw, kind = request.text, "text"
    elif request.html is not None:
        raw, kind = request.html, "html"
    elif request.url is not None:
        fetched = await fetch_url(request.url, settings=settings, allow=allow)
        raw, kind = fetched.body(), fetched.kind
    else:
        raise InputError("give exactly one of text, html or url")
    return await asyncio.to_thread(
        prepare, raw, kind=kind, title=request.title, max_chars=settings.max_chars
    )


def resolve_engine(choice: EngineChoice, settings: Settings) -> EngineChoice:
    """auto means the LLM only when FACTSHEET_LLM_MODEL is set (a key alone never bills);
    llm without an endpoint or key is a configuration error."""
    if choice == "llm" and not settings.llm_configured:
        raise ConfigError(
            "engine 'llm' asked for, but no LLM is configured: set FACTSHEET_LLM_MODEL and "
            "FACTSHEET_LLM_BASE_URL or FACTSHEET_LLM_API_KEY (or OPENAI_API_KEY)"
        )
    return resolved(choice, settings)


def cache_key(prepared: Prepared, options: Options, settings: Settings) -> str:
    """Key of an LLM sheet: normalised text, options, model and prompt version."""
    from service.llm.prompts import prompt_version

    base = sheet_id(prepared.ingested.norm, option_key(options))
    raw = f"{base}|{settings.llm_base_url}|{settings.llm_model}|{prompt_version()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def usage_of(spent: LLMUsage) -> Usage:
    """The sheet's Usage from what the LLM calls spent (failed attempts included)."""
    return Usage(
        llm_calls=spent.llm_calls,
        reasks=spent.reasks,
        http_retries=spent.http_retries,
        prompt_tokens=spent.prompt_tokens,
        cached_prompt_tokens=spent.cached_prompt_tokens,
        completion_tokens=spent.completion_tokens,
        cost_usd=spent.cost_usd,
    )


async def _llm_sheet(
    prepared: Prepared, options: Options, settings: Settings, runtime: Runtime, spent: LLMUsage
) -> FactSheet:
    # Imported here: openai takes most of a second to import, which every
    # extractive-only run (the CLI, the eval, the tests) would otherwise pay.
    from service.llm.call import request_draft

    result = await request_draft(
        prepared.sentences,
        prepared.ingested.text,
        settings=settings,
        title=prepared.ingested.title,
        max_claims=options.max_claims,
        summary_sentences=options.summary_sentences,
        http_client=runtime.http,
        usage=spent,
    )
    # Grounding and assembly are CPU-bound: off the event loop, so other requests flow.
    return await asyncio.to_thread(sheet_from_result, prepared, result, options)


def sheet_from_result(prepared: Prepared, result: LLMResult, options: Options) -> FactSheet:
    """The sheet of an LLM result, online or from the Batch API (CPU-bound: run in a thread)."""
    from service.engines.llm.engine import sheet_from_draft

    engine = EngineInfo(name="llm", model=result.model, prompt_version=result.prompt_version)
    sheet = sheet_from_draft(prepared, result.draft, options, engine, list(result.warnings))
    return sheet.model_copy(update={"usage": usage_of(result.usage)})


def _cache_for(settings: Settings, runtime: Runtime) -> SheetCache | None:
    if runtime.cache is not None:
        return runtime.cache
    if id(settings) not in runtime._caches:
        runtime._caches[id(settings)] = make_cache(settings)
    return runtime._caches[id(settings)]


async def produce(
    request: ArticleRequest, settings: Settings, *, runtime: Runtime | None = None
) -> FactSheet:
    """Build the fact sheet of one article with the engine the options ask for."""
    runtime = runtime or _DEFAULT
    prepared = await prepare_request(request, settings, allow=runtime.allow)
    return await build_sheet(prepared, request.options, settings, runtime=runtime)


async def build_sheet(
    prepared: Prepared, options: Options, settings: Settings, *, runtime: Runtime | None = None
) -> FactSheet:
    """Run the chosen engine on a prepared article: cache, LLM, extractive fallback."""
    sheet = await _build_sheet(prepared, options, settings, runtime or _DEFAULT)
    metrics.sheet_built(sheet)
    return sheet


async def _build_sheet(
    prepared: Prepared, options: Options, settings: Settings, runtime: Runtime
) -> FactSheet:
    if resolve_engine(options.engine, settings) == "extractive":
        return await asyncio.to_thread(extractive_sheet, prepared, options)
    cache = _cache_for(settings, runtime)
    key = cache_key(prepared, options, settings)
    hit = await cache.get(key) if cache is not None else None
    if cache is not None:
        metrics.cache_lookup(hit is not None)
    if hit is not None:
        return hit.model_copy(update={"usage": Usage(cache_hit=True)})
    spent = LLMUsage()
    try:
        # The breaker and the LLM time budget (service/llm/guard.py) bound the call.
        sheet = await guarded(
            lambda: _llm_sheet(prepared, options, settings, runtime, spent), settings
        )
    except UpstreamError as exc:
        if not settings.fallback:
            raise
        metrics.fell_back(type(exc).__name__)
        log.warning("llm failed, extractive fallback: %s", type(exc).__name__)
        fallback = await asyncio.to_thread(extractive_sheet, prepared, options)
        return fallback.model_copy(
            update={
                "engine": EngineInfo(name="extractive", degraded=True),
                "warnings": [
                    f"The LLM failed ({type(exc).__name__}: {exc}); this sheet comes from "
                    "the extractive engine.",
                    *fallback.warnings,
                ],
                # What the failed attempts spent, counted on the wire (a timeout included).
                "usage": usage_of(spent) if spent.llm_calls else Usage(llm_calls=exc.llm_calls),
            }
        )
    if cache is not None:
        await cache.put(key, sheet)
    return sheet
