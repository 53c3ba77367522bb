"""The OpenAI Files + Batches API calls, and the state file that makes a Batch API run resumable.

The state file sits next to the output (``OUTPUT.batch-api.json``) and holds the ids of
the uploaded files and created batches, so a re-run polls the same batches instead of
paying for new ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx2
import openai
from openai.types import Batch

from schemas.options import Options
from service.config import Settings
from service.engines.llm.batch_requests import ENDPOINT
from service.engines.llm.call import openai_client
from service.engines.llm.prompts import prompt_version
from service.errors import UpstreamError, UpstreamUnavailable

# Statuses after which a batch changes no more (its files can be downloaded).
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(slots=True)
class SubmittedBatch:
    """One created batch: its ids, the articles it holds, and whether its results are written."""

    id: str
    input_file_id: str
    articles: list[str]
    requests: int
    collected: bool = False


@dataclass(slots=True)
class BatchState:
    """What a Batch API run has submitted so far; saved after every change."""

    fingerprint: str
    batches: list[SubmittedBatch] = field(default_factory=list)
    submitted: bool = False

    def submitted_ids(self) -> set[str]:
        """Every article id already inside a batch."""
        return {a for b in self.batches for a in b.articles}


def state_path(output: Path) -> Path:
    """Where the state of the run writing ``output`` lives."""
    return output.with_name(output.name + ".batch-api.json")


def fingerprint(settings: Settings, options: Options) -> str:
    """What a batch's requests depend on; a resumed run must match it to reuse the batches."""
    parts = [
        settings.llm_base_url or "",
        settings.llm_model,
        settings.llm_mode,
        str(settings.llm_max_tokens),
        str(settings.llm_temperature),
        settings.llm_token_field,
        str(settings.llm_context_tokens),
        prompt_version(),
        options.model_dump_json(),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def load_state(path: Path) -> BatchState | None:
    """The saved state, or None when no run is in progress."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    batches = [SubmittedBatch(**b) for b in data.get("batches", [])]
    return BatchState(data["fingerprint"], batches, bool(data.get("submitted")))


def save_state(path: Path, state: BatchState) -> None:
    """Write the state atomically (a crash leaves the old or the new file, never half)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(state), separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def _upstream(exc: openai.OpenAIError, doing: str) -> UpstreamError:
    if isinstance(exc, openai.APIStatusError):
        return UpstreamError(f"the Batch API answered {exc.status_code} when {doing}")
    return UpstreamUnavailable(f"cannot reach the Batch API when {doing}: {type(exc).__name__}")


class BatchAPI:
    """Upload, create, poll and download through the configured endpoint's Batch API."""

    def __init__(self, settings: Settings, http: httpx2.AsyncClient) -> None:
        self._client = openai_client(settings, http)

    async def submit(self, lines: bytes, name: str, metadata: dict[str, str]) -> tuple[str, str]:
        """Upload one input file and create its batch; return (file id, batch id)."""
        try:
            uploaded = await self._client.files.create(file=(name, lines), purpose="batch")
            batch = await self._client.batches.create(
                input_file_id=uploaded.id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata=metadata,
            )
        except openai.OpenAIError as exc:
            raise _upstream(exc, "submitting a batch") from exc
        return uploaded.id, batch.id

    async def status(self, batch_id: str) -> Batch:
        """The batch as the API reports it now."""
        try:
            return await self._client.batches.retrieve(batch_id)
        except openai.OpenAIError as exc:
            raise _upstream(exc, f"polling batch {batch_id}") from exc

    async def download(self, file_id: str | None) -> bytes:
        """A file's content; empty for no file."""
        if not file_id:
            return b""
        try:
            return (await self._client.files.content(file_id)).content
        except openai.OpenAIError as exc:
            raise _upstream(exc, f"downloading file {file_id}") from exc
