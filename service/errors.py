"""The Factsheet exception tree; interfaces map it to exit codes or HTTP in one place.

FactsheetError
 +-- InputError              the article cannot be analysed (CLI exit 2, HTTP 422)
 |    +-- EmptyInput         empty or whitespace-only
 |    +-- BinaryInput        binary data (NUL or control bytes)
 |    +-- UndecodableInput   bytes that are not valid UTF-8
 |    +-- InputTooLong       longer than FACTSHEET_MAX_CHARS (HTTP 413)
 |    +-- FetchRefused       a URL refused by the fetch policy (scheme, address, redirect)
 |    +-- FetchFailed        a URL that could not be fetched (timeout, size, status, type)
 +-- ConfigError             settings are invalid
 +-- UpstreamError           the LLM endpoint failed (falls back to extractive, or HTTP 502)
 |    +-- UpstreamUnavailable  connection error, 429 or 5xx after retries (HTTP 503)
 |    |    +-- CircuitOpen      the breaker is open: no call was made (HTTP 503)
 |    +-- UpstreamTimeout      no answer within FACTSHEET_LLM_TIMEOUT_S (HTTP 504)
 |    +-- UpstreamBadOutput    refusal, truncation, invalid JSON after re-asks (HTTP 502)
 +-- GroundingError          a span does not match the text: a bug, never passed through (500)
 +-- JobNotFound             no batch job has this id (HTTP 404)
 +-- SheetNotKept            no sheet is kept for this review permalink (HTTP 404)
 +-- AuthError               missing, malformed or unknown API key (HTTP 401)
 +-- CsrfRejected            a review form post without its CSRF token or cross-origin (403)
 +-- DeadlineExceeded        the request ran past FACTSHEET_DEADLINE_S (HTTP 504)
 +-- RateLimited             the API key sent too many requests (HTTP 429)
"""

from __future__ import annotations


class FactsheetError(Exception):
    """Base of every error Factsheet raises on purpose."""


class InputError(FactsheetError):
    """The article cannot be analysed."""


class EmptyInput(InputError):
    """The article is empty or whitespace only."""


class BinaryInput(InputError):
    """The article looks like binary data, not text."""


class UndecodableInput(InputError):
    """The article bytes are not valid UTF-8."""


class InputTooLong(InputError):
    """The article is longer than the configured limit."""


class FetchRefused(InputError):
    """A URL the fetch policy refuses: its scheme, userinfo or an address it leads to."""


class FetchFailed(InputError):
    """A URL that could not be fetched: timeout, too large, bad status or content type."""


class ConfigError(FactsheetError):
    """Settings are invalid."""


class GroundingError(FactsheetError):
    """A span in the output does not match the article text (a bug; never shipped)."""


class JobNotFound(FactsheetError):
    """No batch job has the requested id."""


class SheetNotKept(FactsheetError):
    """No sheet is kept under the requested review permalink (never kept, or expired)."""


class UpstreamError(FactsheetError):
    """The LLM endpoint failed; ``llm_calls`` counts the HTTP requests made before giving up."""

    def __init__(self, message: str, *, llm_calls: int = 0) -> None:
        super().__init__(message)
        self.llm_calls = llm_calls


class UpstreamUnavailable(UpstreamError):
    """The endpoint is unreachable, rate-limited or failing; retry after ``retry_after`` s."""

    def __init__(
        self, message: str, *, llm_calls: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message, llm_calls=llm_calls)
        self.retry_after = retry_after


class CircuitOpen(UpstreamUnavailable):
    """The endpoint's circuit breaker is open; no call was made (see service/llm/breaker.py)."""


class UpstreamTimeout(UpstreamError):
    """The endpoint did not answer in time."""


class UpstreamBadOutput(UpstreamError):
    """The endpoint answered, but with nothing usable (refusal, truncation, invalid JSON)."""


class AuthError(FactsheetError):
    """The request carries no valid API key; the message never names which check failed."""


class CsrfRejected(FactsheetError):
    """A review-page form post from another origin or without the CSRF cookie's token."""


class DeadlineExceeded(FactsheetError):
    """The request took longer than the configured deadline."""


class RateLimited(FactsheetError):
    """The caller is over its request rate; retry after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after
