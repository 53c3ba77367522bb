"""Prompt files (prompts/), rendered with strict variables; the article goes in as data."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from string import Template

import prompts
from schemas.draft import Draft
from service.pipeline.types import Sentence

PROMPTS_DIR = Path(prompts.__file__).resolve().parent
ROLES = ("system", "user")

# Text inside the article that looks like our delimiters or sentence labels could
# make the model read article text as structure; it is defanged before insertion.
_DELIMITER = re.compile(r"<\s*/?\s*article\b[^>]*>", re.IGNORECASE)
_LABEL = re.compile(r"\[(s\d+)\]", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_templates(prompts_dir: Path = PROMPTS_DIR) -> dict[str, Template]:
    """Return the prompt template of each role, read once."""
    return {
        role: Template((prompts_dir / f"{role}.md").read_text(encoding="utf-8")) for role in ROLES
    }


def neutralise(text: str) -> str:
    """Return one sentence made safe to sit on one labelled line inside the delimiters."""
    text = " ".join(text.split())
    text = _DELIMITER.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)
    return _LABEL.sub(r"(\1)", text)


def number_sentences(sentences: Sequence[Sentence]) -> str:
    """Return the article as labelled lines: ``[s1] First sentence.``."""
    return "\n".join(f"[{s.id}] {neutralise(s.text)}" for s in sentences)


def render_messages(
    sentences: Sequence[Sentence],
    *,
    title: str | None,
    max_claims: int,
    summary_sentences: int,
    prompts_dir: Path = PROMPTS_DIR,
) -> list[dict[str, str]]:
    """Return the chat messages for one article; a missing variable raises KeyError."""
    templates = load_templates(prompts_dir)
    # substitute() inserts values verbatim and never re-parses them, so article text
    # is data here, and nothing downstream templates the messages again.
    system = templates["system"].substitute(
        max_claims=max_claims, summary_sentences=summary_sentences
    )
    user = templates["user"].substitute(
        title=neutralise(title) if title else "(none)", article=number_sentences(sentences)
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


@lru_cache(maxsize=4)
def prompt_version(prompts_dir: Path = PROMPTS_DIR) -> str:
    """Return a short sha256 of the prompt files and the Draft JSON schema."""
    digest = hashlib.sha256()
    for role in ROLES:
        digest.update((prompts_dir / f"{role}.md").read_bytes())
        digest.update(b"\0")
    schema = json.dumps(Draft.model_json_schema(), sort_keys=True, separators=(",", ":"))
    digest.update(schema.encode())
    return digest.hexdigest()[:12]
