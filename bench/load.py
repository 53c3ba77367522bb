"""Load test: many concurrent clients against the REST service, with a fake LLM behind it.

    python bench/load.py [../shared/polnear/dev] [--clients 200] [--seconds 60]
                         [--latency 0.3] [--failure-rate 0.01]

Starts the fake LLM (tests/support/fake_llm.py) and the service (uvicorn, one process) on
127.0.0.1, then has --clients clients post articles for --seconds. Prints throughput,
p50/p99 latency, errors (anything but a 200) and the service's RSS at start and end.
The LLM cache is off, so every request reaches the fake LLM. The helpers here
(servers, the load loop) are shared with bench/service_overhead.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SEED = ROOT / "seeds" / "kursk-north-korean-troops.txt"
HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mib(pid: int) -> float:
    """Resident set size of a process, from /proc (Linux), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    """Poll ``url`` until it answers (any status), the process dies, or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            httpx2.get(url, timeout=1.0)
            return
        except httpx2.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {START_TIMEOUT_S:g} s")


@contextlib.contextmanager
def server(args: list[str], ready_url: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """Run ``python args...`` from the repo root until the block ends; yield its pid."""
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(ready_url, proc)
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def fake_llm(latency_s: float, failure_rate: float) -> Iterator[str]:
    """Run tests/support/fake_llm.py on a free port; yield its OpenAI base URL."""
    port = free_port()
    args = [
        str(BENCH.parent / "tests" / "support" / "fake_llm.py"),
        "--port",
        str(port),
        "--latency",
        str(latency_s),
    ]
    args += ["--failure-rate", str(failure_rate)]
    # The fake answers 405 to a GET: enough to know it is up.
    with server(args, f"http://{HOST}:{port}/v1/chat/completions"):
        yield f"http://{HOST}:{port}/v1"


@contextlib.contextmanager
def service(
    llm_base_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """Run the REST service (uvicorn, one worker) against ``llm_base_url``; yield (url, pid)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as data:
        env = {
            "FACTSHEET_LLM_BASE_URL": llm_base_url,
            "FACTSHEET_LLM_API_KEY": "unused",
            "FACTSHEET_LLM_MODEL": "fake-llm",
            "FACTSHEET_CACHE": "false",  # every request reaches the LLM
            "FACTSHEET_DATA_DIR": data,
            "FACTSHEET_API_KEYS": "",
            "FACTSHEET_RATE_LIMIT_PER_MINUTE": "0",  # one client address: no per-key limit
            **(extra_env or {}),
        }
        args = ["-m", "uvicorn", "--factory", "service.api.app:create_app"]
        args += ["--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log"]
        with server(args, f"http://{HOST}:{port}/healthz", env) as pid:
            yield f"http://{HOST}:{port}", pid


