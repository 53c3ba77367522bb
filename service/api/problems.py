"""The one place exceptions become RFC 9457 `application/problem+json` responses."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from service import errors

MEDIA_TYPE = "application/problem+json"
# Used when the upstream gave no Retry-After: long enough not to hammer a struggling endpoint.
DEFAULT_RETRY_AFTER_S = 30
log = logging.getLogger(__name__)


class FieldError(BaseModel):
    """One reason a request body was rejected (the offending input is never echoed)."""

    loc: list[str | int] = Field(description="Where in the request: ['body', 'options', ...].")
    msg: str = Field(description="What is wrong.")
    type: str = Field(description="Machine-readable error type (pydantic's).")


class Problem(BaseModel):
    """An RFC 9457 problem detail."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="What went wrong with this request.")
    instance: str | None = Field(default=None, description="Path of the request.")
    request_id: str | None = Field(default=None, description="Quote it when reporting a problem.")
    errors: list[FieldError] | None = Field(default=None, description="Invalid fields (422).")


@dataclass(frozen=True, slots=True)
class Kind:
    """How one exception class is presented; a fixed `detail` hides the exception message."""

    status: int
    slug: str | None
    title: str
    detail: str | None = None

    @property
    def type(self) -> str:
        """The type URI: a URN (the service owns no docs domain), or about:blank for plain HTTP."""
        return "about:blank" if self.slug is None else f"urn:factsheet:problem:{self.slug}"


INTERNAL = Kind(500, "internal", "Internal error", "The server failed; quote the request_id.")
KINDS: dict[type[BaseException], Kind] = {
    errors.AuthError: Kind(401, "unauthorized", "Unauthorized", "A valid API key is required."),
    errors.CsrfRejected: Kind(403, "csrf", "Forbidden", "The form post was refused; reload it."),
    errors.InputTooLong: Kind(413, "article-too-long", "Article too long"),
    errors.JobNotFound: Kind(404, "job-not-found", "Batch job not found"),
    errors.SheetNotKept: Kind(404, "sheet-not-found", "Sheet not found", "No sheet is kept here."),
    errors.InputError: Kind(422, "unusable-article", "Unusable article"),
    # A request meets a ConfigError only when it asks for what the settings do not provide
    # (engine=llm on a server without an LLM): the client can fix it, so 422 with the reason.
    errors.ConfigError: Kind(422, "unavailable-option", "Option unavailable"),
    errors.UpstreamUnavailable: Kind(
        503, "upstream-unavailable", "LLM unavailable", "The LLM endpoint is unavailable."
    ),
    errors.UpstreamTimeout: Kind(504, "upstream-timeout", "LLM timeout", "The LLM timed out."),
    errors.UpstreamBadOutput: Kind(
        502, "upstream-bad-output", "Unusable LLM output", "The LLM returned no usable output."
    ),
    errors.UpstreamError: Kind(502, "upstream-error", "LLM error", "The LLM endpoint failed."),
    errors.DeadlineExceeded: Kind(
        504, "deadline-exceeded", "Deadline exceeded", "The request ran past its deadline."
    ),
    errors.RateLimited: Kind(
        429, "rate-limited", "Too many requests", "Too many requests for this API key."
    ),
    RequestValidationError: Kind(422, "invalid-request", "Invalid request", "Invalid fields."),
}
INVALID_JSON = Kind(400, "invalid-json", "Malformed body")
BODY_TOO_LARGE = Kind(413, "body-too-large", "Body too large", "The request body is too large.")


def kind_of(exc: BaseException) -> Kind:
    """Return the Kind of the nearest mapped ancestor class, else the internal error."""
    return next((KINDS[cls] for cls in type(exc).__mro__ if cls in KINDS), INTERNAL)


def problem_response(
    request: Request,
    kind: Kind,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> Response:
    """Render one problem; 401 bodies stay constant so they reveal nothing per request."""
    constant = kind.status == 401
    request_id = getattr(request.state, "request_id", None)
    problem = Problem(
        type=kind.type,
        title=kind.title,
        status=kind.status,
        detail=detail,
        instance=None if constant else request.url.path,
        request_id=None if constant else request_id,
        errors=errors,
    )
    body = problem.model_dump_json(exclude_none=True)
    response = Response(body, kind.status, headers=headers, media_type=MEDIA_TYPE)
    if request_id is not None:
        # A 500 is rendered outside the request-id middleware, so set the header here too.
        response.headers.setdefault("X-Request-ID", request_id)
    return response


async def handle(request: Request, exc: Exception) -> Response:
    """Map any exception to its problem response (the one handler the app registers)."""
    headers: dict[str, str] = {}
    if isinstance(exc, RequestValidationError):
        return _validation_problem(request, exc)
    if isinstance(exc, HTTPException):
        return _http_problem(request, exc)
    kind = kind_of(exc)
    if kind is INTERNAL:
        log.error("unhandled %s", type(exc).__name__, exc_info=exc)
    elif kind.status >= 500:
        log.warning("%s: %s", type(exc).__name__, exc)
    if isinstance(exc, errors.AuthError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, errors.UpstreamUnavailable):
        wait = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER_S
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    if isinstance(exc, errors.RateLimited):
        headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    # Input errors carry our own messages (never the article); others get a fixed detail.
    return problem_response(request, kind, kind.detail or str(exc), headers=headers)


def _validation_problem(request: Request, exc: RequestValidationError) -> Response:
    found = exc.errors()
    broken = next((e for e in found if e.get("type") == "json_invalid"), None)
    if broken is not None:
        where = broken["loc"][-1] if broken.get("loc") else "?"
        reason = broken.get("ctx", {}).get("error", "invalid JSON")
        return problem_response(
            request, INVALID_JSON, f"Body is not JSON: {reason} (at character {where})."
        )
    # Inputs and ctx are dropped: they can hold the whole article or unserialisable objects.
    fields = [FieldError(loc=list(e["loc"]), msg=e["msg"], type=e["type"]) for e in found]
    return problem_response(
        request, KINDS[RequestValidationError], "The request body is invalid.", errors=fields
    )


def _http_problem(request: Request, exc: HTTPException) -> Response:
    # Starlette raises these itself: 404, 405, 400 for an unreadable body, 413 over the limit.
    phrase = HTTPStatus(exc.status_code).phrase
    kind = BODY_TOO_LARGE if exc.status_code == 413 else Kind(exc.status_code, None, phrase)
    return problem_response(request, kind, kind.detail or exc.detail or phrase, headers=exc.headers)


def install(app: FastAPI) -> None:
    """Register `handle` for every exception the app can raise."""
    for cls in (RequestValidationError, HTTPException, errors.FactsheetError, Exception):
        app.add_exception_handler(cls, handle)
