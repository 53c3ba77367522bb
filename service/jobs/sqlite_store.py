"""The embedded job store: one SQLite file, for a single `factsheet serve` without Redis."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from schemas.options import Options
from service.errors import JobNotFound
from service.jobs.records import BadLine, Item
from service.jobs.store import JobStatus, job_status

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, options TEXT NOT NULL,
    total INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS articles (job_id TEXT NOT NULL, article_id TEXT NOT NULL,
    item TEXT NOT NULL, PRIMARY KEY (job_id, article_id));
CREATE TABLE IF NOT EXISTS results (job_id TEXT NOT NULL, article_id TEXT NOT NULL,
    ok INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY (job_id, article_id));
"""
_PENDING = """
SELECT a.job_id, a.article_id FROM articles a JOIN jobs j ON j.id = a.job_id
WHERE j.cancelled = 0 AND j.done < j.total AND NOT EXISTS
  (SELECT 1 FROM results r WHERE r.job_id = a.job_id AND r.article_id = a.article_id)
LIMIT ?
"""


def _page(db: sqlite3.Connection, *, job_id: str, after: int) -> list[tuple[int, bytes]]:
    return db.execute(
        "SELECT rowid, record FROM results WHERE job_id = ? AND rowid > ? ORDER BY rowid LIMIT 500",
        (job_id, after),
    ).fetchall()


class SqliteStore:
    """Jobs, articles and results in one SQLite file (WAL), used from one process."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()  # one connection shared by worker threads

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                return fn(self._db)

        return await asyncio.to_thread(locked)

    async def create(
        self, job_id: str, entries: Sequence[Item | BadLine], options: Options
    ) -> list[str]:
        """Store a job (bad lines as error results) and return the article ids to run."""
        items = [e for e in entries if isinstance(e, Item)]
        bad = [e for e in entries if isinstance(e, BadLine)]

        def insert(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN")
                db.execute(
                    "INSERT INTO jobs (id, options, total, done, failed, created)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        job_id,
                        options.model_dump_json(),
                        len(entries),
                        len(bad),
                        len(bad),
                        time.time(),
                    ),
                )
                db.executemany(
                    "INSERT INTO articles VALUES (?, ?, ?)",
                    [(job_id, i.id, i.model_dump_json()) for i in items],
                )
                db.executemany(
                    "INSERT INTO results VALUES (?, ?, 0, ?)",
                    [(job_id, b.id, b.record()) for b in bad],
                )

        await self._run(insert)
        return [i.id for i in items]

    async def task(self, job_id: str, article_id: str) -> tuple[Item, Options] | None:
        """The article to run, or None when cancelled, already done or unknown."""
        row = await self._run(
            lambda db: db.execute(
                "SELECT a.item, j.options FROM articles a JOIN jobs j ON j.id = a.job_id"
                " WHERE a.job_id = ? AND a.article_id = ? AND j.cancelled = 0 AND NOT EXISTS"
                " (SELECT 1 FROM results r WHERE r.job_id = ? AND r.article_id = ?)",
                (job_id, article_id, job_id, article_id),
            ).fetchone()
        )
        if row is None:
            return None
        return Item.model_validate_json(row[0]), Options.model_validate_json(row[1])

    async def write(self, job_id: str, article_id: str, record: bytes, *, ok: bool) -> bool:
        """Store a result unless one exists; True when this call stored it."""

        def insert(db: sqlite3.Connection) -> bool:
            with db:
                db.execute("BEGIN")
                cur = db.execute(
                    "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?)",
                    (job_id, article_id, int(ok), record),
                )
                if cur.rowcount != 1:
                    return False
                db.execute(
                    "UPDATE jobs SET done = done + 1, failed = failed + ? WHERE id = ?",
                    (int(not ok), job_id),
                )
                return True

        return await self._run(insert)

    async def status(self, job_id: str) -> JobStatus:
        """The job's status; raises JobNotFound."""
        row = await self._run(
            lambda db: db.execute(
                "SELECT total, done, failed, cancelled, created FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        )
        if row is None:
            raise JobNotFound(f"no batch job {job_id!r}")
        total, done, failed, cancelled, created = row
        return job_status(
            job_id,
            total=total,
            done=done,
            failed=failed,
            cancelled=bool(cancelled),
            created_at=created,
        )

    async def results(self, job_id: str) -> AsyncIterator[bytes]:
        """The result lines stored so far, in the order they were written."""
        await self.status(job_id)
        last = 0
        while rows := await self._run(functools.partial(_page, job_id=job_id, after=last)):
            for rowid, record in rows:
                last = rowid
                yield bytes(record)

    async def cancel(self, job_id: str) -> JobStatus:
        """Stop running the job's remaining articles; raises JobNotFound."""
        await self._run(
            lambda db: db.execute("UPDATE jobs SET cancelled = 1 WHERE id = ?", (job_id,))
        )
        return await self.status(job_id)

    async def pending(self, limit: int) -> list[tuple[str, str]]:
        """Articles of live jobs that have no result yet (survives a restart by construction)."""
        rows = await self._run(lambda db: db.execute(_PENDING, (limit,)).fetchall())
        return [(job_id, article_id) for job_id, article_id in rows]

    async def pending_count(self) -> int:
        """How many articles of live jobs have no result yet (the queue depth)."""
        query = f"SELECT COUNT(*) FROM ({_PENDING.replace('LIMIT ?', '')})"  # noqa: S608
        row = await self._run(lambda db: db.execute(query).fetchone())
        return int(row[0])

    async def close(self) -> None:
        """Close the database."""
        await self._run(lambda db: db.close())
