"""One-line explanations of why a claim sits in the unverified section."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.factsheet import Reason


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f"“{w}”" for w in words[:3])


def explain(reasons: Sequence[Reason], claimant: str | None, words: Sequence[str]) -> str:
    """Say in one line, for an editor, why a claim is not confirmed."""
    parts: list[str] = []
    if "denied" in reasons:
        parts.append("it is denied or contradicted in the article")
    if "hedged" in reasons or "speculative" in reasons:
        hedge = f" ({_quoted(words)})" if words else ""
        parts.append(f"the article hedges it{hedge}")
    if "anonymous_source" in reasons:
        parts.append("its source is anonymous")
    if "explicitly_unconfirmed" in reasons:
        parts.append("the article says it is not officially confirmed")
    if "unattributed" in reasons:
        parts.append("the article states it without naming a source")
    if "model_judgement" in reasons:
        parts.append("the model judged it unconfirmed")
    if "single_source" in reasons and claimant:
        parts.insert(0, f"only {claimant} says so")
    text = "; ".join(parts) or "the article does not confirm it"
    return text[0].upper() + text[1:] + "."
