"""Pick the summary: a few lead and salient sentences that keep their attributions."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from service.pipeline.types import DraftClaim, DraftSummary, Sentence, SentenceSignals

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")
_STOP = frozenset(
    {
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "been",
        "their",
        "there",
        "they",
        "them",
        "will",
        "would",
        "could",
        "should",
        "about",
        "which",
        "while",
        "what",
        "when",
        "where",
        "also",
        "into",
        "than",
        "then",
        "more",
        "most",
        "some",
        "such",
        "only",
        "over",
        "after",
        "before",
        "said",
        "says",
        "told",
        "just",
        "very",
        "other",
        "being",
        "does",
    }
)
_OPENING_QUOTE = re.compile(r"^\s*[\"“‘']")
_MIN_WORDS = 6


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _attribution_map(claims: Sequence[DraftClaim]) -> tuple[set[str], dict[str, list[int]]]:
    """Sentence ids of claims, and for each the starts of the cues and sources it relies on."""
    relied: dict[str, list[int]] = {}
    for claim in claims:
        starts = [span.start for span in (claim.cue, claim.source) if span is not None]
        for sid in claim.sentence_ids:
            relied.setdefault(sid, []).extend(starts)
    return set(relied), relied


def _eligible(sentence: Sentence, relied: Mapping[str, list[int]]) -> bool:
    """A summary sentence is a full sentence that keeps its own attribution."""
    if len(sentence.text.split()) < _MIN_WORDS or sentence.text[-1] not in ".!?\"”’'":
        return False
    starts = relied.get(sentence.id, [])
    # A claim whose cue or speaker lies in another sentence would lose its attribution.
    if any(not sentence.start <= start < sentence.end for start in starts):
        return False
    # A bare quotation with no speaker in the sentence would state a claim as fact.
    return not (_OPENING_QUOTE.match(sentence.text) and not starts)


def select_summary(
    sentences: Sequence[Sentence],
    claims: Sequence[DraftClaim],
    signals: Mapping[str, SentenceSignals],
    *,
    limit: int,
) -> list[DraftSummary]:
    """Return up to ``limit`` sentences by lead position and salience, in reading order."""
    claimed, relied = _attribution_map(claims)
    eligible = [s for s in sentences if _eligible(s, relied)]
    if not eligible:
        return []
    # The article's own word that nothing is confirmed is the context a reader needs most.
    caveat = next(
        (s for s in eligible if signals.get(s.id) is not None and signals[s.id].no_confirmation),
        None,
    )
    words_of = {s.id: _words(s.text) for s in eligible}
    frequency = Counter(w for words in words_of.values() for w in words)

    def score(rank: int, sentence: Sentence) -> float:
        words = words_of[sentence.id]
        salience = sum(frequency[w] for w in set(words)) / math.sqrt(len(words) + 1)
        lead = 1.0 / (1.0 + 0.35 * rank)
        return salience * (0.5 + lead) * (1.25 if sentence.id in claimed else 1.0)

    scored = [(score(rank, s), s) for rank, s in enumerate(eligible) if s is not caveat]
    ranked = [s for _, s in sorted(scored, key=lambda pair: -pair[0])]
    chosen = ranked[: max(0, limit - 1) if caveat else limit]
    if caveat is not None:
        chosen.append(caveat)
    chosen.sort(key=lambda s: s.start)
    return [DraftSummary(" ".join(s.text.split()), (s.id,)) for s in chosen]
