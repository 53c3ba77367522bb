"""`factsheet batch --via batch-api`: the online batch's records, drafted through the Batch API.

Four phases, each resumable from OUTPUT and the state file next to it:

1. submit: articles not yet in OUTPUT are prepared, planned into request lines (the
   online request body, one per chunk), packed into input files, uploaded and batched;
2. wait: the batches are polled until they end (or, without waiting, left running);
3. collect: each ended batch's answers are validated, grounded and verified by the
   online path's code and written as the same records;
4. online: what is still missing (failed requests, invalid answers, URL articles) is
   summarised online, or reported as error records.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx2
from openai.types import Batch

from schemas.options import Options
from service.batch_api import (
    TERMINAL,
    BatchAPI,
    BatchState,
    SubmittedBatch,
    article_answer,
    batch_cost,
    fingerprint,
    load_state,
    plan_article,
    read_answers,
    save_state,
    state_path,
)
from service.config import Settings
from service.errors import BatchRequestFailed, FactsheetError
from service.jobs.batchfile import Tally, append_record, read_input, repair_output
from service.jobs.records import BadLine, Item, dedupe, error_record, ok_record
from service.jobs.work import Outcome, summarise_item
from service.produce import Prepared, Runtime, prepare_request, sheet_from_result


class Watcher(Protocol):
    """Where a run reports progress (the CLI draws bars; tests record)."""

    def requests(self, done: int, total: int, status: str) -> None:
        """Batch API requests answered so far, of all submitted, and the batches' statuses."""

    def articles(self, tally: Tally) -> None:
        """An article's record was written."""


class StaleState(FactsheetError):
    """The state file belongs to a run with other settings; its batches cannot be reused."""

    slug, status, title = "stale-batch-state", 409, "Stale Batch API state"


