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
from service.errors import ConfigError, InputError, UpstreamError
from service.fetch import AllowList, fetch_url
from service.llm.guard import guarded
from service.observability import metrics
from service.pipeline.assemble import sheet_id
from service.pipeline.run import InputKind, Prepared, extractive_sheet, finish, option_key, prepare

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
    """auto means the LLM when one is configured; llm without one is a configuration error."""
    if choice == "llm" and not settings.llm_configured:
        raise ConfigError("engine 'llm' asked for, but no LLM is configured")
    if choice == "auto":
        return "llm" if settings.llm_configured else "extractive"
    return choice


def cache_key(prepared: Prepared, options: Options, settings: Settings) -> str:
    """Key of an LLM sheet: normalised text, options, model and prompt version."""
    from service.llm.prompts import prompt_version

    base = sheet_id(prepared.ingested.norm, option_key(options))
    raw = f"{base}|{settings.llm_base_url}|{settings.llm_model}|{prompt_version()}"
    return hashlib.sha256(raw.encode()).hexdigest()


async def _llm_sheet(
    prepared: Prepared, options: Options, settings: Settings, runtime: Runtime
) -> FactSheet:
    # Imported here: openai and instructor take most of a second to import, which every
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
    )
    return sheet_from_llm(prepared, result, options)


def sheet_from_llm(prepared: Prepared, result: LLMResult, options: Options) -> FactSheet:
    """Ground and verify an LLM result into the sheet (online and Batch API paths alike)."""
    from service.llm.ground import ground_draft

    draft = ground_draft(result.draft, prepared.sentences, prepared.ingested.text)
    engine = EngineInfo(name="llm", model=result.model, prompt_version=result.prompt_version)
    usage = Usage(
        llm_calls=result.usage.llm_calls,
        prompt_tokens=result.usage.prompt_tokens,
        completion_tokens=result.usage.completion_tokens,
        cost_usd=result.usage.cost_usd,
    )
    sheet = finish(prepared, draft, options, engine, list(result.warnings))
    return sheet.model_copy(update={"usage": usage})


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
    try:
        # The breaker and the LLM time budget (service/llm/guard.py) bound the call.
        sheet = await guarded(lambda: _llm_sheet(prepared, options, settings, runtime), settings)
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
                "usage": Usage(llm_calls=exc.llm_calls),
            }
        )
    if cache is not None:
        await cache.put(key, sheet)
    return sheet
