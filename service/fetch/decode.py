"""Undo a response's Content-Encoding with a hard cap on the output, whatever the input.

The fetcher asks for `Accept-Encoding: identity`, but a server may compress anyway. httpx
decompresses a whole read at once, so a 100 KB gzip bomb becomes 100 MB in memory before
any size check; here every `decompress` call is told how much output it may produce.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, AsyncIterator

from service.errors import FetchFailed

# wbits for zlib.decompressobj: gzip framing; zlib framing (deflate as RFC 9110 means it).
_GZIP = 16 + zlib.MAX_WBITS
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS
SUPPORTED = ("identity", "gzip", "x-gzip", "deflate")


def over_limit(limit: int) -> FetchFailed:
    """The error of a body past the cap (the same words whether compressed or not)."""
    return FetchFailed(f"the page is over the limit of {limit} bytes")


def encoding_of(header: str) -> str:
    """The one content coding named in a Content-Encoding header; refuse chains and others."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return "identity"
    if len(codings) > 1:
        raise FetchFailed(f"content encoding {header[:100]!r}: more than one coding")
    if codings[0] not in SUPPORTED:
        raise FetchFailed(f"content encoding {codings[0][:40]!r} is not supported")
    return codings[0]


class _Inflater:
    """One zlib stream with an output budget; deflate falls back to raw if zlib framing fails."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.stream = zlib.decompressobj(_GZIP if coding in ("gzip", "x-gzip") else _ZLIB)
        self.first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """Decompress ``data``, producing at most ``room + 1`` bytes (one more means: over)."""
        try:
            out = self.stream.decompress(data, room + 1)
        except zlib.error:
            if not (self.first and self.coding == "deflate"):
                raise FetchFailed(f"the page's {self.coding} data is corrupt") from None
            # Some servers send raw deflate without the zlib header (as browsers accept).
            self.stream = zlib.decompressobj(_RAW_DEFLATE)
            self.first = False
            return self.feed(data, room)
        self.first = False
        return out


async def decoded(chunks: AsyncIterable[bytes], coding: str, limit: int) -> AsyncIterator[bytes]:
    """Yield the decoded body; raise FetchFailed once raw or decoded bytes pass ``limit``."""
    raw = 0
    produced = 0
    inflater = None if coding == "identity" else _Inflater(coding)
    async for chunk in chunks:
        raw += len(chunk)
        if raw > limit:
            raise over_limit(limit)
        out = chunk if inflater is None else inflater.feed(chunk, limit - produced)
        produced += len(out)
        if produced > limit:
            raise over_limit(limit)
        if out:
            yield out