@dataclass
class BatchApiRun:
    """One `--via batch-api` run over INPUT into OUTPUT."""

    source: Path
    output: Path
    options: Options
    settings: Settings
    tally: Tally
    watcher: Watcher
    concurrency: int = 16
    online_fallback: bool = True
    wait: bool = True
    failures: dict[str, str] = field(default_factory=dict)

    async def run(self) -> bool:
        """Run every phase; False when batches are still running and waiting was not asked."""
        self.done = repair_output(self.output, self.tally)
        self.tally.skipped = len(self.done)
        self.state_file = state_path(self.output)
        expected = fingerprint(self.settings, self.options)
        state = load_state(self.state_file)
        if state is not None and state.fingerprint != expected:
            raise StaleState(
                f"{self.state_file} holds batches made with other settings (model, prompts or "
                "options); finish them with those settings or delete the file to start over"
            )
        self.state = state or BatchState(expected)
        self.fd = os.open(self.output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        http = httpx2.AsyncClient()
        self.api = BatchAPI(self.settings, http)
        self.runtime = Runtime(http=http)
        try:
            if not self.state.submitted:
                await self._submit()
            if not await self._wait():
                return False
            await self._online(self.runtime)
        finally:
            await http.aclose()
            os.close(self.fd)
        self.state_file.unlink(missing_ok=True)  # OUTPUT now holds every article
        return True

    def _write(self, article_id: str, outcome: Outcome) -> None:
        append_record(self.fd, outcome.record)
        self.done.add(article_id)
        self.tally.add(outcome)
        self.watcher.articles(self.tally)

    def _entries(self) -> Iterator[Item | BadLine]:
        return dedupe(read_input(self.source), set())

    async def _prepare(self, item: Item) -> Prepared:
        return await prepare_request(item.request(self.options), self.settings, self.runtime)

    async def _submit(self) -> None:
        skip = self.done | self.state.submitted_ids()
        lines: list[bytes] = []
        ids: list[str] = []
        size = 0

        async def flush() -> None:
            nonlocal size
            if not ids:
                return
            name = f"{self.output.name}.{len(self.state.batches) + 1}.jsonl"
            file_id, batch_id = await self.api.submit(
                b"".join(lines), name, {"factsheet_output": self.output.name[:500]}
            )
            batch = SubmittedBatch(batch_id, file_id, list(ids), len(lines))
            self.state.batches.append(batch)
            save_state(self.state_file, self.state)
            lines.clear()
            ids.clear()
            size = 0

        for entry in self._entries():
            if entry.id in skip:
                continue
            if isinstance(entry, BadLine):
                self._write(entry.id, Outcome(entry.record(), ok=False))
                continue
            if entry.url is not None:
                continue  # fetched now and again later could differ: done online
            try:
                prepared = await self._prepare(entry)
            except FactsheetError as exc:
                record = error_record(entry.id, type(exc).__name__, str(exc))
                self._write(entry.id, Outcome(record, ok=False))
                continue
            plan = plan_article(entry.id, prepared, self.options, self.settings)
            if not plan.lines:
                continue
            extra = sum(len(line) for line in plan.lines)
            full = len(lines) + len(plan.lines) > self.settings.batch_api_max_requests
            if ids and (full or size + extra > self.settings.batch_api_max_bytes):
                await flush()
            lines.extend(plan.lines)
            ids.append(entry.id)
            size += extra
        await flush()
        self.state.submitted = True
        save_state(self.state_file, self.state)

    async def _wait(self) -> bool:
        pending = [b for b in self.state.batches if not b.collected]
        while pending:
            statuses = [await self.api.status(b.id) for b in pending]
            counts = [s.request_counts for s in statuses]
            answered = sum(c.completed + c.failed for c in counts if c is not None)
            total = sum(
                c.total if c and c.total else b.requests
                for c, b in zip(counts, pending, strict=True)
            )
            answered += sum(b.requests for b in self.state.batches if b.collected)
            total += sum(b.requests for b in self.state.batches if b.collected)
            self.watcher.requests(answered, total, ", ".join(sorted({s.status for s in statuses})))
            for batch, status in zip(pending, statuses, strict=True):
                if status.status in TERMINAL:
                    await self._collect(batch, status)
            pending = [b for b in pending if not b.collected]
            if pending and not self.wait:
                return False
            if pending:
                await asyncio.sleep(self.settings.batch_api_poll_s)
        return True

    async def _collect(self, batch: SubmittedBatch, status: Batch) -> None:
        answers = read_answers(
            await self.api.download(status.output_file_id),
            await self.api.download(status.error_file_id),
        )
        members = set(batch.articles) - self.done
        for entry in self._entries():
            if not isinstance(entry, Item) or entry.id not in members:
                continue
            prepared = await self._prepare(entry)  # deterministic: the text that was sent
            plan = plan_article(entry.id, prepared, self.options, self.settings)
            got = article_answer(entry.id, plan, prepared.ingested.text, answers, self.settings)
            if got.result is None:
                self.failures[entry.id] = f"batch {batch.id} ({status.status}): {got.error}"
                # A failed answer was still paid for.
                self.tally.llm_calls += got.usage.llm_calls
                self.tally.prompt_tokens += got.usage.prompt_tokens
                self.tally.completion_tokens += got.usage.completion_tokens
                self.tally.cost_usd += batch_cost(got.usage, self.settings) or 0.0
                continue
            result = got.result
            sheet = await self.runtime.run_cpu(
                sheet_from_result, prepared, result, self.options, self.runtime
            )
            self._write(entry.id, Outcome(ok_record(entry.id, sheet), ok=True, usage=sheet.usage))
        batch.collected = True
        save_state(self.state_file, self.state)

    async def _online(self, runtime: Runtime) -> None:
        missing = [e for e in self._entries() if isinstance(e, Item) and e.id not in self.done]
        if not self.online_fallback:
            for item in missing:
                reason = self.failures.get(item.id) or (
                    "URL articles are not sent through the Batch API"
                    if item.url is not None
                    else "its Batch API request did not give a usable answer"
                )
                record = error_record(item.id, BatchRequestFailed.slug, reason)
                self._write(item.id, Outcome(record, ok=False))
            return
        gate = asyncio.Semaphore(self.concurrency)

        async def one(item: Item) -> None:
            async with gate:
                outcome = await summarise_item(item, self.options, self.settings, runtime)
            self._write(item.id, outcome)

        tasks = [asyncio.create_task(one(item)) for item in missing]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
