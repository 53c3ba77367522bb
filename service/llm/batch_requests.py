"""OpenAI Batch API lines: built from the online request, and answers read back into results.

A request line carries exactly the body the online path sends for the same chunk
(``call.request_body``: the prompts, the Draft tool or schema, the request options), so
a batch answer is validated, grounded and verified by the same code as an online one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openai.types.chat import ChatCompletion

from schemas.options import Options
from service.config import Settings
from service.llm.call import LLMResult, assemble_result, parse_answer, plan_chunks, request_body
from service.llm.usage import LLMUsage
from service.pipeline.run import Prepared
from service.pipeline.types import Sentence

ENDPOINT: Final = "/v1/chat/completions"
_SEP = "#"


def custom_id(article_id: str, chunk: int) -> str:
    """The id of one chunk's request: the article id and the chunk number."""
    return f"{article_id}{_SEP}{chunk}"


def article_of(request_id: str) -> str:
    """The article id inside a request id (ids may themselves contain the separator)."""
    return request_id.rpartition(_SEP)[0]


@dataclass(slots=True)
class Plan:
    """The chunks of one article and the request lines that ask for them."""

    chunks: list[list[Sentence]]
    lines: list[bytes]
    warnings: list[str]


def plan_article(article_id: str, prepared: Prepared, options: Options, settings: Settings) -> Plan:
    """The Batch API request lines of one prepared article, one per chunk."""
    planned, warnings = plan_chunks(
        prepared.sentences,
        prepared.ingested.text,
        settings,
        title=prepared.ingested.title,
        max_claims=options.max_claims,
        summary_sentences=options.summary_sentences,
    )
    lines = [
        json.dumps(
            {
                "custom_id": custom_id(article_id, n),
                "method": "POST",
                "url": ENDPOINT,
                "body": request_body(messages, settings),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        + b"\n"
        for n, (_, messages) in enumerate(planned)
    ]
    return Plan([chunk for chunk, _ in planned], lines, warnings)


@dataclass(slots=True)
class Answer:
    """What the Batch API returned for one request: a completion body, or why there is none."""

    body: dict[str, Any] | None
    error: str | None = None


def read_answers(*files: bytes) -> dict[str, Answer]:
    """Answers by request id from Batch API output and error files (JSONL)."""
    answers: dict[str, Answer] = {}
    for content in files:
        for raw in content.splitlines():
            if not raw.strip():
                continue
            line = json.loads(raw)
            response = line.get("response") or {}
            status = response.get("status_code")
            body = response.get("body")
            if status == 200 and isinstance(body, dict):
                answers[line["custom_id"]] = Answer(body)
                continue
            error = line.get("error") or (body or {}).get("error") or {}
            message = error.get("message") or error.get("code") or "no answer"
            where = f"HTTP {status}" if status else "not run"
            answers[line["custom_id"]] = Answer(None, f"{where}: {str(message)[:200]}")
    return answers


@dataclass(slots=True)
class ArticleAnswer:
    """One article's result from its chunks' answers, or the reason it has none."""

    result: LLMResult | None
    usage: LLMUsage = field(default_factory=LLMUsage)
    error: str | None = None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def article_answer(
    article_id: str,
    plan: Plan,
    text: str,
    answers: dict[str, Answer],
    settings: Settings,
) -> ArticleAnswer:
    """Validate every chunk's answer into one result; any missing or invalid one fails it."""
    usage = LLMUsage()
    drafts = []
    for n, chunk in enumerate(plan.chunks):
        answer = answers.get(custom_id(article_id, n))
        if answer is None or answer.body is None:
            reason = answer.error if answer is not None else "no answer in the batch output"
            return ArticleAnswer(None, usage, f"part {n + 1}: {reason}")
        completion = ChatCompletion.model_validate(answer.body)
        usage.llm_calls += 1
        usage.add_completion(completion)
        try:
            drafts.append(parse_answer(completion, chunk, text, settings))
        except Exception as exc:  # invalid JSON, schema or truncation: redone online
            return ArticleAnswer(None, usage, f"part {n + 1}: invalid answer: {_first_line(exc)}")
    result = assemble_result(
        drafts, usage, list(plan.warnings), settings, price_factor=settings.llm_batch_price_factor
    )
    return ArticleAnswer(result, usage)


def request_count(plans: Iterable[Plan]) -> int:
    """How many request lines the plans hold."""
    return sum(len(p.lines) for p in plans)


def chunk_sizes(plans: Sequence[Plan]) -> list[int]:
    """How many requests each planned article makes."""
    return [len(p.lines) for p in plans]
