"""Check what the model wrote in its own words: statements and summary lines.

Spans are grounded elsewhere (service/llm/ground.py); this module holds the model's
free text to the same promise. A quotation must be verbatim in the article, a
person or organisation must be named in it, and a summary line built on an
unverified or disputed claim must keep its claimant or a hedge. A line that fails
is replaced by the extractive one (the article's own words) and a warning says so.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from schemas.factsheet import FactSheet, SummarySentence
from service.llm.match import TITLES, contains, folded, names
from service.observability import metrics
from service.pipeline.lexicon import VERB
from service.pipeline.normalise import fold
from service.pipeline.signals import find_signals
from service.pipeline.types import DraftClaim, DraftSummary, GroundedDraft, Sentence

# A quotation: words between double quotes (curly ones and guillemets are folded to ").
_QUOTED = re.compile(r'"([^"]*\w[^"]*)"')
# A capitalised run: a name as a reader would spot one ("General Rex", "Blue-Yellow").
_CAPITALISED = re.compile(r"\b[A-Z][\w'.-]*(?:\s+(?:of\s+the\s+|of\s+|de\s+)?[A-Z][\w'.-]*)*")
_WORD = re.compile(r"\w+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)[\"'(]*$")
# Capitalised only for starting a sentence; never a name on their own.
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "after",
        "before",
        "as",
        "but",
        "and",
        "or",
        "if",
        "while",
        "some",
        "no",
        "one",
        "two",
        "three",
    }
)


def invented_quotes(line: str, text: str) -> list[str]:
    """Quotations in ``line`` that are not verbatim in the article ``text``."""
    return [q for q in _QUOTED.findall(fold(line)) if not contains(text, q.strip())]


@lru_cache(maxsize=8)
def _vocabulary(text: str) -> list[str]:
    return sorted(folded(text).by_word)


def _known_word(word: str, text: str) -> bool:
    """True when the article has ``word``, or a word of the same stem ("Russia", "Russian")."""
    key = word.lower()
    if key in _FUNCTION_WORDS or key in TITLES or key in folded(text).by_word:
        return True
    if len(key) < 5:
        return False
    stem = key[: max(4, len(key) - 3)]
    vocabulary = _vocabulary(text)
    at = bisect.bisect_left(vocabulary, stem)
    return at < len(vocabulary) and vocabulary[at].startswith(stem)


def unknown_names(line: str, text: str) -> list[str]:
    """Capitalised names in ``line`` that name nothing the article names."""
    unknown: list[str] = []
    folded_line = fold(line)
    for m in _CAPITALISED.finditer(folded_line):
        run = m.group().rstrip(".")
        if " " not in run and _SENTENCE_START.search(folded_line[: m.start()]):
            continue  # one capitalised word opening a sentence ("Everything ...") is no name
        if names(text, run):
            continue
        # A run the article writes differently ("Ukrainian Defence Ministry") passes when
        # each of its words is in the article; an invented name ("General Rex") does not.
        if all(_known_word(w, text) for w in _WORD.findall(run)):
            continue
        unknown.append(run)
    return unknown


def line_problems(line: str, text: str) -> list[str]:
    """What is invented in one line the model wrote: quotations and names."""
    problems = [f"quotation {q!r} is not in the article" for q in invented_quotes(line, text)]
    problems += [f"{n!r} is not named in the article" for n in unknown_names(line, text)]
    return problems


def check_statements(draft: GroundedDraft, text: str) -> GroundedDraft:
    """Replace each statement with invented quotations or names by the claim's own words."""
    claims: list[DraftClaim] = []
    for n, claim in enumerate(draft.claims, 1):
        problems = line_problems(claim.statement, text)
        if problems:
            metrics.llm_dropped("statement")
            draft.warnings.append(
                f"claim {n}: the model's statement was replaced by the article's words "
                f"({'; '.join(problems)})"
            )
            claim = replace(claim, statement=_own_words(claim.content.text))
        claims.append(claim)
    return replace(draft, claims=claims)


def _own_words(content: str) -> str:
    from service.engines.extractive import statement_of

    return statement_of(content)


def _hedged(line: str) -> bool:
    folded_line = fold(line)
    if VERB.search(folded_line):
        return True
    signals = find_signals(line, folded_line, [Sentence("x", 0, len(line), line)])["x"]
    return bool(
        signals.hedges
        or signals.speculation
        or signals.denials
        or signals.anonymous
        or signals.no_confirmation
    )


def _states_as_fact(line: SummarySentence, sheet: FactSheet) -> str | None:
    """The claimant a line drops when it rests on a doubtful claim without a hedge, if so."""
    support = set(line.support)
    for claim in sheet.claims:
        if claim.status not in ("unverified", "disputed"):
            continue
        if not support & {e.sentence_id for e in claim.evidence}:
            continue
        if _hedged(line.text):
            return None
        if claim.claimant is not None and names(line.text, claim.claimant.text):
            return None
        return claim.claimant.text if claim.claimant else "the article's hedge"
    return None


def check_summary(
    sheet: FactSheet, fallback: Callable[[], Sequence[DraftSummary]]
) -> tuple[list[SummarySentence], list[str]]:
    """The summary with each invented or over-certain line replaced by an extractive one.

    ``fallback`` gives the extractive summary; it is only computed when a line fails.
    """
    text = sheet.article.text
    spare: list[SummarySentence] | None = None
    used = {s.text for s in sheet.summary}
    lines: list[SummarySentence] = []
    warnings: list[str] = []
    for n, line in enumerate(sheet.summary, 1):
        problems = line_problems(line.text, text)
        dropped = _states_as_fact(line, sheet)
        if dropped is not None:
            problems.append(f"states as fact what only {dropped} supports")
        if not problems:
            lines.append(line)
            continue
        metrics.llm_dropped("summary")
        if spare is None:
            spare = [SummarySentence(text=s.text, support=list(s.support)) for s in fallback()]
        substitute = next((s for s in spare if s.text not in used), None)
        if substitute is not None:
            used.add(substitute.text)
            lines.append(substitute)
            warnings.append(
                f"summary sentence {n} was replaced by an extractive one ({'; '.join(problems)})"
            )
        else:
            warnings.append(f"summary sentence {n} was dropped ({'; '.join(problems)})")
    return lines, warnings
