"""Check one model answer item by item, forgive near misses, and word the re-ask for the rest."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from service.engines.llm.chunking import same_claim
from service.engines.llm.draft import (
    MAX_CLAIMS,
    MAX_SOURCES,
    MAX_SUMMARY,
    ArticleView,
    Draft,
    DraftClaim,
    DraftSource,
    DraftSummarySentence,
    claim_problems,
    source_problems,
    summary_problems,
)
from service.pipeline.match import contains, same_name

_ID = re.compile(r"^s(\d+)$")


@dataclass(slots=True)
class Failing:
    """One item of an answer that cannot be used as it is."""

    label: str
    item: Any
    problems: list[str]
    # True when the item does not even fit the Draft's shape (it cannot reach grounding).
    shapeless: bool = False


@dataclass(slots=True)
class Checked:
    """An answer split into usable items and failing ones (with what is wrong with each)."""

    claims: list[DraftClaim] = field(default_factory=list)
    sources: list[DraftSource] = field(default_factory=list)
    summary: list[DraftSummarySentence] = field(default_factory=list)
    failing: list[Failing] = field(default_factory=list)
    # Schema-valid items still ungrounded: kept for the last answer, where grounding
    # drops and warns about them instead of failing the whole article.
    ungrounded: list[BaseModel] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    forgiven: int = 0


def _shape_errors(label: str, exc: ValidationError) -> list[str]:
    # loc and msg only: no input values (they can be long) and no library URLs.
    return [
        f"{label}: {'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}"
        for e in exc.errors(include_url=False)
    ]


def _neighbour_ids(view: ArticleView, claim: DraftClaim) -> list[str] | None:
    """Ids of the one sentence next to the cited ones that holds the quote verbatim, if any."""
    numbers = [int(m.group(1)) for i in claim.sentence_ids if (m := _ID.match(i))]
    for n in sorted({n + d for n in numbers for d in (-1, 1)} - set(numbers)):
        sid = f"s{n}"
        if sid in view.sentences and contains(view.sentences[sid], claim.quote):
            return [sid]
    return None


def _forgive(claim: DraftClaim, view: ArticleView) -> tuple[DraftClaim, bool]:
    """Fix a sentence id when the quote is verbatim in a neighbouring sentence."""
    if not claim_problems(0, claim, view):
        return claim, False
    fixed = _neighbour_ids(view, claim)
    if fixed is None:
        return claim, False
    return claim.model_copy(update={"sentence_ids": fixed}), True


Item = TypeVar("Item", DraftClaim, DraftSource, DraftSummarySentence)


def _kept_items(
    kind: str,
    items: list[Any],
    model: type[Item],
    problems_of: Callable[[int, Item], list[str]],
    checked: Checked,
    forgive: Callable[[Item], tuple[Item, bool]] | None = None,
) -> list[Item]:
    """The items of one list that fit the Draft's shape and are grounded; the others go to
    ``checked.failing`` (and, when only ungrounded, to ``checked.ungrounded``)."""
    usable: list[Item] = []
    for n, item in enumerate(items, 1):
        label = f"{kind} {n}"
        try:
            value = model.model_validate(item)
        except ValidationError as exc:
            checked.failing.append(Failing(label, item, _shape_errors(label, exc), True))
            continue
        if forgive is not None:
            value, forgiven = forgive(value)
            checked.forgiven += forgiven
        problems = problems_of(n, value)
        if problems:
            checked.failing.append(Failing(label, item, problems))
            checked.ungrounded.append(value)
        else:
            usable.append(value)
    return usable


def check_answer(data: Any, view: ArticleView, max_claims: int) -> Checked:
    """Split ``data`` (the parsed JSON) into usable and failing items.

    Raises ValueError when ``data`` is not a Draft-shaped object at all.
    """
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object with claims, sources and summary")
    checked = Checked()
    cap = min(max_claims, MAX_CLAIMS)
    lists: dict[str, list[Any]] = {}
    for key, limit in (("claims", cap), ("sources", MAX_SOURCES), ("summary", MAX_SUMMARY)):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise ValueError(f"{key} is not a list")
        if len(items) > limit:
            checked.warnings.append(
                f"the model returned {len(items)} {key}; kept the first {limit}"
            )
            items = items[:limit]
        lists[key] = items
    checked.claims = _kept_items(
        "claim",
        lists["claims"],
        DraftClaim,
        lambda n, claim: claim_problems(n, claim, view),
        checked,
        forgive=lambda claim: _forgive(claim, view),
    )
    checked.sources = _kept_items(
        "source",
        lists["sources"],
        DraftSource,
        lambda n, source: source_problems(n, source, view),
        checked,
    )
    checked.summary = _kept_items(
        "summary",
        lists["summary"],
        DraftSummarySentence,
        lambda n, line: summary_problems(n, line, view),
        checked,
    )
    return checked


def reask_text(failing: Sequence[Failing]) -> str:
    """The short re-ask: only the failing items, each with what to fix; no library text."""
    lines = ["These items of your answer cannot be used:"]
    for f in failing:
        item = json.dumps(f.item, ensure_ascii=False, separators=(",", ":"))[:600]
        lines.append(f"- {f.label} {item}")
        lines.extend(f"  - {p.split(': ', 1)[-1]}" for p in f.problems)
    lines.append(
        "Answer again with a Draft holding only corrected versions of these items; "
        "leave out any you cannot fix. The other items are kept."
    )
    return "\n".join(lines)


def whole_reask_text(reason: str) -> str:
    """The re-ask when the answer could not be read at all."""
    return f"Your answer could not be read: {reason[:200]}. Answer again with the whole Draft."


def _first_id(ids: Sequence[str]) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := _ID.match(i))]
    return min(numbers, default=0)


def _usable(checked: Checked) -> int:
    return len(checked.claims) + len(checked.sources) + len(checked.summary)


def merge_answers(first: Checked, second: Checked) -> Checked:
    """The first answer's usable items plus the corrections the re-ask brought.

    Items the re-ask did not bring back are left out, and a warning says which.
    """
    warnings = list(first.warnings + second.warnings)
    asked = len(first.failing)
    returned = min(_usable(second) + len(second.ungrounded), asked)
    if returned < asked:
        labels = ", ".join(f.label for f in first.failing)
        warnings.append(
            f"re-asked {asked} item(s) ({labels}); {returned} came back, the rest were left out"
        )
    # A model that answers the whole Draft again (not only the fixes) must not double it.
    claims = [c for c in second.claims if not any(same_claim(c, k) for k in first.claims)]
    sources = [
        s for s in second.sources if not any(same_name(s.name, k.name) for k in first.sources)
    ]
    seen = {line.text for line in first.summary}
    summary = [line for line in second.summary if line.text not in seen]
    merged = Checked(
        claims=first.claims + claims,
        sources=first.sources + sources,
        summary=first.summary + summary,
        failing=second.failing,
        ungrounded=second.ungrounded,
        warnings=warnings,
        forgiven=first.forgiven + second.forgiven,
    )
    merged.claims.sort(key=lambda c: _first_id(c.sentence_ids))
    merged.summary.sort(key=lambda s: _first_id(s.support))
    return merged


def shapeless_warnings(checked: Checked) -> list[str]:
    """Warnings for the items of the last answer that did not fit the Draft's shape."""
    return [
        f"dropped {f.label}: {f.problems[0].split(': ', 1)[-1]}"
        for f in checked.failing
        if f.shapeless
    ]


def to_draft(checked: Checked, *, lenient: bool, summary_sentences: int) -> Draft:
    """The Draft of a checked answer; lenient keeps ungrounded items for grounding to judge."""
    claims, sources, summary = list(checked.claims), list(checked.sources), list(checked.summary)
    if lenient:
        for item in checked.ungrounded:
            if isinstance(item, DraftClaim):
                claims.append(item)
            elif isinstance(item, DraftSource):
                sources.append(item)
            elif isinstance(item, DraftSummarySentence):
                summary.append(item)
        claims.sort(key=lambda c: _first_id(c.sentence_ids))
    if len(claims) > MAX_CLAIMS:
        checked.warnings.append(
            f"{len(claims)} claims after the re-ask; kept the first {MAX_CLAIMS}"
        )
    return Draft.model_construct(
        claims=claims[:MAX_CLAIMS], sources=sources, summary=summary[:summary_sentences]
    )
