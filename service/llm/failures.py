"""Map what the openai client raises to Factsheet's UpstreamError tree, naming the cause."""

from __future__ import annotations

import email.utils
import time

import httpx2
import openai

from service.errors import UpstreamBadOutput, UpstreamError, UpstreamTimeout, UpstreamUnavailable
from service.llm.usage import LLMUsage


def retry_after(headers: httpx2.Headers) -> float | None:
    """Return the seconds a Retry-After (or retry-after-ms) header asks to wait, if any."""
    value = headers.get("retry-after")
    if value:
        try:
            return max(float(value), 0.0)
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if value else None
            return None if parsed is None else max(parsed.timestamp() - time.time(), 0.0)
    millis = headers.get("retry-after-ms")
    try:
        return None if millis is None else max(float(millis) / 1000, 0.0)
    except ValueError:
        return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def to_upstream(exc: BaseException, usage: LLMUsage, max_tokens: int) -> UpstreamError | None:
    """Return the UpstreamError for ``exc``, or None when it is not an upstream failure (a bug)."""
    calls = usage.llm_calls
    cause = exc
    if usage.refusals:
        return UpstreamBadOutput(f"the model refused: {usage.refusals[-1][:200]}", llm_calls=calls)
    if isinstance(cause, openai.APITimeoutError):
        return UpstreamTimeout("the LLM endpoint timed out", llm_calls=calls)
    if isinstance(cause, openai.APIConnectionError):
        return UpstreamUnavailable(
            f"cannot reach the LLM endpoint: {_first_line(cause)}", llm_calls=calls
        )
    if isinstance(cause, openai.APIStatusError):
        status = cause.status_code
        if status == 429 or status >= 500:
            return UpstreamUnavailable(
                f"the LLM endpoint answered {status} after retries",
                llm_calls=calls,
                retry_after=retry_after(cause.response.headers),
            )
        return UpstreamError(f"the LLM endpoint rejected the request ({status})", llm_calls=calls)
    if isinstance(cause, openai.LengthFinishReasonError):
        return UpstreamBadOutput(
            f"the model's output was truncated at {max_tokens} tokens", llm_calls=calls
        )
    return None