@dataclass
class Result:
    """What one load run measured."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    degraded: int = 0

    @property
    def requests(self) -> int:
        """Requests completed (any outcome)."""
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        """Requests that did not end in a 200."""
        return self.requests - self.statuses["200"]

    @property
    def throughput(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile ``q`` (0-100) of the 200s, in milliseconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def run_load(
    url: str,
    bodies: list[dict[str, Any]],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
    check: Callable[[httpx2.Response], bool] | None = None,
) -> Result:
    """``clients`` concurrent clients post ``bodies`` in turn until time or count runs out."""
    result = Result()
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    sent = 0
    async with httpx2.AsyncClient(limits=limits, timeout=120.0) as http:
        start = time.perf_counter()
        stop_at = start + seconds

        async def client(n: int) -> None:
            nonlocal sent
            i = n
            while time.perf_counter() < stop_at and sent < max_requests:
                sent += 1
                began = time.perf_counter()
                try:
                    response = await http.post(url, json=bodies[i % len(bodies)])
                except httpx2.HTTPError as exc:
                    result.statuses[type(exc).__name__] += 1
                    continue
                finally:
                    i += clients
                result.statuses[str(response.status_code)] += 1
                if response.status_code == 200:
                    result.latencies.append(time.perf_counter() - began)
                    if check is not None and check(response):
                        result.degraded += 1

        await asyncio.gather(*(client(n) for n in range(clients)))
        result.seconds = time.perf_counter() - start
    return result


POLNEAR_DEV = ROOT.parent / "shared" / "polnear" / "dev"


def seed_bodies(polnear: Path = POLNEAR_DEV) -> list[dict[str, Any]]:
    """Request bodies: the seed article, then 20 PolNeAR dev articles when they are there."""
    texts = [SEED.read_text(encoding="utf-8")]
    if (polnear / "text").is_dir():
        texts += [
            p.read_text(encoding="utf-8") for p in sorted((polnear / "text").glob("*.txt"))[:20]
        ]
    return [{"text": text} for text in texts]


def is_degraded(response: httpx2.Response) -> bool:
    """True when the sheet came from the extractive fallback."""
    return bool(response.json()["engine"]["degraded"])


async def measure(
    url: str, bodies: list[dict[str, Any]], clients: int, seconds: float, pid: int
) -> tuple[list[float], Result]:
    """Run the load while sampling the service's RSS every tenth of the run."""
    samples: list[float] = []

    async def sample() -> None:
        for _ in range(9):
            await asyncio.sleep(seconds / 10)
            samples.append(rss_mib(pid))

    sampler = asyncio.create_task(sample())
    result = await run_load(url, bodies, clients=clients, seconds=seconds, check=is_degraded)
    await sampler
    return samples, result


def main() -> None:
    """Run the load test and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path, default=POLNEAR_DEV)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--latency", type=float, default=0.3, help="fake LLM latency, s")
    parser.add_argument("--failure-rate", type=float, default=0.01, help="fake LLM 500s")
    args = parser.parse_args()
    bodies = seed_bodies(args.polnear)
    with (
        fake_llm(args.latency, args.failure_rate) as llm_url,
        service(llm_url) as (url, pid),
    ):
        target = f"{url}/v1/factsheets"
        # Warm-up: the first LLM request imports openai and instructor; then a short run at
        # full concurrency, so the start RSS already holds a full load's buffers.
        asyncio.run(run_load(target, bodies, clients=4, seconds=30, max_requests=len(bodies)))
        asyncio.run(run_load(target, bodies, clients=args.clients, seconds=min(5, args.seconds)))
        rss_start = rss_mib(pid)
        samples, result = asyncio.run(measure(target, bodies, args.clients, args.seconds, pid))
        rss_end = rss_mib(pid)
        upstream = httpx2.get(llm_url.removesuffix("/v1") + "/stats").json()

    table = Table(
        title=f"Load: {args.clients} clients, {args.seconds:g} s, fake LLM "
        f"{args.latency * 1000:g} ms with {args.failure_rate:.0%} failures, "
        f"{len(bodies)} articles"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("requests", str(result.requests))
    table.add_row("throughput (req/s)", f"{result.throughput:.1f}")
    table.add_row("p50 latency (ms)", f"{result.percentile(50):.0f}")
    table.add_row("p99 latency (ms)", f"{result.percentile(99):.0f}")
    table.add_row("errors (not 200)", str(result.errors))
    table.add_row("statuses", ", ".join(f"{k}: {v}" for k, v in sorted(result.statuses.items())))
    table.add_row("degraded 200s (LLM failed, fallback)", str(result.degraded))
    table.add_row(
        "fake LLM calls / 500s (incl. warm-up)", f"{upstream['calls']} / {upstream['failures']}"
    )
    table.add_row("service RSS at start (MiB)", f"{rss_start:.1f}")
    table.add_row("service RSS during run (MiB)", " ".join(f"{r:.0f}" for r in samples))
    table.add_row("service RSS at end (MiB)", f"{rss_end:.1f}")
    table.add_row("RSS growth", f"{(rss_end - rss_start) / rss_start:+.1%}")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
