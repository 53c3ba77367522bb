"""The same articles online and through the OpenAI Batch API: calls, tokens and cost.

    python bench/batch_api_cost.py ../shared/polnear/dev [--articles 20]

Both paths run against tests/support/fake_openai_batch.py (a hand-written fake of the
Files, Batches and chat completions APIs on loopback: a fixture, not OpenAI) whose model
is the smart fake (tests/support/smart_fake.py: a good Draft built by the extractive engine), with
usage counted in cl100k tokens of each request and answer, priced as gpt-4o-mini. It
shows that the Batch API path makes the same calls for the same tokens and reports half
the cost; it says nothing about a real batch's latency (up to 24 h).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.options import Options  # noqa: E402
from service.config import Settings  # noqa: E402
from service.engines.llm.chunking import count_tokens  # noqa: E402
from service.jobs.batch_api_run import BatchApiRun  # noqa: E402
from service.jobs.batchfile import Tally, run_batch  # noqa: E402
from tests.support.fake_llm import article_lines, completion_body  # noqa: E402
from tests.support.fake_openai_batch import FakeBatchAPI, serving  # noqa: E402
from tests.support.smart_fake import smart_draft  # noqa: E402

SEED = ROOT / "seeds" / "kursk-north-korean-troops.txt"
MODEL = "gpt-4o-mini"
console = Console()


def texts(polnear: Path) -> list[str]:
    """The seed, then the PolNeAR texts (if present)."""
    found = sorted((polnear / "text").glob("*.txt")) if (polnear / "text").is_dir() else []
    return [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in found]


async def _counted_answer(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The smart fake, with usage counted in cl100k tokens of the request and the answer."""
    messages = list(body.get("messages") or [])
    draft = smart_draft(article_lines(messages))
    answer = completion_body(draft, model=MODEL)
    request = json.dumps([messages, body.get("tools"), body.get("response_format")])
    arguments = answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    prompt, completion = count_tokens(request), count_tokens(arguments)
    answer["usage"] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    return 200, answer


class _Quiet:
    def requests(self, done: int, total: int, status: str) -> None:
        """No progress display in the bench."""

    def articles(self, tally: Tally) -> None:
        """No progress display in the bench."""


async def _both(articles: list[str], base_url: str, tmp: Path) -> tuple[Tally, Tally, float, float]:
    settings = Settings(
        llm_base_url=base_url,
        llm_model=MODEL,
        llm_http_retries=0,
        batch_api_poll_s=0.05,
        cache=False,
        data_dir=tmp / "data",
    )
    source = tmp / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(articles))
    )
    options = Options(engine="llm")
    online = Tally()
    started = time.perf_counter()
    await run_batch(
        source,
        tmp / "online.jsonl",
        options=options,
        settings=settings,
        concurrency=8,
        tally=online,
        progress=lambda t: None,
    )
    online_s = time.perf_counter() - started
    batched = Tally()
    started = time.perf_counter()
    run = BatchApiRun(source, tmp / "batched.jsonl", options, settings, batched, _Quiet())
    await run.run()
    return online, batched, online_s, time.perf_counter() - started


def batch_cost(articles: list[str]) -> Table:
    """Online against Batch API for the same articles."""
    fake = FakeBatchAPI(answer=_counted_answer, polls_to_finish=2)
    os.environ["FACTSHEET_LLM_API_KEY"] = "sk-bench"
    with tempfile.TemporaryDirectory() as tmp, serving(fake.app()) as base_url:
        online, batched, online_s, batch_s = asyncio.run(_both(articles, base_url, Path(tmp)))
    n = len(articles)
    table = Table(title=f"The same {n} articles online and through the Batch API ({MODEL})")
    table.add_column("path")
    for name in ("ok", "calls", "prompt tok", "completion tok", "USD", "USD / 1M articles"):
        table.add_column(name, justify="right")
    for name, tally in (("online", online), ("batch-api", batched)):
        table.add_row(
            name,
            f"{tally.ok}",
            f"{tally.llm_calls}",
            f"{tally.prompt_tokens:,}",
            f"{tally.completion_tokens:,}",
            f"{tally.cost_usd:.5f}",
            f"{tally.cost_usd / n * 1e6:,.0f}",
        )
    ratio = batched.cost_usd / online.cost_usd if online.cost_usd else float("nan")
    table.caption = (
        f"batch / online cost = {ratio:.2f}; wall {online_s:.1f} s online, {batch_s:.1f} s "
        "through the fake (a real batch answers within 24 h)"
    )
    return table


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", default=str(ROOT.parent / "shared/polnear/dev"))
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    console.print(batch_cost(texts(Path(args.polnear))[: args.articles]))


if __name__ == "__main__":
    main()
