"""Sheet cache keyed by text, options, model and prompt version: SQLite file, or Redis."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Protocol

import redis.asyncio as aioredis

from schemas.factsheet import FactSheet
from service.config import Settings


class SheetCache(Protocol):
    """What the pipeline needs of a cache."""

    async def get(self, key: str) -> FactSheet | None:
        """Return the cached sheet, or None."""

    async def put(self, key: str, sheet: FactSheet) -> None:
        """Store a sheet under the key."""


class SqliteCache:
    """The embedded default: one SQLite file, safe across processes."""

    def __init__(self, path: Path, ttl_s: int) -> None:
        self._path, self._ttl = path, ttl_s
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS sheets (key TEXT PRIMARY KEY, sheet TEXT, expires REAL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=10)

    def _get(self, key: str) -> FactSheet | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT sheet FROM sheets WHERE key = ? AND expires > ?", (key, time.time())
            ).fetchone()
        return FactSheet.model_validate_json(row[0]) if row else None

    def _put(self, key: str, sheet: FactSheet) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO sheets VALUES (?, ?, ?)",
                (key, sheet.model_dump_json(), time.time() + self._ttl),
            )

    async def get(self, key: str) -> FactSheet | None:
        """Return the cached sheet, or None."""
        return await asyncio.to_thread(self._get, key)

    async def put(self, key: str, sheet: FactSheet) -> None:
        """Store a sheet under the key."""
        await asyncio.to_thread(self._put, key, sheet)


class RedisCache:
    """Shared by every replica and worker when FACTSHEET_REDIS_URL is set."""

    def __init__(self, url: str, prefix: str, ttl_s: int) -> None:
        self._redis = aioredis.Redis.from_url(url)
        self._prefix, self._ttl = f"{prefix}:sheet:", ttl_s

    async def get(self, key: str) -> FactSheet | None:
        """Return the cached sheet, or None."""
        raw = await self._redis.get(self._prefix + key)
        return FactSheet.model_validate_json(raw) if raw else None

    async def put(self, key: str, sheet: FactSheet) -> None:
        """Store a sheet under the key, with the configured lifetime."""
        await self._redis.set(self._prefix + key, sheet.model_dump_json(), ex=self._ttl)


def make_cache(settings: Settings) -> SheetCache | None:
    """Return the configured cache, or None when caching is off."""
    if not settings.cache:
        return None
    if settings.redis_url:
        return RedisCache(settings.redis_url, settings.redis_prefix, settings.cache_ttl_s)
    return SqliteCache(settings.data_dir / "cache.sqlite", settings.cache_ttl_s)


def make_permalink_store(settings: Settings) -> SheetCache:
    """The store of sheets kept for review permalinks: the cache's backends, its own keys.

    SQLite under FACTSHEET_DATA_DIR by default, Redis when FACTSHEET_REDIS_URL is set;
    entries live as long as cached sheets (FACTSHEET_CACHE_TTL_S).
    """
    if settings.redis_url:
        prefix = f"{settings.redis_prefix}:review"
        return RedisCache(settings.redis_url, prefix, settings.cache_ttl_s)
    return SqliteCache(settings.data_dir / "review.sqlite", settings.cache_ttl_s)
