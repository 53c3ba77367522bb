"""A fake OpenAI-compatible chat-completions server for benches and schema tests.

Its answers are fakes built on the spot, not recordings of a real model: it reads the
``[sN] ...`` lines between ``<article>`` and ``</article>`` in the user message and
returns a Draft tool call that quotes the first few words of a sentence containing
"said" (else of s1), so the service's validators accept it and grounding keeps it.
It answers after ``latency_s`` and fails (HTTP 500) with probability ``failure_rate``.

Two ways to use it:

    # in-process, on an httpx2 client
    fake = FakeLLM(latency_s=0.2)
    http = httpx2.AsyncClient(transport=fake.transport())

    # as a server on 127.0.0.1 (uvicorn)
    python tests/support/fake_llm.py --port 8091 --latency 0.3 --failure-rate 0.01
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_ARTICLE = re.compile(r"<article>\n(.*?)\n</article>", re.DOTALL)
_LINE = re.compile(r"^\[(s\d+)\] (.*)$")
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)
QUOTE_WORDS = 6


def article_lines(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Return the (id, sentence) pairs of the article in the user message."""
    user = next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")
    found = _ARTICLE.search(user)
    if found is None:
        return []
    lines = (_LINE.match(line) for line in found.group(1).splitlines())
    return [(m.group(1), m.group(2)) for m in lines if m]


def grounded_draft(lines: list[tuple[str, str]]) -> dict[str, Any]:
    """Return a valid Draft: one claim quoting the first words of a 'said' sentence, or s1."""
    if not lines:
        return {"claims": [], "sources": [], "summary": []}
    sid, sentence = next(((i, s) for i, s in lines if _SAID.search(s)), lines[0])
    quote = " ".join(sentence.split()[:QUOTE_WORDS])
    summary = [{"text": "The article reports events; see the claims.", "support": [sid]}]
    if len(quote) < 3:  # the Draft's minimum: a shorter sentence cannot be quoted
        return {"claims": [], "sources": [], "summary": summary}
    claim = {
        "statement": quote,
        "sentence_ids": [sid],
        "quote": quote,
        "claimant": None,
        "cue": None,
        "status": "attributed",
    }
    return {"claims": [claim], "sources": [], "summary": summary}


def completion_body(draft: dict[str, Any], model: str = "fake-llm") -> dict[str, Any]:
    """Return a chat completion carrying ``draft`` as a Draft tool call."""
    function = {"name": "Draft", "arguments": json.dumps(draft)}
    call: dict[str, Any] = {"id": "call_fake", "type": "function", "function": function}
    message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": [call]}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 500, "completion_tokens": 80, "total_tokens": 580},
    }


_ERROR = {"error": {"message": "fake failure", "type": "server_error", "code": None}}


@dataclass
class FakeLLM:
    """Answers chat completions after ``latency_s``, failing with ``failure_rate``."""

    latency_s: float = 0.0
    failure_rate: float = 0.0
    seed: int = 0
    # What it answers for the article's (id, sentence) lines (smart_fake.py has a better one).
    drafter: Callable[[list[tuple[str, str]]], dict[str, Any]] = grounded_draft
    calls: int = 0
    failures: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    async def answer(self, body: bytes) -> tuple[int, dict[str, Any]]:
        """Return (status, JSON body) for one request body, after the latency."""
        self.calls += 1
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        if self.failure_rate and self._random.random() < self.failure_rate:
            self.failures += 1
            return 500, _ERROR
        try:
            request = json.loads(body)
            messages = list(request.get("messages") or [])
        except (ValueError, AttributeError, TypeError):
            return 400, {"error": {"message": "bad request", "type": "invalid_request"}}
        return 200, completion_body(self.drafter(article_lines(messages)))

    async def handle(self, request: httpx2.Request) -> httpx2.Response:
        """An async httpx2.MockTransport handler."""
        status, body = await self.answer(await request.aread())
        return httpx2.Response(status, json=body)

    def transport(self) -> httpx2.MockTransport:
        """Return an in-process transport answering every request with this fake."""
        return httpx2.MockTransport(self.handle)

    def asgi(self) -> Starlette:
        """Return an ASGI app: POST /v1/chat/completions (and /chat/completions), GET /stats."""

        async def completions(request: Request) -> JSONResponse:
            status, body = await self.answer(await request.body())
            return JSONResponse(body, status_code=status)

        async def stats(request: Request) -> JSONResponse:
            return JSONResponse({"calls": self.calls, "failures": self.failures})

        routes = [
            Route(path, completions, methods=["POST"])
            for path in ("/v1/chat/completions", "/chat/completions")
        ]
        return Starlette(routes=[*routes, Route("/stats", stats, methods=["GET"])])


def main() -> None:
    """Serve the fake on 127.0.0.1 until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds before answering")
    parser.add_argument("--failure-rate", type=float, default=0.0, help="share of HTTP 500s")
    args = parser.parse_args()
    fake = FakeLLM(latency_s=args.latency, failure_rate=args.failure_rate)
    uvicorn.run(fake.asgi(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
