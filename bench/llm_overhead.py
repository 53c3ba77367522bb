"""What the LLM engine costs besides the article: prompt overhead, output, grounding, Batch API.

    python bench/llm_overhead.py ../shared/polnear/dev

1. Prompt overhead of one request (cl100k tokens): instructions (system prompt), the
   user template around the article, and the Draft schema (the tool or JSON schema).
2. Output tokens per claim, on the smart fake (bench/smart_fake.py: a good Draft built by
   the extractive engine, a fixture, not a model) over the seed and the PolNeAR texts.
3. Grounding time (ground_draft, then the whole sheet: ground + verify + assemble) of
   a 100 KB article made of PolNeAR texts, drafted chunk by chunk as online, one core.
4. The same articles through `factsheet batch` online and `--via batch-api`, against the
   fake Files + Batches API (tests/support/fake_openai_batch.py, a fixture) answering
   with the smart fake, with usage counted in cl100k tokens: calls, tokens and cost.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fake_llm import article_lines, completion_body  # noqa: E402  (bench/ is on sys.path)
from smart_fake import smart_draft  # noqa: E402

from schemas.draft import Draft  # noqa: E402
from schemas.options import Options  # noqa: E402
from service.config import Settings  # noqa: E402
from service.jobs.batch_api_run import BatchApiRun  # noqa: E402
from service.jobs.batchfile import Tally, run_batch  # noqa: E402
from service.llm.call import LLMResult, plan_chunks, request_body  # noqa: E402
from service.llm.chunking import count_tokens, merge_drafts  # noqa: E402
from service.llm.ground import ground_draft  # noqa: E402
from service.llm.prompts import prompt_version, render_messages  # noqa: E402
from service.llm.usage import LLMUsage  # noqa: E402
from service.pipeline.produce import sheet_from_llm  # noqa: E402
from service.pipeline.run import prepare  # noqa: E402
from tests.support.fake_openai_batch import FakeBatchAPI, serving  # noqa: E402

SEED = ROOT / "seeds" / "kursk-north-korean-troops.txt"
MODEL = "gpt-4o-mini"
BATCH_ARTICLES = 20
TARGET_CHARS = 100_000
console = Console()


def texts(polnear: Path) -> list[str]:
    """The seed, then the PolNeAR texts (if present)."""
    found = sorted((polnear / "text").glob("*.txt")) if (polnear / "text").is_dir() else []
    return [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in found]


def overhead(settings: Settings) -> Table:
    """Tokens of one request besides the article, on the seed."""
    prepared = prepare(SEED.read_text(encoding="utf-8"), kind="text", max_chars=100_000)
    messages = render_messages(prepared.sentences, title=None, max_claims=50, summary_sentences=3)
    body = request_body(messages, settings)
    schema = {k: v for k, v in body.items() if k in ("tools", "tool_choice", "response_format")}
    empty = render_messages([], title=None, max_claims=50, summary_sentences=3)
    rows = [
        ("instructions (system prompt)", count_tokens(messages[0]["content"])),
        ("user template (without the article)", count_tokens(empty[1]["content"])),
        (f"Draft schema ({settings.llm_mode})", count_tokens(json.dumps(schema))),
        ("the seed article (numbered lines)", count_tokens(messages[1]["content"])),
    ]
    table = Table(title=f"1. Prompt tokens of one request (cl100k, prompt {prompt_version()})")
    table.add_column("part")
    table.add_column("tokens", justify="right")
    for name, tokens in rows:
        table.add_row(name, f"{tokens:,}")
    table.add_row("overhead (instructions + template + schema)", f"{sum(t for _, t in rows[:3]):,}")
    return table


def output_per_claim(articles: list[str]) -> Table:
    """Output tokens of the smart fake's Drafts, per claim and fixed."""
    per_claim, fixed, claims = [], [], []
    for text in articles:
        prepared = prepare(text, kind="text", max_chars=100_000)
        lines = [(s.id, s.text) for s in prepared.sentences]
        draft = smart_draft(lines)
        rest = {**draft, "claims": []}
        fixed_tokens = count_tokens(json.dumps(rest))
        if draft["claims"]:
            claim_tokens = count_tokens(json.dumps(draft)) - fixed_tokens
            per_claim.append(claim_tokens / len(draft["claims"]))
        fixed.append(fixed_tokens)
        claims.append(len(draft["claims"]))
    table = Table(title=f"2. Output tokens of a good Draft (smart fake, {len(articles)} articles)")
    table.add_column("measure")
    table.add_column("median", justify="right")
    table.add_column("p90", justify="right")
    for name, values in (
        ("tokens per claim", per_claim),
        ("sources + summary tokens", [float(v) for v in fixed]),
        ("claims per article", [float(v) for v in claims]),
    ):
        q = statistics.quantiles(values, n=10) if len(values) > 1 else values * 9
        table.add_row(name, f"{statistics.median(values):.0f}", f"{q[8]:.0f}")
    return table


def grounding(articles: list[str], settings: Settings) -> Table:
    """Time to ground and to build the sheet of a ~100 KB article, drafted per chunk."""
    parts, size = [], 0
    for text in articles[1:] or articles * 50:
        if size + len(text) + 2 > TARGET_CHARS:
            break
        parts.append(text.strip())
        size += len(text) + 2
    text = "\n\n".join(parts)
    prepared = prepare(text, kind="text", max_chars=TARGET_CHARS)
    chunks, warnings = plan_chunks(prepared.sentences, prepared.ingested.text, settings)
    drafts = []
    for _, messages in chunks:
        drafts.append(Draft.model_validate(smart_draft(article_lines(messages))))
    draft = merge_drafts(drafts)
    # CPU seconds of this process (one core): the machine is shared, wall time is noise.
    ground_s, sheet_s = [], []
    for _ in range(3):
        started = time.process_time()
        ground_draft(draft, prepared.sentences, prepared.ingested.text)
        ground_s.append(time.process_time() - started)
        result = LLMResult(draft, LLMUsage(), MODEL, prompt_version(), list(warnings))
        started = time.process_time()
        sheet_from_llm(prepared, result, Options(max_claims=200))
        sheet_s.append(time.process_time() - started)
        if sheet_s[-1] > 5:  # slow enough that one run says it
            break
    title = (
        f"3. Grounding a {len(text):,}-character article "
        f"({len(prepared.sentences)} sentences, {len(chunks)} chunks, {len(draft.claims)} claims)"
    )
    table = Table(title=title)
    table.add_column("stage")
    table.add_column("median CPU s", justify="right")
    table.add_row("ground_draft", f"{statistics.median(ground_s):.3f}")
    table.add_row("ground + verify + assemble", f"{statistics.median(sheet_s):.3f}")
    return table


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
    table = Table(title=f"4. The same {n} articles online and through the Batch API ({MODEL})")
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
    """Print the four tables."""
    polnear = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "polnear" / "dev"
    articles = texts(polnear)
    settings = Settings(llm_model=MODEL, llm_api_key="sk-bench")
    console.print(overhead(settings))
    console.print(output_per_claim(articles))
    console.print(grounding(articles, settings))
    console.print(batch_cost(articles[:BATCH_ARTICLES]))


if __name__ == "__main__":
    main()
