"""Find the claims the article itself confirms, independently of their claimant.

Two readings, both narrow on purpose (a false `corroborated` is the worst error):

- **An admission on the court record**: "Lazar admitted in his plea that he broke
  into the account", "as part of his plea, Lazar said ...": what a defendant
  admits in a guilty plea or in court is on an official record
  (`official_confirmation`).
- **An agreement between independent named sources**: "Cohen said the loyalty
  mattered. Others largely agree. 'I don't think you can discount ...,' said
  Greenberg." A short sentence saying that others agree joins the nearest claim
  before it and the nearest claim after it by a different named source: two
  independent sources say it (`multiple_sources`). Co-speakers of one statement,
  a campaign and its staff, an organisation and its people are one source and
  never agree with themselves here.

Only claims by a named person, organisation or government take part; verify lets
neither reading through when the claim is also hedged, anonymous, unconfirmed or
denied. Each sentence is looked at once, so the pass is linear in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.factsheet import Reason
from service.pipeline.types import DraftClaim, DraftSource, Sentence

# "Pleaded guilty to X" reports the plea, an act; only what the defendant admits in it confirms.
_ADMITS = re.compile(r"\badmit(?:s|ted|ting)?\b", re.I)
_ON_RECORD = re.compile(
    r"\b(?:(?:his|her|their|its|the|a)\s+(?:guilty\s+)?plea(?:\s+agreement)?|pleaded\s+guilty|"
    r"pled\s+guilty|in\s+(?:federal\s+|district\s+)?court|under\s+oath|court\s+filings?)\b",
    re.IGNORECASE,
)
# "As a part of his plea, Lazar said that ...": whatever the cue, the words are the plea's.
_IN_PLEA = re.compile(
    r"\b(?:as\s+(?:a\s+)?part\s+of|in)\s+(?:his|her|their|its|the)\s+(?:guilty\s+)?plea\b",
    re.IGNORECASE,
)
_AGREE = re.compile(
    r"^\W*(?:(?:many|most|several|some)\s+)?others?\s+(?:(?:largely|generally|also|broadly|"
    r"mostly|tend\s+to)\s+)?agree[sd]?\b[^.!?]{0,20}[.!?]?\W*$",
    re.IGNORECASE,
)
_NAMED = frozenset({"person", "organization", "government"})


def _named(claim: DraftClaim, sources: Sequence[DraftSource]) -> bool:
    i = claim.source_index
    return i is not None and i < len(sources) and sources[i].type in _NAMED


def _same_source(a: DraftClaim, b: DraftSource, sources: Sequence[DraftSource]) -> bool:
    """True when `b` is `a`'s claimant, a co-speaker, or shares a name word with one
    (an organisation and its people: "the Sanders campaign" and "Sanders")."""
    indices = [i for i in (a.source_index, *a.other_source_indices) if i is not None]
    words_b = {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", b.name)}
    for i in indices:
        if sources[i] is b:
            return True
        words_a = {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", sources[i].name)}
        if words_a & words_b:
            return True
    return False


def corroborate(
    claims: Sequence[DraftClaim],
    sentences: Sequence[Sentence],
    sources: Sequence[DraftSource],
) -> list[frozenset[Reason]]:
    """Why the article confirms each claim: `official_confirmation`, `multiple_sources`."""
    found: list[set[Reason]] = [set() for _ in claims]
    index = {s.id: k for k, s in enumerate(sentences)}
    by_sentence: dict[int, list[int]] = {}
    for n, claim in enumerate(claims):
        if claim.sentence_ids and claim.sentence_ids[0] in index:
            by_sentence.setdefault(index[claim.sentence_ids[0]], []).append(n)
    for n, claim in enumerate(claims):
        k = index.get(claim.sentence_ids[0]) if claim.sentence_ids else None
        if claim.cue is None or k is None or not _named(claim, sources):
            continue
        text = sentences[k].text
        admits = _ADMITS.search(claim.cue.text) and _ON_RECORD.search(text)
        if admits or _IN_PLEA.search(text):
            found[n].add("official_confirmation")
    for k, sentence in enumerate(sentences):
        if not _AGREE.match(sentence.text) or by_sentence.get(k):
            continue
        before = by_sentence.get(k - 1, [])
        after = by_sentence.get(k + 1, [])
        first = [n for n in before if _named(claims[n], sources)][-1:]
        second = [n for n in after if _named(claims[n], sources)][:1]
        if not first or not second:
            continue
        a, b = first[0], second[0]
        source_b = sources[claims[b].source_index or 0]
        if _same_source(claims[a], source_b, sources):
            continue
        found[a].add("multiple_sources")
        found[b].add("multiple_sources")
    return [frozenset(r) for r in found]
