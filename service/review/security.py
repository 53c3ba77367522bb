"""The review page's browser security: CSP with a nonce, the key cookie, CSRF tokens.

- Every page carries a Content-Security-Policy that allows only this origin's stylesheet,
  scripts with the response's nonce, and fetches to this origin: no inline script without
  the nonce, no inline handlers, no third-party origin, no request to any other host.
- With API keys set, a browser proves it knows one through the key form, which sets an
  HttpOnly, SameSite=Strict cookie holding an HMAC of a fixed label under the key (never the
  key itself); revoking the key revokes its cookies.
- Form posts carry a CSRF token that must equal the (HttpOnly, SameSite=Strict) CSRF cookie
  (double submit), and a cross-origin Origin header is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from pydantic import SecretStr

SESSION_COOKIE = "factsheet_review"
CSRF_COOKIE = "factsheet_csrf"
CSRF_FIELD = "csrf"
SESSION_MAX_AGE_S = 8 * 3600
_SESSION_LABEL = b"factsheet review session v1"


def new_token() -> str:
    """A fresh random token (nonces and CSRF tokens)."""
    return secrets.token_urlsafe(24)


def content_security_policy(nonce: str) -> str:
    """The policy of every review page."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


def page_headers(nonce: str) -> dict[str, str]:
    """Headers of every review page: CSP, no sniffing, no framing, no caching.

    Referrer-Policy is same-origin, not no-referrer: under no-referrer browsers send
    `Origin: null` on form posts, which the origin check must refuse. Other hosts still
    never see where a reader came from.
    """
    return {
        "Content-Security-Policy": content_security_policy(nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
    }


def session_value(key: str) -> str:
    """The cookie value that proves knowledge of `key` without holding it."""
    return hmac.new(key.encode(), _SESSION_LABEL, hashlib.sha256).hexdigest()


def session_valid(value: str | None, keys: Sequence[SecretStr]) -> bool:
    """True when `value` is the session value of one of `keys` (compared against every key)."""
    if not value:
        return False
    found = False
    for key in keys:
        found |= hmac.compare_digest(value.encode(), session_value(key.get_secret_value()).encode())
    return found


def csrf_valid(cookie: str | None, field: str | None) -> bool:
    """True when the form's token equals the CSRF cookie (both present)."""
    return bool(cookie and field) and hmac.compare_digest(str(cookie), str(field))


def same_origin(origin: str | None, host: str | None) -> bool:
    """True when there is no Origin header (same-origin GET, old clients) or it names `host`."""
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == (host or "")


def safe_next(path: str | None) -> str:
    """Where to go after the key form: only a path of the review page, never another site."""
    if path and path.startswith("/review") and not path.startswith("//") and "\\" not in path:
        return path
    return "/review"
