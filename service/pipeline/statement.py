"""A claim's statement in plain words: its content span restated as a sentence.

Shared by both engines: the extractive engine states every claim this way, and the LLM
engine falls back to it when the model's own statement cannot be trusted.
"""

from __future__ import annotations

import re

_LEADING = re.compile(r"^(?:that|whether|if)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_QUOTES = "\"'“”‘’«» ,:;"


def statement_of(content: str) -> str:
    """Restate a content span as a plain sentence: no leading 'that', no outer quotes."""
    text = _LEADING.sub("", content.strip()).strip(_QUOTES)
    text = _SPACES.sub(" ", text)
    if not text:
        return content.strip()
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
