"""The job store contract both backends (SQLite, Redis) fulfil, and the status model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from schemas.options import Options
from service.jobs.records import BadLine, Item

JobState = Literal["queued", "running", "done", "cancelled"]


class JobStatus(BaseModel):
    """Where a batch job stands."""

    id: str = Field(description="Job id.")
    status: JobState = Field(description="queued, running, done or cancelled.")
    total: int = Field(description="Articles in the job, bad input lines included.")
    done: int = Field(description="Articles with a result (succeeded + failed).")
    succeeded: int = Field(description="Articles with a fact sheet.")
    failed: int = Field(description="Articles with an error record.")
    created_at: float = Field(description="Unix time of submission.")


def job_status(
    job_id: str, *, total: int, done: int, failed: int, cancelled: bool, created_at: float
) -> JobStatus:
    """Derive the state from the counts, so it can never disagree with them."""
    state: JobState
    if cancelled and done < total:
        state = "cancelled"
    elif done >= total:
        state = "done"
    else:
        state = "running" if done else "queued"
    return JobStatus(
        id=job_id,
        status=state,
        total=total,
        done=done,
        succeeded=done - failed,
        failed=failed,
        created_at=created_at,
    )


class JobStore(Protocol):
    """Durable jobs and results; every result write is idempotent per (job, article)."""

    async def create(
        self, job_id: str, entries: Sequence[Item | BadLine], options: Options
    ) -> list[str]:
        """Store a job (bad lines as error results) and return the article ids to run."""
        ...

    async def task(self, job_id: str, article_id: str) -> tuple[Item, Options] | None:
        """The article to run, or None when cancelled, already done or unknown."""
        ...

    async def write(self, job_id: str, article_id: str, record: bytes, *, ok: bool) -> bool:
        """Store a result unless one exists; True when this call stored it."""
        ...

    async def status(self, job_id: str) -> JobStatus:
        """The job's status; raises JobNotFound."""
        ...

    def results(self, job_id: str) -> AsyncIterator[bytes]:
        """The result lines stored so far."""
        ...

    async def cancel(self, job_id: str) -> JobStatus:
        """Stop running the job's remaining articles; raises JobNotFound."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
