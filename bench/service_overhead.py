"""The service's overhead over a bare endpoint, and what a prompt costs in tokens.

    python bench/service_overhead.py [../shared/polnear/dev] [--clients 50] [--seconds 15]

(Issue 3 calls this bench/service.py; a file of that name in bench/ would shadow the
`service` package for every script here run as `python bench/x.py`.)

1. A fake upstream (tests/support/fake_llm.py) answers chat completions after 200 ms. In one
   run, --clients clients post the seed article to the service (the LLM engine, cache
   off) and then to a bare FastAPI endpoint that only awaits the same fake upstream.
   Prints p50/p99 latency and throughput for both and their ratios.
2. Prompt tokens per article for the seed and 20 PolNeAR dev articles: the system
   prompt, the user template, the Draft tool schema, against the article itself, as the
   service sends them (captured in-process on a fake transport; no network).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the shared test fakes

import httpx2
import uvicorn
from fastapi import FastAPI, Request
from load import HOST, POLNEAR_DEV, SEED, Result, fake_llm, free_port, run_load, server, service
from rich.console import Console
from rich.table import Table

from service.config import Settings
from service.engines.llm.call import request_draft
from service.engines.llm.chunking import count_tokens
from service.pipeline.prepare import prepare
from tests.support.fake_llm import FakeLLM, article_lines

LATENCY_S = 0.2
ARTICLES = 20


def bare_app(upstream: str) -> FastAPI:
    """An endpoint that does nothing but await one fake-upstream completion per request."""
    app = FastAPI()
    lines = "\n".join(f"[s{i}] Sentence {i} said something." for i in range(1, 30))
    body = {
        "model": "fake-llm",
        "messages": [{"role": "user", "content": f"<article>\n{lines}\n</article>"}],
    }
    clients: list[httpx2.AsyncClient] = []

    @app.post("/v1/factsheets")
    async def bare(request: Request) -> Any:
        await request.body()
        if not clients:
            clients.append(httpx2.AsyncClient(timeout=60.0))
        response = await clients[0].post(f"{upstream}/chat/completions", json=body)
        return response.json()

    return app


def compare(clients: int, seconds: float) -> tuple[Result, Result]:
    """Load the service, then the bare endpoint, against one fake upstream."""
    bodies = [{"text": SEED.read_text(encoding="utf-8")}]
    with fake_llm(LATENCY_S, 0.0) as llm_url:
        with service(llm_url) as (url, _):
            target = f"{url}/v1/factsheets"
            asyncio.run(run_load(target, bodies, clients=4, seconds=30, max_requests=20))
            ours = asyncio.run(run_load(target, bodies, clients=clients, seconds=seconds))
        port = free_port()
        args = [str(Path(__file__).resolve()), "--serve-bare", str(port), "--upstream", llm_url]
        with server(args, f"http://{HOST}:{port}/docs"):
            target = f"http://{HOST}:{port}/v1/factsheets"
            asyncio.run(run_load(target, bodies, clients=4, seconds=30, max_requests=20))
            bare = asyncio.run(run_load(target, bodies, clients=clients, seconds=seconds))
    return ours, bare


def latency_table(ours: Result, bare: Result, clients: int, seconds: float) -> Table:
    """p50, p99 and throughput of both, with ratios and differences."""
    table = Table(
        title=f"Service vs bare endpoint: {clients} clients, {seconds:g} s each, "
        f"fake upstream {LATENCY_S * 1000:g} ms"
    )
    for column in ("measure", "service", "bare", "service / bare", "service - bare"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    rows = [
        ("p50 latency (ms)", ours.percentile(50), bare.percentile(50)),
        ("p99 latency (ms)", ours.percentile(99), bare.percentile(99)),
        ("throughput (req/s)", ours.throughput, bare.throughput),
    ]
    for name, a, b in rows:
        table.add_row(name, f"{a:.1f}", f"{b:.1f}", f"{a / b:.2f}", f"{a - b:+.1f}")
    table.add_row(
        "requests / errors",
        f"{ours.requests} / {ours.errors}",
        f"{bare.requests} / {bare.errors}",
        "",
        "",
    )
    return table


async def _prompt_bodies(text: str) -> list[dict[str, Any]]:
    """The chat-completion bodies the LLM engine sends for one article (one per chunk)."""
    prepared = prepare(text, kind="text", max_chars=10_000_000)
    fake = FakeLLM()
    bodies: list[dict[str, Any]] = []

    async def capture(request: httpx2.Request) -> httpx2.Response:
        bodies.append(json.loads(await request.aread()))
        return await fake.handle(request)

    settings = Settings(llm_base_url="http://fake.invalid/v1", llm_model="fake-llm", cache=False)
    async with httpx2.AsyncClient(transport=httpx2.MockTransport(capture)) as http:
        await request_draft(
            prepared.sentences, prepared.ingested.text, settings=settings, http_client=http
        )
    return bodies


def token_row(name: str, text: str) -> tuple[str, int, int, int, int, int]:
    """(name, calls, system, user template, schema, article) prompt tokens of one article."""
    system = template = schema = article = 0
    bodies = asyncio.run(_prompt_bodies(text))
    for body in bodies:
        messages = {m["role"]: m["content"] for m in body["messages"]}
        lines = article_lines(body["messages"])
        numbered = "\n".join(f"[{sid}] {sentence}" for sid, sentence in lines)
        system += count_tokens(messages["system"])
        article += count_tokens(numbered)
        template += count_tokens(messages["user"]) - count_tokens(numbered)
        schema += count_tokens(json.dumps(body.get("tools") or body.get("response_format")))
    return name, len(bodies), system, template, schema, article


def tokens_table(polnear: Path) -> Table:
    """Prompt tokens per article: instructions and schema overhead against article tokens."""
    texts = [("seed", SEED.read_text(encoding="utf-8"))]
    files = sorted((polnear / "text").glob("*.txt"))[:ARTICLES] if polnear.is_dir() else []
    texts += [(p.stem[:40], p.read_text(encoding="utf-8")) for p in files]
    table = Table(title=f"Prompt tokens per article (cl100k), seed + {len(files)} PolNeAR dev")
    for column in (
        "text",
        "calls",
        "system",
        "user template",
        "tool schema",
        "article",
        "overhead",
    ):
        table.add_column(column, justify="left" if column == "text" else "right")
    totals = [0, 0, 0, 0, 0]
    for name, text in texts:
        row = token_row(name, text)
        overhead = row[2] + row[3] + row[4]
        table.add_row(*map(str, row), f"{overhead / (overhead + row[5]):.0%}")
        totals = [t + v for t, v in zip(totals, row[1:], strict=True)]
    n = len(texts)
    mean = [t / n for t in totals]
    fixed = mean[1] + mean[2] + mean[3]
    table.add_row(
        "mean", *(f"{m:.0f}" for m in mean), f"{fixed / (fixed + mean[4]):.0%}", style="bold"
    )
    return table


def main() -> None:
    """Run both parts and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path, default=POLNEAR_DEV)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--upstream", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        uvicorn.run(
            bare_app(args.upstream),
            host=HOST,
            port=args.serve_bare,
            log_level="warning",
            access_log=False,
        )
        return
    console = Console(width=120)
    ours, bare = compare(args.clients, args.seconds)
    console.print(latency_table(ours, bare, args.clients, args.seconds))
    console.print(tokens_table(args.polnear))


if __name__ == "__main__":
    main()
