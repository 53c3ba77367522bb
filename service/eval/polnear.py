"""PolNeAR loader and attribution scorer.

Definitions (see ../shared/polnear/README.md):

- A span is a tuple of fragments; a discontinuous gold span has several.
  *Overlap*: the two spans share at least one character (any fragment).
  *Exact*: the extents (first start to last end), trimmed of whitespace and
  punctuation at both ends, have the same offsets.
- Matching: predicted and gold attributions are paired one-to-one, greedily by
  largest content overlap in characters (ties: reading order); a pair needs at
  least one shared character. Gold relations without content are skipped.
- Content: TP = matched pairs meeting the criterion (overlap: all pairs;
  exact: pairs whose contents are exact), FP = predictions - TP,
  FN = gold - TP.
- Source and cue: for a matched pair, both present and meeting the criterion
  is a TP; both present but not meeting it is a FP and a FN; predicted only is
  a FP, gold only is a FN. Roles of unmatched predictions are FPs, roles of
  unmatched gold relations are FNs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.pipeline.types import Span

Fragments = tuple[tuple[int, int], ...]
Predicted = tuple[Span, Span | None, Span | None]
ROLES = ("source", "cue", "content")

_T_LINE = re.compile(r"^T(\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^E\d+\t(.*)$")
_TRIM = frozenset(string.whitespace + string.punctuation + "‘’“”«»–—…")
_ROLE_OF_ARG = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated relation; a missing role is an empty tuple."""

    content: Fragments
    cue: Fragments
    source: Fragments


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    """One article with its gold attributions."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one role and criterion."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that are right."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    """Counts per role ("source", "cue", "content") for the exact and overlap criteria."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})


def _parse_ann(ann: str) -> tuple[GoldAttribution, ...]:
    spans: dict[str, Fragments] = {}
    for line in ann.splitlines():
        if m := _T_LINE.match(line):
            frags = (tuple(int(x) for x in part.split()) for part in m.group(3).split(";"))
            spans["T" + m.group(1)] = tuple((a, b) for a, b in frags)
    gold = []
    for line in ann.splitlines():
        if not (m := _E_LINE.match(line)):
            continue
        roles: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
        for arg in m.group(1).split():
            name, _, ref = arg.partition(":")
            if name in _ROLE_OF_ARG and ref in spans:
                roles[_ROLE_OF_ARG[name]].extend(spans[ref])
        if roles["content"]:
            gold.append(
                GoldAttribution(*(tuple(sorted(roles[r])) for r in ("content", "cue", "source")))
            )
    return tuple(gold)


def load_split(directory: Path) -> list[PolnearDoc]:
    """Read every article of a split with the first (sorted) annotator's relations."""
    docs = []
    for txt in sorted((directory / "text").glob("*.txt")):
        anns = sorted((directory / "attributions").glob(f"{txt.stem}_*.ann"))
        # Decode bytes ourselves: universal-newline reading would shift BRAT offsets.
        text = txt.read_bytes().decode("utf-8")
        gold = _parse_ann(anns[0].read_bytes().decode("utf-8")) if anns else ()
        docs.append(PolnearDoc(txt.stem, text, gold))
    return docs


def _frags(span: Span | None) -> Fragments:
    return () if span is None else ((span.start, span.end),)


def _shared(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _trimmed(text: str, frags: Fragments) -> tuple[int, int]:
    start, end = frags[0][0], frags[-1][1]
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _role(text: str, pred: Fragments, gold: Fragments, exact: Counts, overlap: Counts) -> None:
    for counts, ok in (
        (exact, bool(pred and gold) and _trimmed(text, pred) == _trimmed(text, gold)),
        (overlap, _shared(pred, gold) > 0),
    ):
        if ok:
            counts.tp += 1
        else:
            counts.fp += bool(pred)
            counts.fn += bool(gold)


def _match(preds: Sequence[Fragments], golds: Sequence[Fragments]) -> list[tuple[int, int]]:
    candidates = sorted(
        ((-_shared(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for neg, i, j in candidates:
        if neg < 0 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score(docs: Sequence[PolnearDoc], predictions: Sequence[Sequence[Predicted]]) -> Scores:
    """Score predicted (content, cue, source) triples, one list per doc, against gold."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} docs but {len(predictions)} prediction lists")
    scores = Scores()
    for doc, preds in zip(docs, predictions, strict=True):
        pf = [{"content": _frags(c), "cue": _frags(q), "source": _frags(s)} for c, q, s in preds]
        gf = [{"content": g.content, "cue": g.cue, "source": g.source} for g in doc.attributions]
        pairs = _match([p["content"] for p in pf], [g["content"] for g in gf])
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        triples = [(pf[i], gf[j]) for i, j in pairs]
        triples += [(pf[i], {}) for i in range(len(pf)) if i not in matched_p]
        triples += [({}, gf[j]) for j in range(len(gf)) if j not in matched_g]
        for p, g in triples:
            for role in ROLES:
                _role(
                    doc.text,
                    p.get(role, ()),
                    g.get(role, ()),
                    scores.exact[role],
                    scores.overlap[role],
                )
    return scores


def format_table(scores: Scores) -> str:
    """Plain-text table: rows source/cue/content, columns P R F1 for exact and overlap."""
    lines = [
        f"{'':8} {'exact':^20} {'overlap':^20}",
        f"{'role':8} {'P':>6} {'R':>6} {'F1':>6} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for role in ROLES:
        cells = [
            f"{x:6.3f}"
            for c in (scores.exact[role], scores.overlap[role])
            for x in (c.precision, c.recall, c.f1)
        ]
        lines.append(f"{role:8} " + " ".join(cells))
    return "\n".join(lines)
