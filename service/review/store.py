"""Sheets kept for permalinks (/review/{sheet_id}): the sheet cache's backends, own namespace.

SQLite under FACTSHEET_DATA_DIR by default, Redis when FACTSHEET_REDIS_URL is set; entries
live as long as cached sheets (FACTSHEET_CACHE_TTL_S). Sheets are kept under their id; the
id covers the engine, so a provisional extractive sheet and the LLM sheet that replaces it
have a permalink each.
"""

from __future__ import annotations

import logging

from schemas.factsheet import FactSheet
from service.cache import RedisCache, SheetCache, SqliteCache
from service.config import Settings

log = logging.getLogger(__name__)


def make_store(settings: Settings) -> SheetCache:
    """Return the permalink store: the same classes as the cache, never shared keys."""
    if settings.redis_url:
        prefix = f"{settings.redis_prefix}:review"
        return RedisCache(settings.redis_url, prefix, settings.cache_ttl_s)
    return SqliteCache(settings.data_dir / "review.sqlite", settings.cache_ttl_s)


async def review_link(sheet: FactSheet, settings: Settings) -> str | None:
    """With FACTSHEET_PUBLIC_URL set, keep the sheet and return its review page's address."""
    if not settings.public_url:
        return None
    try:
        await keep(_shared_store(settings), sheet)
    except Exception as exc:  # the link is optional: the answer goes out without it
        log.warning("review store unavailable, no review link: %s", type(exc).__name__)
        return None
    return f"{settings.public_url}/review/{sheet.id}"


_STORES: dict[tuple[str | None, str], SheetCache] = {}


def _shared_store(settings: Settings) -> SheetCache:
    # One store per backend for the process: SQLite connects per call, Redis pools.
    where = (settings.redis_url, str(settings.data_dir))
    if where not in _STORES:
        _STORES[where] = make_store(settings)
    return _STORES[where]


async def keep(store: SheetCache, sheet: FactSheet) -> None:
    """Store a sheet so its permalink works."""
    await store.put(sheet.id, sheet)
