"""The Factsheet exception tree: each error's public slug, HTTP status and title live here.

Every interface presents an error from these attributes alone: REST as problem+json
(service/api/problems.py), batch records as {"type": slug}, Slack by family, and every
CLI command as one line on stderr with exit status 2 (service/cli/errors.py).

FactsheetError
 +-- InputError              the article cannot be analysed (CLI exit 2, HTTP 422)
 |    +-- EmptyInput         empty or whitespace-only
 |    +-- BinaryInput        binary data (NUL or control bytes)
 |    +-- UndecodableInput   bytes that are not valid UTF-8
 |    +-- InputTooLong       longer than FACTSHEET_MAX_CHARS (HTTP 413)
 |    +-- BadInputLine       a batch input line that is not an article object
 |    +-- FetchRefused       a URL refused by the fetch policy (scheme, address, redirect)
 |    +-- FetchFailed        a URL that could not be fetched (timeout, size, status, type)
 +-- ConfigError             settings are invalid, or an option they do not provide (HTTP 422)
 +-- UpstreamError           the LLM endpoint failed (falls back to extractive, or HTTP 502)
 |    +-- UpstreamUnavailable  connection error, 429 or 5xx after retries (HTTP 503)
 |    |    +-- CircuitOpen      the breaker is open: no call was made (HTTP 503)
 |    +-- UpstreamTimeout      no answer within FACTSHEET_LLM_TIMEOUT_S (HTTP 504)
 |    +-- UpstreamBadOutput    refusal, truncation, invalid JSON after re-asks (HTTP 502)
 |    +-- BatchRequestFailed   a Batch API request gave no usable answer (batch records)
 +-- GroundingError          a span does not match the text: a bug, never passed through (500)
 +-- JobNotFound             no batch job has this id (HTTP 404)
 +-- SheetNotKept            no sheet is kept for this review permalink (HTTP 404)
 +-- AuthError               missing, malformed or unknown API key (HTTP 401)
 +-- CsrfRejected            a review form post without its CSRF token or cross-origin (403)
 +-- DeadlineExceeded        the request ran past FACTSHEET_DEADLINE_S (HTTP 504)
 +-- RateLimited             the API key sent too many requests (HTTP 429)
 +-- UnsafeOutput            a batch OUTPUT that would overwrite its input or another file (exit 2)
 +-- StoreUnavailable        the job store (Redis) cannot be reached (HTTP 503, Retry-After)
 +-- Saturated               every CPU worker is busy and the queue is full (HTTP 503)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from schemas.factsheet import Usage


class FactsheetError(Exception):
    """Base of every error Factsheet raises on purpose.

    ``slug`` names the error in problem types (urn:factsheet:problem:<slug>) and batch
    records; ``status`` is its HTTP status; ``public_detail``, when set, replaces the
    message outside the process (the message may hold internals: hosts, upstream text).
    """

    slug: ClassVar[str] = "error"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Error"
    public_detail: ClassVar[str | None] = None


class InputError(FactsheetError):
    """The article cannot be analysed."""

    slug, status, title = "unusable-article", 422, "Unusable article"


class EmptyInput(InputError):
    """The article is empty or whitespace only."""


class BinaryInput(InputError):
    """The article looks like binary data, not text."""


class UndecodableInput(InputError):
    """The article bytes are not valid UTF-8."""


class InputTooLong(InputError):
    """The article is longer than the configured limit."""

    slug, status, title = "article-too-long", 413, "Article too long"


class BadInputLine(InputError):
    """A batch input line that is not an article object (bad JSON, no id, no input)."""

    slug = "bad-input-line"


class FetchRefused(InputError):
    """A URL the fetch policy refuses: its scheme, userinfo or an address it leads to."""


class FetchFailed(InputError):
    """A URL that could not be fetched: timeout, too large, bad status or content type."""


class ConfigError(FactsheetError):
    """Settings are invalid, or a request asks for what they do not provide.

    A request meets one only when it asks for an option the settings lack (engine=llm on a
    server without an LLM): the client can fix that, hence 422 with the reason.
    """

    slug, status, title = "unavailable-option", 422, "Option unavailable"


class GroundingError(FactsheetError):
    """A span in the output does not match the article text (a bug; never shipped)."""

    slug, status, title = "internal", 500, "Internal error"
    public_detail = "The server failed; quote the request_id."


class JobNotFound(FactsheetError):
    """No batch job has the requested id."""

    slug, status, title = "job-not-found", 404, "Batch job not found"


class SheetNotKept(FactsheetError):
    """No sheet is kept under the requested review permalink (never kept, or expired)."""

    slug, status, title = "sheet-not-found", 404, "Sheet not found"
    public_detail = "No sheet is kept here."


class UpstreamError(FactsheetError):
    """The LLM endpoint failed; ``llm_calls`` counts the HTTP requests made before giving up."""

    slug, status, title = "upstream-error", 502, "LLM error"
    public_detail = "The LLM endpoint failed."

    def __init__(self, message: str, *, llm_calls: int = 0) -> None:
        super().__init__(message)
        self.llm_calls = llm_calls
        # What the failed attempts spent (tokens, re-asks), when the engine counted it.
        self.spent: Usage | None = None


class UpstreamUnavailable(UpstreamError):
    """The endpoint is unreachable, rate-limited or failing; retry after ``retry_after`` s."""

    slug, status, title = "upstream-unavailable", 503, "LLM unavailable"
    public_detail = "The LLM endpoint is unavailable."

    def __init__(
        self, message: str, *, llm_calls: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message, llm_calls=llm_calls)
        self.retry_after = retry_after


class CircuitOpen(UpstreamUnavailable):
    """The endpoint's circuit breaker is open; no call was made (engines/llm/breaker.py)."""


