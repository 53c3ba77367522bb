"""What the OpenAI Batch API runner may use of the LLM engine, reached through the orchestrator.

Interfaces never import an engine (docs/architecture.md). The Batch API runner
(service/jobs/batch_api_run.py) plans an article's request lines, talks to the Files and
Batches endpoints and turns each answer into a sheet through here, with the same request
body, checks and grounding as the online path (service/produce.py).
"""

from __future__ import annotations

from service.engines.llm.batch_api import (
    TERMINAL,
    BatchAPI,
    BatchState,
    SubmittedBatch,
    fingerprint,
    load_state,
    save_state,
    state_path,
)
from service.engines.llm.batch_requests import (
    article_answer,
    batch_cost,
    plan_article,
    read_answers,
)

__all__ = [
    "TERMINAL",
    "BatchAPI",
    "BatchState",
    "SubmittedBatch",
    "article_answer",
    "batch_cost",
    "fingerprint",
    "load_state",
    "plan_article",
    "read_answers",
    "save_state",
    "state_path",
]
