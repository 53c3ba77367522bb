"""OpenAI Batch API lines: built from the online request, and answers read back into results.

A request line carries exactly the body the online path sends for the same chunk
(``call.request_body``: the prompts, the Draft tool or schema, the request options), so
a batch answer is validated, grounded and verified by the same code as an online one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from openai.types.chat import ChatCompletion

from schemas.options import Options
from service.config import Settings
from service.engines.llm.answer import shapeless_warnings, to_draft
from service.engines.llm.call import LLMResult, check_completion
from service.engines.llm.chunking import merge_drafts, split_chunks
from service.engines.llm.draft import MAX_CLAIMS, ArticleView
from service.engines.llm.prompts import prompt_version, render_messages
from service.engines.llm.usage import LLMUsage, cost_usd, note_forgiven, price_for
from service.engines.llm.wire import request_body
from service.errors import UpstreamError
from service.pipeline.prepare import Prepared
from service.pipeline.types import Sentence

ENDPOINT: Final = "/v1/chat/completions"
_SEP = "#"


def custom_id(article_id: str, chunk: int) -> str:
    """The id of one chunk's request: the article id and the chunk number."""
    return f"{article_id}{_SEP}{chunk}"


@dataclass(slots=True)
class Plan:
    """The chunks of one article and the request lines that ask for them."""

    chunks: list[list[Sentence]]
    lines: list[bytes]
    warnings: list[str]
    max_claims: int
    summary_sentences: int


def plan_article(article_id: str, prepared: Prepared, options: Options, settings: Settings) -> Plan:
    """The Batch API request lines of one prepared article, one per chunk, as online.

    An article that needs more calls than FACTSHEET_LLM_MAX_CALLS gets no lines: it is
    left to the online path, which refuses it the same way.
    """
    text = prepared.ingested.text
    chunks = split_chunks(prepared.sentences, text, settings.llm_context_tokens)
    cap = min(options.max_claims or settings.max_claims, MAX_CLAIMS)
    summary = options.summary_sentences or settings.summary_sentences
    warnings = []
    if len(chunks) > 1:
        warnings.append(f"article split into {len(chunks)} parts to fit the model's context")
    lines = []
    if len(chunks) <= settings.llm_max_calls:
        for n, chunk in enumerate(chunks):
            messages = render_messages(
                chunk,
                title=prepared.ingested.title,
                max_claims=cap,
                summary_sentences=summary,
            )
            line = {
                "custom_id": custom_id(article_id, n),
                "method": "POST",
                "url": ENDPOINT,
                "body": request_body(settings, list(messages), cap),
            }
            encoded = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
            lines.append(encoded.encode() + b"\n")
    return Plan(chunks, lines, warnings, cap, summary)


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
    """Check every chunk's answer as online; a missing or unreadable one fails the article.

    There is no re-ask inside a batch: each answer is taken as the online path takes
    its last allowed one (leniently: what is still ungrounded is dropped and warned).
    """
    usage = LLMUsage()
    drafts = []
    warnings = list(plan.warnings)
    for n, chunk in enumerate(plan.chunks):
        answer = answers.get(custom_id(article_id, n))
        if answer is None or answer.body is None:
            reason = answer.error if answer is not None else "no answer in the batch output"
            return ArticleAnswer(None, usage, f"part {n + 1}: {reason}")
        view = ArticleView({s.id: s.text for s in chunk}, text)
        try:
            completion = ChatCompletion.model_validate(answer.body)
            usage.llm_calls += 1
            usage.answers += 1
            usage.add_completion(completion)
            checked = check_completion(
                completion, view, settings=settings, usage=usage, max_claims=plan.max_claims
            )
        except (ValueError, UpstreamError) as exc:  # unreadable, truncated, refused
            return ArticleAnswer(None, usage, f"part {n + 1}: invalid answer: {_first_line(exc)}")
        if checked.forgiven:
            note_forgiven(checked.forgiven)
        drafts.append(to_draft(checked, lenient=True, summary_sentences=plan.summary_sentences))
        warnings.extend([*checked.warnings, *shapeless_warnings(checked)])
    usage.cost_usd = batch_cost(usage, settings)
    if usage.cost_usd is None:
        warnings.append(f"no price for model {settings.llm_model!r}; cost unknown")
    draft = (
        drafts[0]
        if len(drafts) == 1
        else merge_drafts(drafts, summary_sentences=plan.summary_sentences)
    )
    result = LLMResult(draft, usage, settings.llm_model, prompt_version(), warnings)
    return ArticleAnswer(result, usage)


def batch_cost(usage: LLMUsage, settings: Settings) -> float | None:
    """USD of ``usage`` at the Batch API's price; None for an unpriced model."""
    online = cost_usd(usage, price_for(settings.llm_model, settings.llm_prices))
    return None if online is None else round(online * settings.llm_batch_price_factor, 8)
