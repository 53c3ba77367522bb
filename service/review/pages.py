"""Render the review pages: Jinja2 templates, a nonce per response, the CSRF cookie, the lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from schemas.factsheet import FactSheet
from service.api.auth import key_matches
from service.api.ratelimit import RateLimiter, client_id
from service.config import Settings
from service.errors import CsrfRejected
from service.review import security
from service.review.article import article_html
from service.review.render import STATUS_TEXT, STATUSES, review

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
_ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"], default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def unlocked(request: Request, settings: Settings) -> bool:
    """True when keys are off, or the browser holds a valid key cookie."""
    if not settings.api_keys:
        return True
    value = request.cookies.get(security.SESSION_COOKIE)
    return security.session_valid(value, settings.api_keys)


def key_valid(key: str, settings: Settings) -> bool:
    """True when `key` is one of the API keys (constant time, as for the API)."""
    return bool(key) and key_matches(key, settings.api_keys)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def html_of(
    template: str,
    *,
    nonce: str,
    csrf: str,
    settings: Settings,
    signed_in: bool = False,
    **context: Any,
) -> str:
    """Render `template` to a string (no request needed: benches and tests use it too)."""
    return _ENV.get_template(template).render(
        nonce=nonce,
        csrf=csrf,
        csrf_field=security.CSRF_FIELD,
        signed_in=signed_in,
        llm=settings.llm_configured,
        statuses=STATUSES,
        status_text=STATUS_TEXT,
        **context,
    )


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render `template` with a fresh nonce and the CSRF token; set the CSRF cookie if new."""
    settings: Settings = request.app.state.settings
    nonce = security.new_token()
    known = request.cookies.get(security.CSRF_COOKIE)
    csrf = known if known and len(known) <= 64 and known.isascii() else security.new_token()
    signed_in = bool(settings.api_keys) and unlocked(request, settings)
    html = html_of(
        template, nonce=nonce, csrf=csrf, settings=settings, signed_in=signed_in, **context
    )
    response = HTMLResponse(html, status, headers=security.page_headers(nonce))
    if csrf != known:
        response.set_cookie(
            security.CSRF_COOKIE,
            csrf,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/review",
        )
    return response


def sheet_context(sheet: FactSheet, *, provisional: bool) -> dict[str, Any]:
    """What the sheet templates need: the page model and the article markup."""
    model = review(sheet)
    markup = article_html(model.pieces)
    return {"r": model, "sheet": sheet, "article": markup, "provisional": provisional}


def take_rate(request: Request) -> None:
    """Spend one token of the API's rate limit per form post (429 when the bucket is empty).

    Bucketed by the key cookie when there is one, else by the client address, so the key
    form cannot be used to guess keys faster than the API could be.
    """
    limiter: RateLimiter | None = getattr(request.app.state, "limiter", None)
    if limiter is None or not limiter.enabled:
        return
    session = request.cookies.get(security.SESSION_COOKIE)
    limiter.check(client_id(session, request.client.host if request.client else None))


def check_form(request: Request, token: str | None) -> None:
    """Refuse a form post from another origin or without the CSRF cookie's token (403)."""
    host = request.headers.get("host")
    if not security.same_origin(request.headers.get("origin"), host):
        raise CsrfRejected("cross-origin form post")
    if not security.csrf_valid(request.cookies.get(security.CSRF_COOKIE), token):
        raise CsrfRejected("missing or wrong CSRF token")


def sign_in(response: HTMLResponse | Any, request: Request, key: str) -> None:
    """Set the key cookie on `response`."""
    response.set_cookie(
        security.SESSION_COOKIE,
        security.session_value(key),
        max_age=security.SESSION_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/review",
    )


def sign_out(response: HTMLResponse | Any) -> None:
    """Clear the key cookie."""
    response.delete_cookie(
        security.SESSION_COOKIE, path="/review", httponly=True, samesite="strict"
    )
