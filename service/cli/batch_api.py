"""`factsheet batch --via batch-api`: run a BatchApiRun under progress bars, Ctrl-C safe."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from schemas.options import Options
from service.batch_api import state_path
from service.config import Settings
from service.jobs.batch_api_run import BatchApiRun
from service.jobs.batchfile import Tally, count_input


class _Bars:
    """Two bars on stderr: Batch API requests answered, and article records written."""

    def __init__(self, progress: Progress, articles: int) -> None:
        self.progress = progress
        self.started = time.monotonic()
        self.requests_task: TaskID = progress.add_task("batch API requests", status="")
        self.articles_task: TaskID = progress.add_task("articles", total=articles, status="")

    def requests(self, done: int, total: int, status: str) -> None:
        self.progress.update(self.requests_task, completed=done, total=total, status=status)

    def articles(self, tally: Tally) -> None:
        written = tally.ok + tally.failed + tally.skipped
        self.progress.update(self.articles_task, completed=written, status=f"failed {tally.failed}")


async def _run(run: BatchApiRun, err: Console) -> bool | None:
    """Run under the bars; True when finished, False when left waiting, None when interrupted."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
    )
    with Progress(*columns, console=err, disable=not err.is_terminal) as progress:
        run.watcher = _Bars(progress, count_input(run.source) or 0)
        runner = asyncio.create_task(run.run())
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # The batches keep running at the provider; the state file keeps their ids.
            loop.add_signal_handler(signum, runner.cancel)
        try:
            return await runner
        except asyncio.CancelledError:
            return None


class _Silent:
    def requests(self, done: int, total: int, status: str) -> None:
        """Replaced by the bars once the progress display exists."""

    def articles(self, tally: Tally) -> None:
        """Replaced by the bars once the progress display exists."""


def run_via_batch_api(
    source: Path,
    output: Path,
    *,
    options: Options,
    settings: Settings,
    tally: Tally,
    concurrency: int,
    wait: bool,
    online_fallback: bool,
    err: Console,
) -> bool | None:
    """Run the Batch API path; True when finished, False when batches still run, None on ^C."""
    run = BatchApiRun(
        source,
        output,
        options,
        settings,
        tally,
        _Silent(),
        concurrency=concurrency,
        online_fallback=online_fallback,
        wait=wait,
    )
    outcome = asyncio.run(_run(run, err))
    if outcome is not True:
        err.print(
            f"batches still running; their ids are in {state_path(output)}: "
            "run the same command again to collect them",
            markup=False,
            highlight=False,
        )
    return outcome
