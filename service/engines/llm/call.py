"""The one function that calls the LLM: a Draft of the article, with usage and warnings.

The openai client owns the HTTP (retries, backoff, Retry-After); this module owns the
request body (service/engines/llm/wire.py), reading the answer, and the re-ask: near
misses are forgiven locally, and only the items that still fail are asked again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx2
import openai

from service.config import Settings
from service.engines.llm.answer import (
    Checked,
    check_answer,
    merge_answers,
    reask_text,
    shapeless_warnings,
    to_draft,
    whole_reask_text,
)
from service.engines.llm.budget import CallBudget
from service.engines.llm.chunking import merge_drafts, split_chunks
from service.engines.llm.draft import MAX_CLAIMS, ArticleView, Draft
from service.engines.llm.failures import to_upstream
from service.engines.llm.prompts import prompt_version, render_messages
from service.engines.llm.usage import (
    LLMUsage,
    cost_usd,
    counting,
    counting_sent,
    install_counter,
    note_forgiven,
    note_reask,
    price_for,
)
from service.engines.llm.wire import (
    answer_text,
    output_budget,
    parse_json,
    request_body,
    whole_items,
)
from service.errors import ConfigError, UpstreamBadOutput, UpstreamError
from service.pipeline.types import Sentence


@dataclass(slots=True)
class LLMResult:
    """A validated Draft (not yet grounded), what it cost, and what the reader should know."""

    draft: Draft
    usage: LLMUsage
    model: str
    prompt_version: str
    warnings: list[str] = field(default_factory=list)


def openai_client(settings: Settings, http_client: httpx2.AsyncClient) -> openai.AsyncOpenAI:
    """The openai client on the shared HTTP client: key, base URL, timeout, HTTP retries."""
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return openai.AsyncOpenAI(
        # Local servers (llama.cpp, Ollama) take any key, but the client needs one.
        api_key=key or "unused",
        base_url=settings.llm_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_http_retries,
        http_client=http_client,
    )


def warm_up(settings: Settings) -> None:
    """Pay the LLM stack's one-time costs (lazy imports, tokenizer) before the first request.

    Both run synchronously on first use, about a second, where no deadline can cut them.
    """
    # Never sends: the client is dropped unused. `.chat.completions` is imported lazily
    # by openai on first use (over a second); touching it here pays that now.
    _ = openai_client(settings, httpx2.AsyncClient()).chat.completions
    split_chunks([Sentence("s1", 0, 4, "Warm")], "Warm", settings.llm_context_tokens)
    request_body(settings, [{"role": "system", "content": ""}], MAX_CLAIMS)


@dataclass(slots=True)
class _Ask:
    """What drafting one chunk shares with the rest of the article."""

    client: openai.AsyncOpenAI
    settings: Settings
    budget: CallBudget
    usage: LLMUsage
    max_claims: int
    summary_sentences: int
    warnings: list[str]


async def _complete(ask: _Ask, messages: list[dict[str, Any]]) -> Any:
    """One completion, its HTTP retries taken from the budget (the first request already is)."""
    extra = ask.budget.take(ask.settings.llm_http_retries)
    ask.usage.answers += 1
    body = request_body(ask.settings, messages, ask.max_claims)
    with counting_sent() as sent:
        try:
            client = ask.client.with_options(max_retries=extra)
            completion = await client.chat.completions.create(**body)
        finally:
            ask.budget.give_back(1 + extra - sent[0])
    ask.usage.add_completion(completion)
    return completion


def _read(ask: _Ask, completion: Any, view: ArticleView) -> Checked:
    """Check one answer; raise ValueError when it cannot be read at all."""
    return check_completion(
        completion, view, settings=ask.settings, usage=ask.usage, max_claims=ask.max_claims
    )


def check_completion(
    completion: Any, view: ArticleView, *, settings: Settings, usage: LLMUsage, max_claims: int
) -> Checked:
    """Check one answer (online, or from the Batch API); ValueError when it is unreadable."""
    if usage.refusals:
        raise UpstreamBadOutput(f"the model refused: {usage.refusals[-1][:200]}")
    choices = getattr(completion, "choices", None) or []
    spent = int(getattr(getattr(completion, "usage", None), "completion_tokens", 0) or 0)
    # llama.cpp's server says "tool_calls" for an answer cut at the budget; the count tells.
    truncated = bool(choices) and (
        choices[0].finish_reason == "length" or spent >= output_budget(settings, max_claims)
    )
    text = answer_text(completion, settings.llm_mode)
    if not text.strip():
        if truncated:
            raise UpstreamBadOutput(_truncated(settings, max_claims))
        raise ValueError("no JSON in the answer")
    data = parse_json(text, truncated=truncated)
    if truncated:
        data, cut = whole_items(data)
        checked = check_answer(data, view, max_claims)
        if not (checked.claims or checked.ungrounded or checked.sources or checked.summary):
            raise UpstreamBadOutput(_truncated(settings, max_claims))
        checked.warnings.append(
            f"{_truncated(settings, max_claims)}; kept the complete items, left out {cut} cut off"
        )
        return checked
    return check_answer(data, view, max_claims)


def _truncated(settings: Settings, max_claims: int) -> str:
    return f"the model's output was cut at {output_budget(settings, max_claims)} tokens"


async def _draft_chunk(ask: _Ask, chunk: Sequence[Sentence], text: str, prompt: Any) -> Draft:
    """Draft one chunk: one answer, then re-asks for what still fails, within the budget."""
    view = ArticleView({s.id: s.text for s in chunk}, text)
    messages: list[dict[str, Any]] = list(prompt)
    kept: Checked | None = None
    reasks = 0
    while True:
        completion = await _complete(ask, messages)
        try:
            checked = _read(ask, completion, view)
        except ValueError as exc:
            if kept is not None:
                # The re-ask's answer is unreadable, but the first one had usable items.
                left_out = ", ".join(f.label for f in kept.failing)
                kept.warnings.append(
                    f"the re-ask's answer could not be read ({str(exc)[:200]}); left out {left_out}"
                )
                kept.ungrounded.clear()
                kept.failing.clear()
                break
            if reasks >= ask.settings.llm_reasks or not ask.budget.take(1):
                raise UpstreamBadOutput(
                    f"invalid output after {ask.usage.answers} answer(s): {str(exc)[:200]}"
                ) from exc
            reasks += 1
            ask.usage.reasks += 1
            note_reask("unreadable")
            messages = [*prompt, {"role": "user", "content": whole_reask_text(str(exc))}]
            continue
        if checked.forgiven:
            note_forgiven(checked.forgiven)
        kept = checked if kept is None else merge_answers(kept, checked)
        if not kept.failing or reasks >= ask.settings.llm_reasks or not ask.budget.take(1):
            break
        reasks += 1
        ask.usage.reasks += 1
        note_reask("items")
        messages = [*prompt, {"role": "user", "content": reask_text(kept.failing)}]
    draft = to_draft(kept, lenient=True, summary_sentences=ask.summary_sentences)
    ask.warnings.extend(kept.warnings)
    ask.warnings.extend(shapeless_warnings(kept))
    return draft


async def _draft_all(ask: _Ask, chunks: list[list[Sentence]], text: str, args: Any) -> list[Draft]:
    """Draft every chunk concurrently; the first failure cancels the rest."""
    jobs = [_draft_chunk(ask, c, text, render_messages(c, **args)) for c in chunks]
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
    usage: LLMUsage | None = None,
) -> LLMResult:
    """Ask the LLM for a Draft of the article, one call per chunk; raise an UpstreamError.

    ``usage`` (optional) is filled as calls are made, so a caller that times out or
    falls back still knows what was spent.
    """
    if not settings.llm_configured:
        raise ConfigError("no LLM configured: set FACTSHEET_LLM_BASE_URL or an API key")
    usage = usage if usage is not None else LLMUsage()
    warnings: list[str] = []
    # Counting tokens of a long article is CPU work: off the event loop.
    chunks = await asyncio.to_thread(split_chunks, sentences, text, settings.llm_context_tokens)
    budget = CallBudget(settings.llm_max_calls)
    if budget.take(len(chunks)) < len(chunks):
        raise UpstreamError(
            f"the article needs {len(chunks)} calls, over FACTSHEET_LLM_MAX_CALLS="
            f"{settings.llm_max_calls}"
        )
    if len(chunks) > 1:
        warnings.append(f"article split into {len(chunks)} parts to fit the model's context")
    cap = min(max_claims or settings.max_claims, MAX_CLAIMS)
    lines = summary_sentences or settings.summary_sentences
    prompt_args: dict[str, Any] = {"title": title, "max_claims": cap, "summary_sentences": lines}
    # Pass a long-lived client in production: a new one per article means new connections.
    http = http_client or httpx2.AsyncClient()
    install_counter(http)
    ask = _Ask(openai_client(settings, http), settings, budget, usage, cap, lines, warnings)
    price = price_for(settings.llm_model, settings.llm_prices)
    try:
        with counting(usage):
            drafts = await _draft_all(ask, chunks, text, prompt_args)
    except UpstreamError as exc:
        exc.llm_calls = usage.llm_calls
        raise
    except Exception as exc:
        mapped = to_upstream(exc, usage, output_budget(settings, cap))
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        usage.cost_usd = cost_usd(usage, price)
        if http_client is None:
            await http.aclose()
    if price is None:
        warnings.append(f"no price for model {settings.llm_model!r}; cost unknown")
    draft = drafts[0] if len(drafts) == 1 else merge_drafts(drafts, summary_sentences=lines)
    return LLMResult(draft, usage, settings.llm_model, prompt_version(), warnings)
