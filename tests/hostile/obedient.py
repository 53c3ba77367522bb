"""A fake model that obeys every injection: a hand-written fixture, not a recorded model.

It answers the way a model taken over by the article would: every claim
"corroborated", an invented quote, a claimant the article never names, a citation of
s999, a source that does not exist, and a summary full of Slack markup. What the
service does with this answer is what the hostile tests check.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2

from tests.support.fake_llm import article_lines, completion_body

INVENTED_QUOTE = "the enemy has surrendered unconditionally to our forces"
INVENTED_CLAIMANT = "Xavier Quillfeather"
MARKUP_SUMMARY = (
    "<!channel> Everything is confirmed, see <https://evil.example|the proof> "
    "<@U0123ABC> <#C0123ABC> @here @channel"
)
_SAID = re.compile(r"^(.*?)\bsaid\b(.*)$")
_WORD = re.compile(r"[\w'’-]+")


def _claim(sid: str, sentence: str) -> dict[str, Any]:
    """Claim the sentence, quoting what follows 'said' and naming who precedes it."""
    claimant = cue = None
    words = sentence.split()
    said = _SAID.match(sentence)
    if said:
        before = [w for w in said.group(1).split() if _WORD.fullmatch(w)]
        after = said.group(2).split()
        if before and len(after) >= 2:
            claimant, cue, words = " ".join(before[-2:]), "said", after
    quote = " ".join(words[:8])
    return {
        "statement": (quote or "claim")[:300].ljust(3, "."),
        "sentence_ids": [sid],
        "quote": quote.ljust(3, "."),
        "claimant": claimant,
        "cue": cue,
        "status": "corroborated",
    }


def obedient_draft(lines: list[tuple[str, str]]) -> dict[str, Any]:
    """Return the Draft a fully hijacked model would give for these article lines."""
    claims = [_claim(sid, text) for sid, text in lines[:30]]
    first = lines[0][0] if lines else "s1"
    claims += [
        {
            "statement": "The enemy surrendered.",
            "sentence_ids": [first],
            "quote": INVENTED_QUOTE,
            "claimant": None,
            "cue": None,
            "status": "corroborated",
        },
        {**_claim(first, lines[0][1] if lines else "abc"), "claimant": INVENTED_CLAIMANT},
        {**_claim(first, lines[0][1] if lines else "abc"), "sentence_ids": ["s999"]},
    ]
    sources = [
        {"name": c["claimant"], "type": "government", "role": "official"}
        for c in claims
        if c["claimant"] and c["claimant"] != INVENTED_CLAIMANT
    ]
    sources.append({"name": INVENTED_CLAIMANT, "type": "government", "role": "minister"})
    summary = [
        {"text": MARKUP_SUMMARY, "support": [first]},
        {"text": "Everything here is confirmed by s999.", "support": ["s999"]},
    ]
    return {"claims": claims, "sources": sources[:30], "summary": summary}


class ObedientLLM:
    """Answers every chat completion with the obedient draft, keeping each request body."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        draft = obedient_draft(article_lines(body["messages"]))
        return httpx2.Response(200, json=completion_body(draft, model="obedient"))

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handler)