class BatchRequestFailed(UpstreamError):
    """A Batch API request gave no usable answer, and the article was not redone online."""

    slug, status, title = "batch-request-failed", 502, "Batch API request failed"
    public_detail = "The article's Batch API request gave no usable answer."


class UpstreamTimeout(UpstreamError):
    """The endpoint did not answer in time."""

    slug, status, title = "upstream-timeout", 504, "LLM timeout"
    public_detail = "The LLM timed out."


class UpstreamBadOutput(UpstreamError):
    """The endpoint answered, but with nothing usable (refusal, truncation, invalid JSON)."""

    slug, status, title = "upstream-bad-output", 502, "Unusable LLM output"
    public_detail = "The LLM returned no usable output."


class AuthError(FactsheetError):
    """The request carries no valid API key; the message never names which check failed."""

    slug, status, title = "unauthorized", 401, "Unauthorized"
    public_detail = "A valid API key is required."


class CsrfRejected(FactsheetError):
    """A review-page form post from another origin or without the CSRF cookie's token."""

    slug, status, title = "csrf", 403, "Forbidden"
    public_detail = "The form post was refused; reload it."


class DeadlineExceeded(FactsheetError):
    """The request took longer than the configured deadline."""

    slug, status, title = "deadline-exceeded", 504, "Deadline exceeded"
    public_detail = "The request ran past its deadline."


class RateLimited(FactsheetError):
    """The caller is over its request rate; retry after ``retry_after`` seconds."""

    slug, status, title = "rate-limited", 429, "Too many requests"
    public_detail = "Too many requests for this API key."

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnsafeOutput(FactsheetError):
    """A batch output that is the input, or an existing file that is not a record file."""

    slug, status, title = "unsafe-output", 422, "Unsafe output"


class StoreUnavailable(FactsheetError):
    """The job store (Redis) cannot be reached; retry after ``retry_after`` seconds."""

    slug, status, title = "store-unavailable", 503, "Job store unavailable"
    public_detail = "The job store cannot be reached."

    def __init__(self, message: str, *, retry_after: float = 5.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Saturated(FactsheetError):
    """Every CPU worker is busy and the queue is full; retry after ``retry_after`` seconds."""

    slug, status, title = "saturated", 503, "Server busy"
    public_detail = "Every worker is busy; retry after the given delay."

    def __init__(self, message: str, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after
