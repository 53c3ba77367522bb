"""Optional API keys: constant-time checks, and one answer for every kind of failure."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable, Sequence

from pydantic import SecretStr

from service.errors import AuthError

log = logging.getLogger(__name__)


def _digest(value: str) -> bytes:
    # Hashing first makes both sides 32 bytes, so compare_digest leaks no key length either.
    return hashlib.sha256(value.encode()).digest()


def key_matches(candidate: str, keys: Sequence[SecretStr]) -> bool:
    """True when `candidate` is one of `keys`, compared against every key in constant time."""
    given = _digest(candidate)
    found = False
    for key in keys:
        # No early exit: the time taken does not depend on which key matched.
        found |= hmac.compare_digest(given, _digest(key.get_secret_value()))
    return found


def authenticate(keys: Sequence[SecretStr], presented: Iterable[str | None]) -> None:
    """Return when auth is off or a presented key is valid; raise AuthError otherwise."""
    if not keys:
        return
    if any(key_matches(candidate, keys) for candidate in presented if candidate):
        return
    # Log that a request was refused, never what it presented: a typo'd key is nearly a key.
    log.info("refused a request without a valid API key")
    raise AuthError("no valid API key")
