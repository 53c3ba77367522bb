"""The one function that calls the LLM: a Draft of the article, with usage and warnings."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx2
import instructor
import openai
from instructor.core.hooks import Hooks
from instructor.v2.core.function_calls import response_schema

from service.config import Settings
from service.engines.llm.chunking import merge_drafts, split_chunks
from service.engines.llm.draft import ArticleView, Draft, checking
from service.engines.llm.failures import to_upstream
from service.engines.llm.prompts import prompt_version, render_messages
from service.engines.llm.usage import LLMUsage, cost_usd, counting, install_counter, price_for
from service.errors import ConfigError
from service.pipeline.types import Sentence

# instructor wraps a plain model in a fresh class on every call and so rebuilds its tool
# schema each time (about 5 ms per article); wrapping once lets it reuse the schema.
_RESPONSE_MODEL = response_schema(Draft)

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}


@dataclass(slots=True)
class LLMResult:
    """A validated Draft (not yet grounded), what it cost, and what the reader should know."""

    draft: Draft
    usage: LLMUsage
    model: str
    prompt_version: str
    warnings: list[str] = field(default_factory=list)


def _client(settings: Settings, http_client: httpx2.AsyncClient) -> instructor.AsyncInstructor:
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    raw = openai.AsyncOpenAI(
        # Local servers (llama.cpp, Ollama) take any key, but the client needs one.
        api_key=key or "unused",
        base_url=settings.llm_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_http_retries,
        http_client=http_client,
    )
    return instructor.from_openai(raw, mode=MODES[settings.llm_mode])


def warm_up(settings: Settings) -> None:
    """Pay the LLM stack's one-time costs (lazy imports, tokenizer) before the first request.

    Both run synchronously on first use, about a second, where no deadline can cut them.
    """
    _client(settings, httpx2.AsyncClient())  # never sends: the client is dropped unused
    split_chunks([Sentence("s1", 0, 4, "Warm")], "Warm", settings.llm_context_tokens)


async def _draft_chunk(
    client: instructor.AsyncInstructor,
    chunk: Sequence[Sentence],
    text: str,
    messages: list[dict[str, str]],
    settings: Settings,
    usage: LLMUsage,
) -> Draft:
    view = ArticleView({s.id: s.text for s in chunk}, text)
    answers = 0

    def on_response(completion: Any) -> None:
        nonlocal answers
        answers += 1
        usage.add_completion(completion)
        # The last allowed answer is validated leniently: what is still ungrounded is
        # dropped and warned by ground_draft rather than failing the whole draft.
        view.strict = answers <= settings.llm_reasks

    hooks = Hooks()
    hooks.on("completion:response", on_response)
    with checking(view):
        draft: Draft = await client.create(
            response_model=_RESPONSE_MODEL,
            messages=messages,  # type: ignore[arg-type]
            model=settings.llm_model,
            max_tokens=settings.llm_max_tokens,
            max_retries=settings.llm_reasks,
            hooks=hooks,
        )
    return draft


async def _draft_all(
    client: instructor.AsyncInstructor,
    chunks: list[list[Sentence]],
    text: str,
    settings: Settings,
    usage: LLMUsage,
    prompt_args: dict[str, Any],
) -> list[Draft]:
    """Draft every chunk concurrently; the first failure cancels the rest."""
    jobs = [
        _draft_chunk(client, c, text, render_messages(c, **prompt_args), settings, usage)
        for c in chunks
    ]
    if len(jobs) == 1:
        return [await jobs[0]]
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        raise


async def request_draft(
    sentences: Sequence[Sentence],
    text: str,
    *,
    settings: Settings,
    title: str | None = None,
    max_claims: int | None = None,
    summary_sentences: int | None = None,
    http_client: httpx2.AsyncClient | None = None,
) -> LLMResult:
    """Ask the LLM for a Draft of the article, one call per chunk; raise an UpstreamError."""
    if not settings.llm_configured:
        raise ConfigError("no LLM configured: set FACTSHEET_LLM_BASE_URL or an API key")
    usage = LLMUsage()
    warnings: list[str] = []
    chunks = split_chunks(sentences, text, settings.llm_context_tokens)
    if len(chunks) > 1:
        warnings.append(f"article split into {len(chunks)} parts to fit the model's context")
    prompt_args: dict[str, Any] = {
        "title": title,
        "max_claims": max_claims or settings.max_claims,
        "summary_sentences": summary_sentences or settings.summary_sentences,
    }
    # Pass a long-lived client in production: a new one per article means new connections.
    http = http_client or httpx2.AsyncClient()
    install_counter(http)
    try:
        with counting(usage):
            drafts = await _draft_all(
                _client(settings, http), chunks, text, settings, usage, prompt_args
            )
    except Exception as exc:
        mapped = to_upstream(exc, usage, settings.llm_max_tokens)
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        if http_client is None:
            await http.aclose()
    price = price_for(settings.llm_model, settings.llm_prices)
    if price is None:
        warnings.append(f"no price for model {settings.llm_model!r}; cost reported as 0")
    usage.cost_usd = cost_usd(usage, price)
    draft = drafts[0] if len(drafts) == 1 else merge_drafts(drafts)
    return LLMResult(draft, usage, settings.llm_model, prompt_version(), warnings)
