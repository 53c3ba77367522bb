"""A trained token tagger for attributions: each token is a source, a cue, a content or none.

The model is a linear-chain CRF (python-crfsuite) trained on PolNeAR train by
scripts/train_tagger.py over the cheap features of tagger_features; it ships as package
data (service/pipeline/data/tagger.crfsuite, data card in docs/tagger.md) and nothing is
downloaded. One paragraph is one sequence, so tagging is linear in the article length.
The tagged spans are grouped into relations here: each cue takes the nearest content
span in its paragraph and the nearest source span in its sentence.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycrfsuite

from service.pipeline import tagger_features as tf
from service.pipeline.types import Attribution, Sentence, Span

MODEL = "tagger.crfsuite"
ROLES = {"SRC": "source", "CUE": "cue", "CON": "content"}
# How far (in tokens that are not the source) a cue looks for its content, either side.
CONTENT_GAP = 8
# How far (in tokens) a cue looks for its source in its sentence, either side.
SOURCE_GAP = 4
_TRIM = " \t\n,;:-"
# The tagger reads at most this many tokens of an article (about 35 KB; PolNeAR's longest
# article has 6661), so its cost has a ceiling however long the input
# (bench/pathological.py); beyond it the rules alone speak.
MAX_TOKENS = 7000


@dataclass(frozen=True, slots=True)
class Tagged:
    """One run of tokens with one role: tokens[first:last] of the paragraph."""

    role: str
    first: int
    last: int


def paragraphs(norm: str, sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Consecutive sentences with no newline between them: one tagging sequence each."""
    out: list[list[Sentence]] = []
    for s in sentences:
        if out and "\n" not in norm[out[-1][-1].end : s.start]:
            out[-1].append(s)
        else:
            out.append([s])
    return out


def paragraph_tokens(norm: str, para: Sequence[Sentence], limit: int = 1 << 62) -> list[tf.Token]:
    """The tokens of a paragraph's sentences, in reading order (the first ``limit``)."""
    out: list[tf.Token] = []
    for s in para:
        if len(out) >= limit:
            break
        out.extend(tf.tokenize(norm, s.start, s.end))
    return out[:limit]


def runs(labels: Sequence[str]) -> list[Tagged]:
    """The spans of a BIO label sequence ("B-CUE", "I-CUE", "O", ...); a stray I- opens one."""
    out: list[Tagged] = []
    current: str | None = None
    for i, label in enumerate(labels):
        tag, _, role = label.partition("-")
        if tag == "O" or role not in ROLES:
            current = None
            continue
        if tag == "B" or current != role:
            out.append(Tagged(ROLES[role], i, i + 1))
            current = role
        else:
            last = out[-1]
            out[-1] = Tagged(last.role, last.first, i + 1)
    return out


def _gap(role_of: Sequence[str], a: int, b: int, limit: int) -> int:
    """Tokens in [a, b) that are not a source: how far a content is from its cue (more
    than ``limit`` when [a, b) is far longer than any source)."""
    if b - a > limit + 60:
        return limit + 1
    return sum(1 for k in range(a, b) if role_of[k] != "source")


def _nearest(
    spans: Sequence[Tagged],
    firsts: Sequence[int],
    cue: Tagged,
    role_of: Sequence[str],
    limit: int,
    used: set[int],
) -> tuple[int, ...]:
    """Indices (into ``spans``, sorted, with their ``firsts``) of the content a cue reports:
    the nearest unused span after or before it within ``limit`` tokens; both halves of a
    split quote when both are close."""
    k = bisect_left(firsts, cue.last)
    after = k if k < len(spans) and k not in used else None
    before = k - 1 if k > 0 and spans[k - 1].last <= cue.first and k - 1 not in used else None
    far = limit + 1
    gap_after = far if after is None else _gap(role_of, cue.last, spans[after].first, limit)
    gap_before = far if before is None else _gap(role_of, spans[before].last, cue.first, limit)
    if before is not None and after is not None and gap_after <= 2 and gap_before <= 2:
        return (before, after)
    if after is not None and gap_after <= limit and gap_after <= gap_before:
        return (after,)
    if before is not None and gap_before <= limit:
        return (before,)
    return ()


def _source(
    spans: Sequence[Tagged], firsts: Sequence[int], cue: Tagged, sent_of: Sequence[int]
) -> Tagged | None:
    """The nearest source span in the cue's sentence within SOURCE_GAP tokens."""
    k = bisect_left(firsts, cue.last)
    near = [
        (s.first - cue.last if s.first >= cue.last else cue.first - s.last, s)
        for s in spans[max(0, k - 1) : k + 1]
        if sent_of[s.first] == sent_of[cue.first] and (s.last <= cue.first or s.first >= cue.last)
    ]
    near = [(gap, s) for gap, s in near if gap <= SOURCE_GAP]
    return min(near, key=lambda x: x[0])[1] if near else None


