"""The resumable file batch behind `factsheet batch`: stream INPUT, append records to OUTPUT."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx2

from schemas.options import Options
from service.config import Settings
from service.jobs.records import BadLine, Item, dedupe, parse_line, record_head
from service.jobs.work import Outcome, summarise_item
from service.produce import Runtime

SUFFIXES = {".txt": "text", ".htm": "html", ".html": "html"}


@dataclass
class Tally:
    """What a run did, and what the output already held when it started."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    earlier_failed: int = 0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, outcome: Outcome) -> None:
        """Count one finished article."""
        if outcome.ok:
            self.ok += 1
        else:
            self.failed += 1
        if outcome.usage is not None:
            self.llm_calls += outcome.usage.llm_calls
            self.prompt_tokens += outcome.usage.prompt_tokens
            self.completion_tokens += outcome.usage.completion_tokens
            # An unpriced model's cost is unknown (null); the total counts what is known.
            self.cost_usd += outcome.usage.cost_usd or 0.0


def repair_output(path: Path, tally: Tally) -> set[str]:
    """Ids already in OUTPUT; a last line cut by a crash is truncated away (it is redone)."""
    done: set[str] = set()
    if not path.exists():
        return done
    good = 0
    with path.open("rb") as lines:
        for line in lines:
            if not line.endswith(b"\n"):
                break
            good += len(line)
            head = record_head(line)
            if head is not None:
                done.add(head[0])
                tally.earlier_failed += head[1]
    if good != path.stat().st_size:
        os.truncate(path, good)
    return done


def _read_file(number: int, path: Path) -> tuple[int, Item | BadLine]:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return number, BadLine(number, f"{path.name}: cannot read ({exc})")
    kind = SUFFIXES[path.suffix.lower()]
    return number, Item.model_validate({"id": path.name, kind: content})


def _read_lines(lines: BinaryIO) -> Iterator[tuple[int, Item | BadLine]]:
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield number, parse_line(raw, number)


def read_input(path: Path | BinaryIO) -> Iterator[tuple[int, Item | BadLine]]:
    """(line number, article or bad line) per JSONL line, or (file number, article) per file.

    ``path`` may also be an open binary stream of JSONL (stdin).
    """
    if not isinstance(path, Path):
        yield from _read_lines(path)
        return
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        yield from (_read_file(n, p) for n, p in enumerate(files, start=1))
        return
    with path.open("rb") as lines:  # streamed: a million lines never sit in memory
        yield from _read_lines(lines)


def count_input(path: Path | BinaryIO) -> int | None:
    """How many articles INPUT holds (for the progress bar's ETA); None for a stream."""
    if not isinstance(path, Path):
        return None
    if path.is_dir():
        return sum(1 for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
    with path.open("rb") as lines:
        return sum(1 for raw in lines if raw.strip())


def append_record(fd: int, record: bytes) -> None:
    """Append one whole record line to OUTPUT (the online and Batch API runs share it)."""
    # One write of a whole line in O_APPEND mode; the loop only matters on a full disk.
    view = memoryview(record)
    while view:
        view = view[os.write(fd, view) :]


async def run_batch(
    source: Path | BinaryIO,
    output: Path | None,
    *,
    options: Options,
    settings: Settings,
    concurrency: int,
    tally: Tally,
    progress: Callable[[Tally], None],
) -> None:
    """Summarise every article of source not yet in output; cancel it to stop cleanly.

    ``output`` None writes the records to stdout, with no resume.
    """
    done = repair_output(output, tally) if output is not None else set()
    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=concurrency * 2)
    if output is None:
        fd = os.dup(1)  # closed below like a file's, leaving stdout itself open
    else:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    async def entries() -> AsyncIterator[Item | BadLine]:
        found = dedupe(read_input(source), set())
        if isinstance(source, Path):
            for entry in found:
                yield entry
            return

        # A pipe may wait for its writer: read it off the event loop, so work goes on.
        def step() -> Item | BadLine | None:
            return next(found, None)

        while (piped := await asyncio.to_thread(step)) is not None:
            yield piped

    async def feed() -> None:
        async for entry in entries():
            if entry.id in done:
                tally.skipped += 1
                progress(tally)
            elif isinstance(entry, BadLine):
                append_record(fd, entry.record())
                tally.failed += 1
                progress(tally)
            else:
                await queue.put(entry)  # blocks while the workers are busy: bounded memory
        for _ in range(concurrency):
            await queue.put(None)

    async def work(runtime: Runtime) -> None:
        while (item := await queue.get()) is not None:
            outcome = await summarise_item(item, options, settings, runtime)
            append_record(fd, outcome.record)
            tally.add(outcome)
            progress(tally)

    # One LLM HTTP client for the whole run: pooled connections, not one per article.
    http = httpx2.AsyncClient()
    runtime = Runtime(http=http)
    tasks = [asyncio.create_task(feed())] + [
        asyncio.create_task(work(runtime)) for _ in range(concurrency)
    ]
    try:
        await asyncio.gather(*tasks)
    finally:
        await http.aclose()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        os.close(fd)
