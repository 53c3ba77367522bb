"""`factsheet batch` (a resumable JSONL run on this machine) and `factsheet worker` (Redis)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from schemas.options import Options
from service.cli.errors import fail
from service.cli.serve import LogChoice
from service.cli.startup import announce_data_dir
from service.config import get_settings
from service.engine_choice import describe_engine
from service.errors import ConfigError
from service.jobs.batchfile import Tally, count_input, run_batch
from service.jobs.outputs import STDIO, check_output
from service.jobs.queue import run_worker
from service.observability.logs import configure_logging
from service.produce import resolve_engine

err = Console(stderr=True)


class Via(StrEnum):
    """How the articles reach the model."""

    online = "online"
    batch_api = "batch-api"


class BatchEngine(StrEnum):
    """Which engine drafts each sheet."""

    auto = "auto"
    llm = "llm"
    extractive = "extractive"


def _summary(tally: Tally, seconds: float, interrupted: bool) -> Table:
    title = "batch interrupted" if interrupted else "batch finished"
    table = Table(title=f"{title} in {seconds:.1f} s")
    table.add_column("")
    table.add_column("count", justify="right")
    rate = (tally.ok + tally.failed) / seconds if seconds else 0.0
    rows = [
        ("succeeded", f"{tally.ok:,}"),
        ("failed", f"{tally.failed:,}"),
        ("skipped (already in output)", f"{tally.skipped:,}"),
        ("failed in earlier runs", f"{tally.earlier_failed:,}"),
        ("articles / s", f"{rate:,.1f}"),
        ("LLM calls", f"{tally.llm_calls:,}"),
        ("prompt tokens", f"{tally.prompt_tokens:,}"),
        ("completion tokens", f"{tally.completion_tokens:,}"),
        ("cost (USD)", f"{tally.cost_usd:,.4f}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table


async def _run(
    source: Path | BinaryIO,
    output: Path | None,
    options: Options,
    concurrency: int,
    tally: Tally,
) -> bool:
    """Run the batch under a progress bar; True when Ctrl-C (or SIGTERM) stopped it."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed {task.fields[failed]}  {task.fields[rate]:.1f}/s  ETA"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("batch", total=count_input(source), failed=0, rate=0.0)

        def progress(t: Tally) -> None:
            rate = (t.ok + t.failed) / max(time.monotonic() - started, 1e-9)
            bar.update(task, completed=t.ok + t.failed + t.skipped, failed=t.failed, rate=rate)

        runner = asyncio.create_task(
            run_batch(
                source,
                output,
                options=options,
                settings=get_settings(),
                concurrency=concurrency,
                tally=tally,
                progress=progress,
            )
        )
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # Cancelling stops between writes: every line in OUTPUT stays whole.
            loop.add_signal_handler(signum, runner.cancel)
        try:
            await runner
        except asyncio.CancelledError:
            return True
    return False


def batch(
    source: Annotated[
        str, typer.Argument(help="JSONL file, a directory of .txt/.html, or - for stdin (JSONL).")
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="JSONL records, resumed on a re-run; - for stdout (no resume)."
        ),
    ],
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=1000, help="Articles at once (default: settings).")
    ] = None,
    engine: Annotated[BatchEngine, typer.Option(help="Engine.")] = BatchEngine.auto,
    force: Annotated[
        bool,
        typer.Option(help="Replace an existing OUTPUT that is not a record file (it is lost)."),
    ] = False,
    via: Annotated[
        Via, typer.Option(help="online, or batch-api: OpenAI's Batch API (half price, <24 h).")
    ] = Via.online,
    wait: Annotated[
        bool, typer.Option(help="batch-api: poll until the batches end (else submit and exit).")
    ] = True,
    online_fallback: Annotated[
        bool, typer.Option(help="batch-api: redo failed requests online (else error records).")
    ] = True,
) -> None:
    """Summarise many articles into JSONL; re-running resumes where it stopped."""
    if source != STDIO and not Path(source).exists():
        raise fail(f"{source} does not exist")
    # An output that is the input, or an unrelated file, is an UnsafeOutput: one line, exit 2.
    if check_output(source, output, force=force):
        os.truncate(output, 0)
    settings = get_settings()
    announce_data_dir(settings, "batch", logged=False)
    options = Options(engine=engine.value, summary_sentences=settings.summary_sentences)
    err.print(describe_engine(settings, options.engine), markup=False, highlight=False)
    tally = Tally()
    started = time.monotonic()
    width = concurrency or settings.batch_concurrency
    if via == Via.batch_api:
        if source == STDIO or output == STDIO:
            raise fail("--via batch-api needs files: it keeps its state next to OUTPUT")
        finished = _batch_api(
            Path(source), Path(output), options, width, tally, wait, online_fallback
        )
        err.print(_summary(tally, time.monotonic() - started, finished is None))
        if finished is None:
            raise typer.Exit(130)
        if finished and (tally.failed or tally.earlier_failed):
            raise typer.Exit(1)
        return
    reader = sys.stdin.buffer if source == STDIO else Path(source)
    writer = None if output == STDIO else Path(output)
    interrupted = asyncio.run(_run(reader, writer, options, width, tally))
    err.print(_summary(tally, time.monotonic() - started, interrupted))
    if interrupted:
        raise typer.Exit(130)
    if tally.failed or tally.earlier_failed:
        raise typer.Exit(1)


def _batch_api(
    source: Path,
    output: Path,
    options: Options,
    concurrency: int,
    tally: Tally,
    wait: bool,
    online_fallback: bool,
) -> bool | None:
    from service.cli.batch_api import run_via_batch_api

    settings = get_settings()
    if resolve_engine(options.engine, settings) != "llm":
        raise ConfigError("--via batch-api needs an LLM: set FACTSHEET_LLM_MODEL and a key")
    return run_via_batch_api(
        source,
        output,
        options=options,
        settings=settings,
        tally=tally,
        concurrency=concurrency,
        wait=wait,
        online_fallback=online_fallback,
        err=err,
    )


def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=1000, help="Articles at once (default: settings).")
    ] = None,
    log_format: Annotated[
        LogChoice | None,
        typer.Option(help="json or text (default: json unless stderr is a terminal)."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="Root log level.")] = "INFO",
) -> None:
    """Drain the Redis job queue (FACTSHEET_REDIS_URL) until SIGTERM."""
    settings = get_settings()
    if settings.redis_url is None:
        raise fail("set FACTSHEET_REDIS_URL to run a worker")
    if concurrency is not None:
        settings = settings.model_copy(update={"batch_concurrency": concurrency})
    # The same log lines as `serve` (JSON with a request id field), so one pipeline reads both.
    configure_logging(log_format.value if log_format else None, log_level.upper())
    logging.getLogger(__name__).info("worker %s", describe_engine(settings))
    logging.getLogger("saq").setLevel(logging.WARNING)  # a line per article is noise at scale
    announce_data_dir(settings, "worker", logged=True)
    # Redis down for FACTSHEET_WORKER_REDIS_WAIT_S raises StoreUnavailable: one line, exit 2,
    # and the supervisor restarts the worker.
    asyncio.run(run_worker(settings))
