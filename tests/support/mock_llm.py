"""A fake OpenAI-compatible endpoint: an httpx2.MockTransport handler scripted per test.

Every response here is a hand-written fixture in the shape of the Chat Completions
API, not a recording of a real server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx2

from service.pipeline.types import Sentence

Reply = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]

ARTICLE = [
    [
        "Jonas Oman, who leads the Lithuanian NGO Blue-Yellow, has claimed that North Korean "
        "soldiers fought Ukrainian forces in Kursk.",
        "Ukraine\u2019s defence ministry said there was "
        "\u201cno official confirmation\u201d of it.",
    ],
    ["The fighting reportedly began last week."],
]

GOOD_DRAFT: dict[str, Any] = {
    "claims": [
        {
            "statement": "North Korean soldiers fought Ukrainian forces in Kursk.",
            "sentence_ids": ["s1"],
            "quote": "North Korean soldiers fought Ukrainian forces in Kursk",
            "claimant": "Jonas Oman",
            "cue": "has claimed",
            "status": "attributed",
        }
    ],
    "sources": [
        {"name": "Jonas Oman", "type": "person", "role": "leads the Lithuanian NGO Blue-Yellow"}
    ],
    "summary": [
        {"text": "An NGO leader claims North Korean troops fought in Kursk.", "support": ["s1"]}
    ],
}


def make_article(paragraphs: list[list[str]]) -> tuple[str, list[Sentence]]:
    """Return text and sentences: sentences joined by a space, paragraphs by a blank line."""
    text, sentences = "", []
    for p, paragraph in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for i, sentence in enumerate(paragraph):
            if i:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(Sentence(f"s{len(sentences) + 1}", start, len(text), sentence))
    return text, sentences


def completion(
    draft: dict[str, Any] | str,
    *,
    finish_reason: str = "tool_calls",
    usage: tuple[int, int] = (100, 50),
    refusal: str | None = None,
    as_content: bool = False,
) -> httpx2.Response:
    """Return a fixture chat completion carrying ``draft`` as a Draft tool call (or as content)."""
    arguments = draft if isinstance(draft, str) else json.dumps(draft)
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": refusal}
    if as_content:
        message["content"] = arguments
    elif refusal is None:
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "Draft", "arguments": arguments},
            }
        ]
    body = {
        "id": "chatcmpl-fixture",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        },
    }
    return httpx2.Response(200, json=body)


def error(status: int, headers: dict[str, str] | None = None) -> httpx2.Response:
    """Return a fixture error response of the OpenAI shape."""
    body = {"error": {"message": f"fixture error {status}", "type": "fixture", "code": None}}
    return httpx2.Response(status, json=body, headers=headers or {})


def timeout(request: httpx2.Request) -> httpx2.Response:
    """Act as a server that never answers in time."""
    raise httpx2.ReadTimeout("fixture timeout", request=request)


class FakeLLM:
    """Plays its script in order, one reply per request, and keeps every request."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[httpx2.Request] = []

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.script:
            raise AssertionError(f"unscripted request #{len(self.requests)}")
        reply = self.script.pop(0)
        return reply(request) if callable(reply) else reply

    @property
    def calls(self) -> int:
        return len(self.requests)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]
