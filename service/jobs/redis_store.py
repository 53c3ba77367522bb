"""The shared job store in Redis: any API replica and any worker on any machine can use it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence

from redis.asyncio import Redis

from schemas.options import Options
from service.errors import JobNotFound
from service.jobs.records import BadLine, Item
from service.jobs.store import JobStatus, job_status

# Store the result, append it to the order list and count it in one atomic step, so a
# second delivery of the same article (at-least-once) changes nothing.
_WRITE = """
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'done', 1)
if ARGV[3] == '0' then redis.call('HINCRBY', KEYS[1], 'failed', 1) end
return 1
"""


class RedisStore:
    """Jobs under `{prefix}:job:{id}`: a meta hash, items, results, and the result order."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._write = redis.register_script(_WRITE)

    @classmethod
    def from_url(cls, url: str, prefix: str) -> RedisStore:
        """Connect lazily to the Redis at url."""
        return cls(Redis.from_url(url), prefix)

    def _keys(self, job_id: str) -> tuple[str, str, str, str]:
        base = f"{self._prefix}:job:{job_id}"
        return base, f"{base}:items", f"{base}:results", f"{base}:order"

    async def create(
        self, job_id: str, entries: Sequence[Item | BadLine], options: Options
    ) -> list[str]:
        """Store a job (bad lines as error results) and return the article ids to run."""
        meta, items_key, results, order = self._keys(job_id)
        items = [e for e in entries if isinstance(e, Item)]
        bad = [e for e in entries if isinstance(e, BadLine)]
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                meta,
                mapping={
                    "options": options.model_dump_json(),
                    "total": len(entries),
                    "done": len(bad),
                    "failed": len(bad),
                    "created": time.time(),
                },
            )
            if items:
                pipe.hset(items_key, mapping={i.id: i.model_dump_json() for i in items})
            if bad:
                pipe.hset(results, mapping={b.id: b.record() for b in bad})
                pipe.rpush(order, *[b.id for b in bad])
            await pipe.execute()
        return [i.id for i in items]

    async def task(self, job_id: str, article_id: str) -> tuple[Item, Options] | None:
        """The article to run, or None when cancelled, already done or unknown."""
        meta, items_key, results, _ = self._keys(job_id)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hmget(meta, ["options", "cancelled"])
            pipe.hexists(results, article_id)
            pipe.hget(items_key, article_id)
            (options, cancelled), done, item = await pipe.execute()
        if options is None or cancelled or done or item is None:
            return None
        return Item.model_validate_json(item), Options.model_validate_json(options)

    async def write(self, job_id: str, article_id: str, record: bytes, *, ok: bool) -> bool:
        """Store a result unless one exists; True when this call stored it."""
        meta, _, results, order = self._keys(job_id)
        stored = await self._write(keys=[meta, results, order], args=[article_id, record, int(ok)])
        return bool(stored)

    async def status(self, job_id: str) -> JobStatus:
        """The job's status; raises JobNotFound."""
        meta = self._keys(job_id)[0]
        total, done, failed, cancelled, created = await self._redis.hmget(
            meta, ["total", "done", "failed", "cancelled", "created"]
        )
        if total is None:
            raise JobNotFound(f"no batch job {job_id!r}")
        return job_status(
            job_id,
            total=int(total),
            done=int(done or 0),
            failed=int(failed or 0),
            cancelled=bool(cancelled),
            created_at=float(created or 0),
        )

    async def results(self, job_id: str) -> AsyncIterator[bytes]:
        """The result lines stored so far, in the order they were written."""
        await self.status(job_id)
        _, _, results, order = self._keys(job_id)
        start = 0
        while ids := await self._redis.lrange(order, start, start + 499):
            start += len(ids)
            for record in await self._redis.hmget(results, ids):
                if isinstance(record, bytes):
                    yield record

    async def cancel(self, job_id: str) -> JobStatus:
        """Stop running the job's remaining articles; raises JobNotFound."""
        await self.status(job_id)
        await self._redis.hset(self._keys(job_id)[0], "cancelled", 1)
        return await self.status(job_id)

    async def delete(self, job_id: str) -> None:
        """Remove every key of a job (tests and retention)."""
        await self._redis.delete(*self._keys(job_id))

    async def ping(self) -> None:
        """Raise a redis or OS error when the server does not answer."""
        await self._redis.ping()

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()
