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
INVALID_REQUEST = Kind(422, "invalid-request", "Invalid request", "Invalid fields.")
INVALID_JSON = Kind(400, "invalid-json", "Malformed body")
BODY_TOO_LARGE = Kind(413, "body-too-large", "Body too large", "The request body is too large.")
BODY_TIMEOUT = Kind(408, "body-timeout", "Body too slow")  # detail: the deadline it missed


def _error_kinds() -> tuple[Kind, ...]:
    """One Kind per distinct slug of the error tree, depth first in definition order."""
    found: dict[str, Kind] = {}
    stack: list[type[errors.FactsheetError]] = [errors.FactsheetError]
    while stack:
        cls = stack.pop(0)
        if cls is not errors.FactsheetError:
            found.setdefault(cls.slug, Kind(cls.status, cls.slug, cls.title, cls.public_detail))
        stack[:0] = cls.__subclasses__()
    return tuple(found.values())


# Every kind a response can have, for the OpenAPI document.
ALL_KINDS: tuple[Kind, ...] = (
    INVALID_JSON,
    BODY_TOO_LARGE,
    BODY_TIMEOUT,
    INVALID_REQUEST,
    *_error_kinds(),
)


def kind_of(exc: BaseException) -> Kind:
    """Return how an exception is presented: from its class (service/errors.py) or internal."""
    if isinstance(exc, errors.FactsheetError):
        return Kind(exc.status, exc.slug, exc.title, exc.public_detail)
    return INTERNAL


def problem_response(
    request: Request,
    kind: Kind,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> Response:
    """Render one problem; a 401 says nothing of the request but its id, whatever failed."""
    constant = kind.status == 401
    request_id = getattr(request.state, "request_id", None)
    problem = Problem(
        type=kind.type,
        title=kind.title,
        status=kind.status,
        detail=detail,
        instance=None if constant else request.url.path,
        request_id=request_id,
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
    if isinstance(exc, errors.RateLimited | errors.StoreUnavailable | errors.Saturated):
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
    return problem_response(request, INVALID_REQUEST, "The request body is invalid.", errors=fields)


def _http_problem(request: Request, exc: HTTPException) -> Response:
    # Starlette raises these itself: 404, 405, 400 for an unreadable body, 413 over the limit.
    phrase = HTTPStatus(exc.status_code).phrase
    own = {413: BODY_TOO_LARGE, 408: BODY_TIMEOUT}
    kind = own.get(exc.status_code) or Kind(exc.status_code, None, phrase)
    return problem_response(request, kind, kind.detail or exc.detail or phrase, headers=exc.headers)


def install(app: FastAPI) -> None:
    """Register `handle` for every exception the app can raise."""
    for cls in (RequestValidationError, HTTPException, errors.FactsheetError, Exception):
        app.add_exception_handler(cls, handle)
