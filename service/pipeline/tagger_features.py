"""Tokens and per-token features for the attribution tagger (service/pipeline/tagger.py).

Cheap and linear: a regex tokenizer over the folded text, and for each token its word,
shape, affixes, whether the cue lexicon holds it, whether a double quote is open, where
it stands in its sentence, what the rules made of it, and the same for its neighbours.
Training (scripts/train_tagger.py) and inference share these functions, so the features
the model was trained on are the ones it sees.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from service.pipeline import lexicon as lx
from service.pipeline.types import Attribution, Sentence

# A word (with inner apostrophes, dots, hyphens: "don't", "U.S.", "then-Gov"), or one
# character of punctuation; NYT's two-apostrophe quote is one token.
_TOKEN = re.compile(r"''|\w+(?:['.\-]\w+)*|[^\w\s]")
_LEXICON = frozenset(w.lower() for w in lx.VERB_WORDS.split())
# Words that open or mark a reported content, a source or a cue beyond the verb lexicon.
_FUNCTION_WORDS = (
    "that whether if to according as by with in of for from : , said says told "
    "he she they we i it who which the a an his her their"
)
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
WINDOW = 2
MAX_WORD = 24


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its offsets in the text and its folded characters."""

    start: int
    end: int
    text: str


def tokenize(norm: str, start: int, end: int) -> list[Token]:
    """The tokens of ``norm[start:end]`` with offsets into the whole text."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm, start, end)]


def shape(word: str) -> str:
    """The word's shape with runs collapsed: "Trump" -> "Xx", "U.S." -> "X.X.", "2016" -> "d"."""
    out: list[str] = []
    for ch in word[:MAX_WORD]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def rule_roles(tokens: Sequence[Token], rules: Sequence[Attribution]) -> list[str]:
    """Each token's role in the rules' attributions: "cue", "source", "content" or "-".

    A cue wins over a source, a source over a content (a content may hold another
    relation's cue). Linear: the spans are swept in order with the tokens.
    """
    marks: list[tuple[int, int, int]] = []  # (start, end, priority)
    for a in rules:
        marks.append((a.content.start, a.content.end, 1))
        if a.source is not None:
            marks.append((a.source.start, a.source.end, 2))
        if a.cue is not None:
            marks.append((a.cue.start, a.cue.end, 3))
    names = ("-", "content", "source", "cue")
    best = [0] * len(tokens)
    if not marks or not tokens:
        return [names[0]] * len(tokens)
    starts = [t.start for t in tokens]
    for s, e, p in marks:
        for k in covered(tokens, starts, s, e):
            best[k] = max(best[k], p)
    return [names[b] for b in best]


def covered(tokens: Sequence[Token], starts: Sequence[int], start: int, end: int) -> range:
    """Indices of the tokens sharing a character with [start, end); ``starts`` are the
    tokens' starts (sorted)."""
    k = bisect_left(starts, start)
    if k > 0 and tokens[k - 1].end > start:
        k -= 1
    last = k
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return range(k, last)


def _word_features(tok: Token) -> tuple[str, str, bool]:
    low = tok.text.lower()[:MAX_WORD]
    return low, shape(tok.text), low in _LEXICON


def features(
    tokens: Sequence[Token],
    norm: str,
    sentences: Sequence[Sentence],
    roles: Sequence[str],
) -> list[list[str]]:
    """One list of feature strings per token of one paragraph (tokens in reading order).

    ``sentences`` are the sentences the tokens fall in; ``roles`` are rule_roles of the
    tokens.
    """
    n = len(tokens)
    words = [_word_features(t) for t in tokens]
    # Quote state: whether a double quote is open before the token, within the paragraph.
    quoted: list[bool] = []
    inside = False
    for t in tokens:
        quoted.append(inside)
        if t.text in ('"', "''"):
            inside = not inside
    # Sentence position, and whether a lexicon word comes earlier / later in the sentence.
    sent_of: list[int] = []
    k = 0
    for t in tokens:
        while k + 1 < len(sentences) and sentences[k].end <= t.start:
            k += 1
        sent_of.append(k)
    lex_before: list[bool] = []
    seen_lex = False
    for i in range(n):
        if i and sent_of[i] != sent_of[i - 1]:
            seen_lex = False
        lex_before.append(seen_lex)
        seen_lex = seen_lex or words[i][2]
    lex_after = [False] * n
    seen_lex = False
    for i in range(n - 1, -1, -1):
        if i + 1 < n and sent_of[i] != sent_of[i + 1]:
            seen_lex = False
        lex_after[i] = seen_lex
        seen_lex = seen_lex or words[i][2]
    out: list[list[str]] = []
    for i, tok in enumerate(tokens):
        low, shp, lex = words[i]
        first = i == 0 or sent_of[i] != sent_of[i - 1]
        last = i == n - 1 or sent_of[i] != sent_of[i + 1]
        f = [
            "bias",
            "w=" + low,
            "sh=" + shp,
            "s3=" + low[-3:],
            "p3=" + low[:3],
            "r=" + roles[i],
            "q=" + ("1" if quoted[i] else "0"),
            "lb=" + ("1" if lex_before[i] else "0"),
            "la=" + ("1" if lex_after[i] else "0"),
        ]
        if lex:
            f.append("lex")
        if first:
            f.append("first")
        if last:
            f.append("last")
        if tok.start > 0 and norm[tok.start - 1] == "\n":
            f.append("para")
        for d in range(-WINDOW, WINDOW + 1):
            if d == 0:
                continue
            j = i + d
            if 0 <= j < n:
                jl, js, jx = words[j]
                f.append(f"{d}r={roles[j]}")
                f.append(f"{d}sh={js}")
                if jx:
                    f.append(f"{d}lex")
                if abs(d) == 1 or jl in _FUNCTION or jx:
                    f.append(f"{d}w={jl}")
                if abs(d) == 1:
                    f.append(f"{d}q={'1' if quoted[j] else '0'}")
            else:
                f.append(f"{d}pad")
        if i > 0:
            f.append(f"r-1|r={roles[i - 1]}|{roles[i]}")
        out.append(f)
    return out
