"""Sheets kept for permalinks (/review/{sheet_id}): the sheet cache's backends, own namespace.

SQLite under FACTSHEET_DATA_DIR by default, Redis when FACTSHEET_REDIS_URL is set; entries
live as long as cached sheets (FACTSHEET_CACHE_TTL_S). The final sheet is kept under its id,
a provisional (extractive, while the LLM works) one under `{id}.provisional`.
"""

from __future__ import annotations

from schemas.factsheet import FactSheet
from service.cache import RedisCache, SheetCache, SqliteCache
from service.config import Settings

PROVISIONAL = ".provisional"


def make_store(settings: Settings) -> SheetCache:
    """Return the permalink store: the same classes as the cache, never shared keys."""
    if settings.redis_url:
        prefix = f"{settings.redis_prefix}:review"
        return RedisCache(settings.redis_url, prefix, settings.cache_ttl_s)
    return SqliteCache(settings.data_dir / "review.sqlite", settings.cache_ttl_s)


def key(sheet_id: str, *, provisional: bool = False) -> str:
    """The store key of a sheet id."""
    return sheet_id + (PROVISIONAL if provisional else "")


async def keep(store: SheetCache, sheet: FactSheet, *, provisional: bool = False) -> None:
    """Store a sheet so its permalink works."""
    await store.put(key(sheet.id, provisional=provisional), sheet)
