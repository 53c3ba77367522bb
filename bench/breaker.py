"""What an open circuit breaker costs a request: its refusal alone, and the whole fallback.

    python bench/breaker.py [--sheets 500]

Prints, in one run: the time of a breaker refusal (no call is made) and the time of a
whole breaker-open sheet (refusal + extractive fallback of a one-sentence article),
against the extractive sheet of the same article built directly (the floor). The ratio
is what the open breaker adds; the tests check behaviour, this prints the times.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time

from rich.console import Console
from rich.table import Table

from schemas.options import Options
from service.config import Settings
from service.engines.llm.guard import guarded
from service.errors import CircuitOpen
from service.produce import Runtime, build_sheet, prepare

TINY = "Jonas Oman has claimed that North Korean soldiers fought Ukrainian forces in Kursk."
SETTINGS = Settings(
    llm_base_url="http://127.0.0.1:9/v1", llm_model="bench", cache=False, breaker_failures=1
)


async def _never() -> None:
    raise AssertionError("the open breaker let a call through")


async def refusals(n: int, runtime: Runtime) -> list[float]:
    """Seconds of each refusal of the open breaker."""
    breaker = runtime.breakers.for_settings(SETTINGS)
    took = []
    for _ in range(n):
        start = time.perf_counter()
        try:
            await guarded(_never, SETTINGS, breaker)
        except CircuitOpen:
            took.append(time.perf_counter() - start)
    return took


async def sheets(n: int, runtime: Runtime, settings: Settings, options: Options) -> list[float]:
    """Seconds of each sheet of the tiny article."""
    prepared = prepare(TINY, kind="text", max_chars=10_000)
    took = []
    for _ in range(n):
        start = time.perf_counter()
        await build_sheet(prepared, options, settings, runtime=runtime)
        took.append(time.perf_counter() - start)
    return took


def main() -> None:
    """Run the three measures in one process and print their table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=500)
    n = parser.parse_args().sheets
    logging.disable(logging.WARNING)  # one "fell back" line per sheet is the point, not news
    runtime = Runtime()
    runtime.breakers.for_settings(SETTINGS).failure()  # opened: no call will go out
    rows = {
        "breaker refusal": asyncio.run(refusals(n * 10, runtime)),
        "breaker-open sheet (fallback)": asyncio.run(sheets(n, runtime, SETTINGS, Options())),
        "extractive sheet (floor)": asyncio.run(
            sheets(n, runtime, SETTINGS, Options(engine="extractive"))
        ),
    }
    floor = statistics.median(rows["extractive sheet (floor)"])
    table = Table(title=f"Open breaker, one-sentence article ({n} sheets)")
    for column in ("path", "p50 ms", "p99 ms", "p50 vs floor"):
        table.add_column(column, justify="right" if column != "path" else "left")
    for name, took in rows.items():
        ms = sorted(t * 1000 for t in took)
        p50, p99 = statistics.median(ms), ms[max(int(len(ms) * 0.99) - 1, 0)]
        table.add_row(name, f"{p50:.3f}", f"{p99:.3f}", f"{p50 / (floor * 1000):.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()
