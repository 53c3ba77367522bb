"""What LLM calls cost: HTTP requests counted on the wire, tokens summed, USD by price table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx2

from service.config import ModelPrice
from service.observability import metrics


@dataclass(slots=True)
class LLMUsage:
    """Calls, tokens and cost of one article's drafting, failed attempts included.

    ``llm_calls`` counts HTTP requests on the wire; ``answers`` the completions asked
    for (first asks and re-asks), so ``http_retries`` is what the client re-sent.
    """

    llm_calls: int = 0
    answers: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    refusals: list[str] = field(default_factory=list)

    @property
    def http_retries(self) -> int:
        """HTTP requests beyond one per answer asked for (429, 5xx, connection retries)."""
        return max(self.llm_calls - self.answers, 0)

    def add_completion(self, completion: Any) -> None:
        """Add the token usage of one chat completion and note a refusal if it carries one."""
        usage = getattr(completion, "usage", None)
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        details = getattr(usage, "prompt_tokens_details", None)
        self.cached_prompt_tokens += int(getattr(details, "cached_tokens", 0) or 0)
        for choice in getattr(completion, "choices", None) or []:
            refusal = getattr(getattr(choice, "message", None), "refusal", None)
            if refusal:
                self.refusals.append(str(refusal))


def price_for(model: str, prices: Mapping[str, ModelPrice]) -> ModelPrice | None:
    """Return the price of ``model``: an exact entry, else the longest matching prefix."""
    if model in prices:
        return prices[model]
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def cost_usd(usage: LLMUsage, price: ModelPrice | None) -> float | None:
    """Return the USD cost of ``usage`` at ``price``; None (unknown) for an unpriced model.

    Cached prompt tokens cost ``price.cached`` when the table gives it, else the full price.
    """
    if price is None:
        return None
    cached = min(usage.cached_prompt_tokens, usage.prompt_tokens)
    cached_price = price.prompt if price.cached is None else price.cached
    total = (
        (usage.prompt_tokens - cached) * price.prompt
        + cached * cached_price
        + usage.completion_tokens * price.completion
    )
    return round(total / 1_000_000, 8)


# The HTTP client may be shared by concurrent requests, so the counter a request
# hook increments is found through a ContextVar: each asyncio task sees its own.
_COUNTER: ContextVar[LLMUsage | None] = ContextVar("factsheet_llm_usage", default=None)


_SENT: ContextVar[list[int] | None] = ContextVar("factsheet_llm_sent", default=None)


async def _count_request(request: httpx2.Request) -> None:
    metrics.llm_request()
    usage = _COUNTER.get()
    if usage is not None:
        usage.llm_calls += 1
    sent = _SENT.get()
    if sent is not None:
        sent[0] += 1


def install_counter(client: httpx2.AsyncClient) -> None:
    """Make ``client`` count each request it sends (retries included) into the active usage."""
    hooks = client.event_hooks
    if _count_request not in hooks.get("request", []):
        hooks.setdefault("request", []).append(_count_request)
        client.event_hooks = hooks


@contextmanager
def counting(usage: LLMUsage) -> Iterator[LLMUsage]:
    """Count the HTTP requests made inside this block (in this task) into ``usage``."""
    token = _COUNTER.set(usage)
    try:
        yield usage
    finally:
        _COUNTER.reset(token)


@contextmanager
def counting_sent() -> Iterator[list[int]]:
    """Count, in ``[n]``, the HTTP requests this task sends inside the block (one completion)."""
    sent = [0]
    token = _SENT.set(sent)
    try:
        yield sent
    finally:
        _SENT.reset(token)
