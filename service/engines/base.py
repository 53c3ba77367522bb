"""The engine interface: what produce asks of every engine, and what an engine may use.

An engine turns a prepared article into an `EngineOutput`: a grounded draft (claims,
sources, summary, all spans computed here from the article), the engine's identity, the
warnings a reader should see and what it cost. produce picks the engine by name and knows
nothing else of it; verify and assemble run after, the same for every engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

import httpx2

from schemas.factsheet import EngineInfo, FactSheet, Usage
from schemas.options import Options
from service.config import Settings
from service.observability.metrics import Metrics
from service.pipeline.prepare import Prepared
from service.pipeline.types import DraftSummary, GroundedDraft

P = ParamSpec("P")
T = TypeVar("T")

if TYPE_CHECKING:  # a type only: the extractive engine never loads the LLM engine
    from service.engines.llm.breaker import Breakers


@dataclass(frozen=True, slots=True)
class EngineOutput:
    """A grounded draft with the engine's identity, its warnings and its usage.

    ``review``, when set, is the engine's last look at the assembled sheet (statuses
    known): the LLM engine holds the summary lines the model wrote to guarantee 3.
    """

    draft: GroundedDraft
    info: EngineInfo
    warnings: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    review: Callable[[FactSheet], FactSheet] | None = None


class EngineRuntime(Protocol):
    """The long-lived helpers an engine may use; produce's Runtime provides them."""

    @property
    def http(self) -> httpx2.AsyncClient | None:
        """The pooled HTTP client for model endpoints (None: the engine opens its own)."""

    @property
    def breakers(self) -> Breakers:
        """The circuit breakers, one per model endpoint."""

    @property
    def metrics(self) -> Metrics:
        """Where to count calls and failures."""

    async def run_cpu(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound ``fn`` off the event loop (in the bounded pool when there is one)."""

    def rules_summary(self, prepared: Prepared, options: Options) -> Sequence[DraftSummary]:
        """The summary the rules engine would write: what a failing model line gives way to."""


class Engine(Protocol):
    """Drafts a fact sheet of a prepared article."""

    name: str

    async def draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        """Return the grounded draft; raise an UpstreamError when a remote model fails."""
