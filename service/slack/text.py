"""Keep untrusted text inert in Slack: escape markup, break broadcasts, fit length limits."""

from __future__ import annotations

import re
from typing import Any

# U+2060 WORD JOINER: invisible, but "@\u2060here" is no longer the broadcast keyword.
WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"([@!])(here|channel|everyone|group)\b", re.IGNORECASE)
_LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>")
_ANGLED = re.compile(r"<([^<>]*)>")
ELLIPSIS = "…"
# Bidi embedding, override and isolate controls: they can reorder how a claim reads.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """Escape &, < and > as Slack asks, drop bidi controls, neutralise @here/@channel."""
    text = _BIDI.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), text)


def fit(raw: str, limit: int) -> str:
    """Escape raw text and cut it, with an ellipsis, so the escaped result has <= limit chars."""
    out = escape(raw)
    if len(out) <= limit:
        return out
    # Cut the raw text, not the escaped one, so no entity (&amp;) is ever split in half;
    # the escaped length grows with the prefix, so a binary search finds the longest cut.
    low, high = 0, min(len(raw), limit - 1)
    while low < high:
        mid = (low + high + 1) // 2
        if len(escape(raw[:mid])) <= limit - 1:
            low = mid
        else:
            high = mid - 1
    cut = raw[:low]
    return escape(cut) + ELLIPSIS


def mrkdwn(text: str) -> dict[str, Any]:
    """Return a mrkdwn text object with verbatim on, so Slack does not auto-link or mention."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def from_slack(text: str) -> str:
    """Turn Slack-formatted message text into plain text: links to labels, entities decoded."""
    text = _LINK.sub(lambda m: m.group(2), text)
    text = _ANGLED.sub(lambda m: m.group(1), text)
    # &amp; last, so "&amp;lt;" decodes to the literal "&lt;" the author typed.
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
