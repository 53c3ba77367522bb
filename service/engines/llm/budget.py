"""The per-article call budget (FACTSHEET_LLM_MAX_CALLS): chunks, re-asks and HTTP retries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class CallBudget:
    """HTTP requests one article may still make; taken before a request, unused ones given back.

    Chunks of one article are drafted concurrently on one event loop, so plain integer
    updates between awaits cannot interleave.
    """

    limit: int
    spent: int = 0

    @property
    def left(self) -> int:
        """Requests not yet taken."""
        return self.limit - self.spent

    def take(self, wanted: int) -> int:
        """Take up to ``wanted`` requests; return how many were granted."""
        granted = max(min(wanted, self.left), 0)
        self.spent += granted
        return granted

    def give_back(self, unused: int) -> None:
        """Return requests taken but not sent."""
        self.spent -= max(unused, 0)
