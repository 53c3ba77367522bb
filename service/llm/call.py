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

from schemas.draft import ArticleView, Draft, checking
from service.config import Settings
from service.errors import ConfigError
from service.llm.chunking import merge_drafts, split_chunks
from service.llm.failures import to_upstream
from service.llm.prompts import prompt_version, render_messages
from service.llm.usage import LLMUsage, cost_usd, counting, install_counter, price_for
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


def openai_client(settings: Settings, http_client: httpx2.AsyncClient) -> openai.AsyncOpenAI:
    """The OpenAI client of the configured endpoint (also used for the Batch API)."""
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return openai.AsyncOpenAI(
        # Local servers (llama.cpp, Ollama) take any key, but the client needs one.
        api_key=key or "unused",
        base_url=settings.llm_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_http_retries,
        http_client=http_client,
    )


def _client(settings: Settings, http_client: httpx2.AsyncClient) -> instructor.AsyncInstructor:
    return instructor.from_openai(
        openai_client(settings, http_client), mode=MODES[settings.llm_mode]
    )


def warm_up(settings: Settings) -> None:
    """Pay the LLM stack's one-time costs (lazy imports, tokenizer) before the first request.

    Both run synchronously on first use, about a second, where no deadline can cut them.
    """
    _client(settings, httpx2.AsyncClient())  # never sends: the client is dropped unused
    split_chunks([Sentence("s1", 0, 4, "Warm")], "Warm", settings.llm_context_tokens)


def create_kwargs(messages: list[dict[str, str]], settings: Settings) -> dict[str, Any]:
    """The request options of one chunk, besides the response model (shared with the Batch API)."""
    return {
        "messages": messages,
        "model": settings.llm_model,
        "max_tokens": settings.llm_max_tokens,
    }


def request_body(messages: list[dict[str, str]], settings: Settings) -> dict[str, Any]:
    """The JSON body the online path sends for ``messages``: what instructor adds included."""
    from instructor.processing.response import handle_response_model

    _, body = handle_response_model(
        _RESPONSE_MODEL, mode=MODES[settings.llm_mode], **create_kwargs(messages, settings)
    )
    return body


def plan_chunks(
    sentences: Sequence[Sentence],
    text: str,
    settings: Settings,
    *,
    title: str | None = None,
    max_claims: int | None = None,
    summary_sentences: int | None = None,
) -> tuple[list[tuple[list[Sentence], list[dict[str, str]]]], list[str]]:
    """The chunks of an article with the messages of each, and the warnings splitting adds."""
    chunks = split_chunks(sentences, text, settings.llm_context_tokens)
    warnings = []
    if len(chunks) > 1:
        warnings.append(f"article split into {len(chunks)} parts to fit the model's context")
    prompt_args: dict[str, Any] = {
        "title": title,
        "max_claims": max_claims or settings.max_claims,
        "summary_sentences": summary_sentences or settings.summary_sentences,
    }
    return [(c, render_messages(c, **prompt_args)) for c in chunks], warnings


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
            max_retries=settings.llm_reasks,
            hooks=hooks,
            **create_kwargs(messages, settings),
        )
    return draft


def parse_answer(
    completion: Any, chunk: Sequence[Sentence], text: str, settings: Settings
) -> Draft:
    """Validate a chat completion answered outside this client (the Batch API) into a Draft.

    It is checked as the last allowed online answer is: leniently, so what is still
    ungrounded is dropped and warned by ground_draft; invalid JSON or schema raises.
    """
    from instructor.processing.response import process_response

    view = ArticleView({s.id: s.text for s in chunk}, text, strict=False)
    with checking(view):
        draft: Draft = process_response(
            completion, response_model=_RESPONSE_MODEL, stream=False, mode=MODES[settings.llm_mode]
        )
    return draft


async def _draft_all(
    client: instructor.AsyncInstructor,
    chunks: list[tuple[list[Sentence], list[dict[str, str]]]],
    text: str,
    settings: Settings,
    usage: LLMUsage,
) -> list[Draft]:
    """Draft every chunk concurrently; the first failure cancels the rest."""
    jobs = [_draft_chunk(client, c, text, messages, settings, usage) for c, messages in chunks]
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
    chunks, warnings = plan_chunks(
        sentences,
        text,
        settings,
        title=title,
        max_claims=max_claims,
        summary_sentences=summary_sentences,
    )
    # Pass a long-lived client in production: a new one per article means new connections.
    http = http_client or httpx2.AsyncClient()
    install_counter(http)
    try:
        with counting(usage):
            drafts = await _draft_all(_client(settings, http), chunks, text, settings, usage)
    except Exception as exc:
        mapped = to_upstream(exc, usage, settings.llm_max_tokens)
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        if http_client is None:
            await http.aclose()
    return assemble_result(drafts, usage, warnings, settings)


def assemble_result(
    drafts: list[Draft],
    usage: LLMUsage,
    warnings: list[str],
    settings: Settings,
    *,
    price_factor: float = 1.0,
) -> LLMResult:
    """One article's result from its chunks' drafts, priced (the Batch API at a discount)."""
    price = price_for(settings.llm_model, settings.llm_prices)
    if price is None:
        warnings.append(f"no price for model {settings.llm_model!r}; cost reported as 0")
    usage.cost_usd = round(cost_usd(usage, price) * price_factor, 8)
    draft = drafts[0] if len(drafts) == 1 else merge_drafts(drafts)
    return LLMResult(draft, usage, settings.llm_model, prompt_version(), warnings)
