"""Summarise one batch article into its output record; the step every batch path shares."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import service.produce as pipeline
from schemas.factsheet import Usage
from schemas.options import Options
from service.config import Settings
from service.errors import FactsheetError
from service.jobs.records import Item, error_record, ok_record
from service.jobs.store import JobStore
from service.review.store import review_link

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """The record of one article, whether it succeeded, and what it cost."""

    record: bytes
    ok: bool
    usage: Usage | None = None


async def summarise_item(
    item: Item, options: Options, settings: Settings, runtime: pipeline.Runtime | None = None
) -> Outcome:
    """Run the pipeline on one article; any failure becomes an error record, never a raise.

    With FACTSHEET_PUBLIC_URL set, the sheet is kept for its review page and the record
    carries the page's address (`review_url`).
    """
    runtime = runtime or pipeline.Runtime()
    try:
        sheet = await pipeline.produce(item.request(options), settings, runtime=runtime)
    except FactsheetError as exc:
        return Outcome(error_record(item.id, exc.slug, str(exc)), ok=False)
    except Exception as exc:  # one broken article must not stop a batch of a million
        log.exception("article %r failed", item.id)
        return Outcome(error_record(item.id, "internal", repr(exc)), ok=False)
    review_url = await review_link(sheet, settings, runtime.permalink_store)
    return Outcome(ok_record(item.id, sheet, review_url), ok=True, usage=sheet.usage)


async def run_article(
    store: JobStore,
    settings: Settings,
    job_id: str,
    article_id: str,
    runtime: pipeline.Runtime | None = None,
) -> None:
    """Summarise one article of a stored job and write its result once (idempotent)."""
    task = await store.task(job_id, article_id)
    if task is None:  # cancelled, already done by an earlier delivery, or unknown
        return
    item, options = task
    outcome = await summarise_item(item, options, settings, runtime)
    await store.write(job_id, article_id, outcome.record, ok=outcome.ok)
