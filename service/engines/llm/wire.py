"""The request body sent for a Draft in each mode, and the Draft's JSON read back from an answer."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pydantic_core
from openai.lib._pydantic import to_strict_json_schema

from schemas.draft import MAX_SOURCES, MAX_SUMMARY, Draft
from service.config import Settings

# Output tokens an item costs in the Draft's JSON, measured on the smart fake
# (bench/llm_overhead.py) and rounded up: a claim is about 90, a source 30, a line 50.
TOKENS_PER_CLAIM = 150
TOKENS_FIXED = 64 + 40 * MAX_SOURCES // 2 + 80 * MAX_SUMMARY

# Strict structured outputs refuse string length bounds; they are checked locally anyway.
_STRICT_UNSUPPORTED = ("minLength", "maxLength")
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_OPENAI_HOSTS = ("api.openai.com",)
_DEFAULT_TEMPERATURE_ONLY = re.compile(r"^(?:o\d|gpt-5)", re.IGNORECASE)


def output_budget(settings: Settings, max_claims: int) -> int:
    """Output tokens one completion may use: the setting, else sized to the claim cap."""
    if settings.llm_max_tokens is not None:
        return settings.llm_max_tokens
    return TOKENS_FIXED + TOKENS_PER_CLAIM * max_claims


def token_field(settings: Settings) -> str:
    """The request field of the output budget: newer OpenAI models refuse ``max_tokens``."""
    if settings.llm_token_field in ("max_completion_tokens", "max_tokens"):
        return settings.llm_token_field
    host = urlsplit(settings.llm_base_url).hostname if settings.llm_base_url else _OPENAI_HOSTS[0]
    return "max_completion_tokens" if host in _OPENAI_HOSTS else "max_tokens"


def send_temperature(settings: Settings) -> bool:
    """Send ``temperature`` unless unset, or left at its default for a model that refuses it.

    OpenAI's reasoning models (o1, o3, o4-mini, gpt-5...) take only their default
    temperature and answer 400 to any other; an explicit FACTSHEET_LLM_TEMPERATURE is
    always sent.
    """
    if settings.llm_temperature is None:
        return False
    if "llm_temperature" in settings.model_fields_set:
        return True
    return not _DEFAULT_TEMPERATURE_ONLY.match(settings.llm_model)


@lru_cache(maxsize=1)
def draft_schema() -> dict[str, Any]:
    """The Draft's JSON schema as the model sees it in tools and md_json modes."""
    return Draft.model_json_schema()


@lru_cache(maxsize=1)
def strict_draft_schema() -> dict[str, Any]:
    """The Draft's JSON schema for strict structured outputs: every key required, no extras."""
    schema = to_strict_json_schema(Draft)
    _drop_keys(schema, _STRICT_UNSUPPORTED)
    return schema


def _drop_keys(node: Any, keys: tuple[str, ...]) -> None:
    if isinstance(node, dict):
        for key in keys:
            node.pop(key, None)
        for value in node.values():
            _drop_keys(value, keys)
    elif isinstance(node, list):
        for value in node:
            _drop_keys(value, keys)


def _md_json_instructions() -> str:
    schema = json.dumps(draft_schema(), separators=(",", ":"))
    return (
        f"\n\nAnswer with one JSON object in a ```json block, following this JSON schema:\n{schema}"
    )


def request_body(
    settings: Settings, messages: list[dict[str, Any]], max_claims: int
) -> dict[str, Any]:
    """Return the keyword arguments of ``chat.completions.create`` for one Draft request."""
    body: dict[str, Any] = {"model": settings.llm_model}
    if send_temperature(settings):
        body["temperature"] = settings.llm_temperature
    body[token_field(settings)] = output_budget(settings, max_claims)
    if settings.llm_mode == "tools":
        tool = {
            "name": "Draft",
            "description": Draft.__doc__ or "Draft",
            "parameters": draft_schema(),
        }
        body["tools"] = [{"type": "function", "function": tool}]
        body["tool_choice"] = {"type": "function", "function": {"name": "Draft"}}
    elif settings.llm_mode == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "Draft", "schema": strict_draft_schema(), "strict": True},
        }
    else:
        messages = copy.deepcopy(messages)
        messages[0]["content"] += _md_json_instructions()
    body["messages"] = messages
    return body


def answer_text(completion: Any, mode: str) -> str:
    """Return the JSON text of the Draft in ``completion`` ("" when there is none)."""
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return ""
    message = choices[0].message
    if mode == "tools":
        for call in getattr(message, "tool_calls", None) or []:
            function = getattr(call, "function", None)
            if function is not None and function.arguments:
                return str(function.arguments)
    content = str(getattr(message, "content", None) or "")
    if mode == "md_json" or (mode == "tools" and content):
        fenced = _FENCED.search(content)
        if fenced:
            return fenced.group(1).strip()
        start, end = content.find("{"), content.rfind("}")
        return content[start : end + 1] if 0 <= start < end else content
    return content


def parse_json(text: str, *, truncated: bool) -> Any:
    """Parse the Draft's JSON; a truncated answer is read as far as it goes.

    Raises ValueError when the text is not JSON (or, truncated, holds no object).
    """
    if not truncated:
        return json.loads(text)
    return pydantic_core.from_json(text, allow_partial=True)


def _whole(item: Any, keys: frozenset[str]) -> bool:
    return isinstance(item, dict) and keys <= item.keys()


def whole_items(data: Any) -> tuple[dict[str, list[Any]], int]:
    """Keep the items a truncated answer finished, and count those it cut off.

    An item counts as finished when every key of its schema is present (nulls
    included): a claim cut before its ``claimant`` must not pass as the article's voice.
    """
    data = data if isinstance(data, dict) else {}
    kept: dict[str, list[Any]] = {}
    cut = 0
    for key, keys in _ITEM_KEYS.items():
        items = data.get(key) if isinstance(data.get(key), list) else []
        kept[key] = [item for item in items if _whole(item, keys)]
        cut += len(items) - len(kept[key])
    return kept, cut


_ITEM_KEYS = {
    key: frozenset(draft_schema()["$defs"][ref]["properties"])
    for key, ref in (
        ("claims", "DraftClaim"),
        ("sources", "DraftSource"),
        ("summary", "DraftSummarySentence"),
    )
}
