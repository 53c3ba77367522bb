"""Batch throughput with a fake LLM: the CLI path against its ideal, and 1 vs 2 queue workers.

    python bench/batch.py [--articles 1000] [--latency-ms 500] [--concurrency 50]

The CLI path runs in this process (interpreter start-up excluded); the queue path needs
FACTSHEET_REDIS_URL (default redis://127.0.0.1:6379/0) and is skipped without a server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
from fake_engine import install  # this directory is on sys.path when run as a script
from rich.console import Console
from rich.table import Table

from schemas.options import Options
from service.cli.main import app
from service.config import Settings
from service.jobs.queue import make_queue
from service.jobs.records import Item
from service.jobs.service import Jobs
from service.produce import Runtime

FAKE = Path(__file__).with_name("fake_engine.py")


def cli_seconds(articles: int, concurrency: int) -> float:
    """Wall time of `factsheet batch` over a fresh JSONL file, in process."""
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        lines = (json.dumps({"id": f"a{n}", "text": f"Article {n}."}) for n in range(articles))
        source.write_text("\n".join(lines) + "\n")
        args = ["batch", str(source), "-o", str(output), "--concurrency", str(concurrency)]
        started = time.perf_counter()
        app(args, standalone_mode=False)
        elapsed = time.perf_counter() - started
        assert output.read_bytes().count(b"\n") == articles
    return elapsed


async def _queue_run(settings: Settings, articles: int, workers: int) -> float:
    queue = make_queue(settings)
    await queue.connect()
    jobs = Jobs(settings, Runtime())
    await jobs.start()
    try:
        while len((await queue.info())["workers"]) < workers:  # wait out worker start-up
            await asyncio.sleep(0.1)
        items = [Item(id=f"a{n}", text=f"Article {n}.") for n in range(articles)]
        started = time.perf_counter()
        job = await jobs.submit(items, Options(engine="extractive"))
        while (await jobs.status(job.id)).status != "done":
            await asyncio.sleep(0.05)
        return time.perf_counter() - started
    finally:
        await jobs.stop()
        await queue.disconnect()


def queue_seconds(
    url: str, articles: int, concurrency: int, latency_ms: int, workers: int
) -> float:
    """Wall time from submission to the last result with `workers` worker processes."""
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "FACTSHEET_REDIS_URL": url,
        "FACTSHEET_REDIS_PREFIX": prefix,
        "FACTSHEET_BATCH_CONCURRENCY": str(concurrency),
        "FAKE_LLM_LATENCY_MS": str(latency_ms),
    }
    command = [sys.executable, str(FAKE), "worker"]  # our own script: no untrusted input
    procs = [
        subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
        for _ in range(workers)
    ]
    try:
        settings = Settings(redis_url=url, redis_prefix=prefix)
        return asyncio.run(_queue_run(settings, articles, workers))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        client = redis.Redis.from_url(url)
        for pattern in (f"{prefix}:*", f"saq:{prefix}:*", f"saq:job:{prefix}:*"):
            keys = list(client.scan_iter(pattern, count=1000))
            if keys:
                client.delete(*keys)


def main() -> None:
    """Run both paths and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    install(args.latency_ms / 1000)
    ideal = args.articles * args.latency_ms / 1000 / args.concurrency

    table = Table(title=f"{args.articles} articles, fake LLM {args.latency_ms} ms")
    for column in ("path", "workers x concurrency", "wall s", "ideal s", "wall / ideal"):
        table.add_column(column, justify="right" if column != "path" else "left")
    cli = cli_seconds(args.articles, args.concurrency)
    table.add_row(
        "CLI batch", f"1 x {args.concurrency}", f"{cli:.2f}", f"{ideal:.2f}", f"{cli / ideal:.3f}"
    )

    url = os.environ.get("FACTSHEET_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        Console().print(table)
        print(f"queue path skipped: no Redis at {url} ({exc})")
        return
    times = {}
    for workers in (1, 2):
        times[workers] = queue_seconds(
            url, args.articles, args.concurrency, args.latency_ms, workers
        )
        best = ideal / workers
        table.add_row(
            "queue (SAQ)",
            f"{workers} x {args.concurrency}",
            f"{times[workers]:.2f}",
            f"{best:.2f}",
            f"{times[workers] / best:.3f}",
        )
    Console().print(table)
    print(f"CLI wall / ideal: {cli / ideal:.3f} (target <= 1.2)")
    print(f"queue speed-up, 2 workers over 1: {times[1] / times[2]:.2f}x (ideal 2.00x)")


if __name__ == "__main__":
    main()