def _span(text: str, tokens: Sequence[tf.Token], first: int, last: int) -> Span | None:
    start, end = tokens[first].start, tokens[last - 1].end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def relations(
    text: str, para: Sequence[Sentence], tokens: Sequence[tf.Token], labels: Sequence[str]
) -> list[Attribution]:
    """The relations of one tagged paragraph: every cue with its content (and source)."""
    tagged = runs(labels)
    role_of = ["-"] * len(tokens)
    for t in tagged:
        for k in range(t.first, t.last):
            role_of[k] = t.role
    sent_of: list[int] = []
    k = 0
    for tok in tokens:
        while k + 1 < len(para) and para[k].end <= tok.start:
            k += 1
        sent_of.append(k)
    contents = [t for t in tagged if t.role == "content"]
    sources = [t for t in tagged if t.role == "source"]
    content_firsts = [t.first for t in contents]
    source_firsts = [t.first for t in sources]
    used: set[int] = set()
    out: list[Attribution] = []
    for cue in (t for t in tagged if t.role == "cue"):
        picked = _nearest(contents, content_firsts, cue, role_of, CONTENT_GAP, used)
        if not picked:
            continue
        used.update(picked)
        first, last = contents[picked[0]].first, contents[picked[-1]].last
        content = _span(text, tokens, first, last)
        cue_span = _span(text, tokens, cue.first, cue.last)
        if content is None or cue_span is None or len(content.text) < 2:
            continue
        src = _source(sources, source_firsts, cue, sent_of)
        source = _span(text, tokens, src.first, src.last) if src is not None else None
        k0 = sent_of[min(first, cue.first)]
        k1 = sent_of[max(last, cue.last) - 1]
        ids = tuple(s.id for s in para[k0 : k1 + 1])
        out.append(Attribution(content, cue_span, source, ids))
    return out


# Sources the tagger finds that name nobody: a possessive ("his written reply"), a
# relative or demonstrative pronoun.
_NOT_SPEAKER_WORDS = "his her its their my our your who whom whose which that this these those"
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_WORDS.split())


def has_speaker(a: Attribution) -> bool:
    """Whether a tagged relation has a source that can name someone: not missing, not
    a possessive or relative pronoun ("his", "who many")."""
    if a.source is None:
        return False
    first = a.source.text.split()[0].lower()
    return first not in _NOT_SPEAKERS


class _Local(threading.local):
    tagger: pycrfsuite.Tagger | None = None


_local = _Local()
_lock = threading.Lock()
_path: Path | None = None


def model_path() -> Path:
    """The shipped model file (package data)."""
    global _path
    with _lock:
        if _path is None:
            ref = resources.files("service.pipeline") / "data" / MODEL
            _path = Path(str(ref))
        return _path


def load(path: Path | None = None) -> pycrfsuite.Tagger:
    """A tagger over the model at ``path`` (default: the shipped one)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path or model_path()))
    return tagger


def _tagger() -> pycrfsuite.Tagger:
    """This thread's tagger (a crfsuite tagger is not shared between threads)."""
    if _local.tagger is None:
        _local.tagger = load()
    return _local.tagger


def tag_attributions(
    text: str,
    norm: str,
    sentences: Sequence[Sentence],
    rules: Sequence[Attribution],
    tagger: pycrfsuite.Tagger | None = None,
) -> list[Attribution]:
    """The tagger's relations over the whole article, in reading order."""
    model = tagger or _tagger()
    out: list[Attribution] = []
    for para, tokens, feats in sequences(norm, sentences, rules):
        out.extend(relations(text, para, tokens, model.tag(feats)))
    return out


def sequences(
    norm: str, sentences: Sequence[Sentence], rules: Sequence[Attribution]
) -> list[tuple[list[Sentence], list[tf.Token], list[list[str]]]]:
    """Each paragraph with its tokens and their features (the rules' roles among them), up
    to MAX_TOKENS tokens in all: the rest of a longer article keeps the rules' relations."""
    paras: list[tuple[list[Sentence], list[tf.Token]]] = []
    budget = MAX_TOKENS
    for p in paragraphs(norm, sentences):
        if budget <= 0:
            break
        toks = paragraph_tokens(norm, p, budget)
        budget -= len(toks)
        if toks:
            paras.append((p, toks))
    roles = tf.rule_roles([t for _, toks in paras for t in toks], rules)
    out = []
    at = 0
    for para, tokens in paras:
        feats = tf.features(tokens, norm, para, roles[at : at + len(tokens)])
        at += len(tokens)
        out.append((para, tokens, feats))
    return out
