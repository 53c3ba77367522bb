"""Editor-gold scorer (see ../shared/editor-gold/GUIDELINES.md).

Editor gold labels every PolNeAR relation that has content with its real
claimant (a source id or null), an honest status and whether an editor would
list it. Scoring, as the guidelines describe:

- Matching: predicted claims and gold attributions are paired one-to-one,
  greedily by largest content overlap in characters (the PolNeAR matching of
  `service.eval.polnear`); the gold content is its extent (first start, last end).
- On matched pairs: claimant accuracy (the predicted source's name equals the
  gold source's name or one of its aliases, case-insensitive; null equals
  null), status accuracy, over-trust (gold unverified/disputed predicted
  attributed/corroborated, over the gold unverified/disputed pairs), false
  corroborated (predicted corroborated, gold not), content well bounded (each
  span lies at least half inside the other) and source type accuracy (over
  pairs where both claimants are non-null: predicted type equals gold type).
  For comparison with earlier, looser readings the table also shows a lenient
  claimant accuracy (a name or alias contains the predicted name or the reverse)
  and fully right over predicted claims with that claimant test; the issue's
  "today" column matches this reading (0.77 and 0.45 at the start).
- Editor-claim recall: share of `editor_claim: true` attributions matched.
- Fully right: matched, claimant right, status right and well bounded; counted
  over all predicted claims (precision) and over editor claims (recall).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.eval.polnear import _match

Extent = tuple[int, int]
OVER_TRUSTED = frozenset({"attributed", "corroborated"})
UNTRUSTED = frozenset({"unverified", "disputed"})


@dataclass(frozen=True, slots=True)
class GoldSource:
    """One entity that makes at least one claim in the article."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]

    def named_by(self, name: str) -> bool:
        """True when `name` is this source's name or one of its aliases (case-insensitive)."""
        wanted = name.strip().casefold()
        return any(wanted == n.strip().casefold() for n in (self.name, *self.aliases))

    def loosely_named_by(self, name: str) -> bool:
        """True when `name` contains, or is contained in, this source's name or an alias."""
        wanted = name.strip().casefold()
        names = [n.strip().casefold() for n in (self.name, *self.aliases)]
        return bool(wanted) and any(n in wanted or wanted in n for n in names if n)


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One PolNeAR relation with the editor's judgement."""

    rel: str
    content: Extent
    claimant: str | None
    status: str
    editor_claim: bool


@dataclass(frozen=True, slots=True)
class EditorDoc:
    """One article: its text, sources and labelled attributions."""

    name: str
    text: str
    sources: dict[str, GoldSource]
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True, slots=True)
class PredictedClaim:
    """What the scorer needs of one claim of a sheet."""

    content: Extent
    claimant: str | None
    source_type: str | None
    status: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class PairResult:
    """One predicted claim matched to one gold attribution, judged."""

    doc: str
    predicted: PredictedClaim
    gold: GoldClaim
    gold_source: GoldSource | None
    claimant_ok: bool
    claimant_loose: bool
    status_ok: bool
    bounded: bool

    @property
    def fully_right(self) -> bool:
        """Claimant, status and content bounds all right."""
        return self.claimant_ok and self.status_ok and self.bounded

    @property
    def fully_right_lenient(self) -> bool:
        """Fully right with the lenient claimant test."""
        return self.claimant_loose and self.status_ok and self.bounded


@dataclass(slots=True)
class EditorScores:
    """Counts behind every measure; the measures are properties."""

    predicted: int = 0
    gold: int = 0
    editor_claims: int = 0
    pairs: list[PairResult] = field(default_factory=list)
    editor_matched: int = 0
    editor_fully_right: int = 0

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return num / den if den else 0.0

    @property
    def claimant_accuracy(self) -> float:
        """Matched pairs whose claimant is right."""
        return self._ratio(sum(p.claimant_ok for p in self.pairs), len(self.pairs))

    @property
    def status_accuracy(self) -> float:
        """Matched pairs whose status is right."""
        return self._ratio(sum(p.status_ok for p in self.pairs), len(self.pairs))

    @property
    def status_accuracy_claimant_right(self) -> float:
        """Status accuracy over the matched pairs whose claimant is right (a diagnostic:
        a wrong or missing claimant drags the status down with it)."""
        right = [p for p in self.pairs if p.claimant_ok]
        return self._ratio(sum(p.status_ok for p in right), len(right))

    @property
    def over_trust_pairs(self) -> list[PairResult]:
        """Gold unverified/disputed pairs (the denominator of the over-trust rate)."""
        return [p for p in self.pairs if p.gold.status in UNTRUSTED]

    @property
    def over_trust_rate(self) -> float:
        """Gold unverified/disputed pairs predicted attributed or corroborated."""
        risky = self.over_trust_pairs
        return self._ratio(sum(p.predicted.status in OVER_TRUSTED for p in risky), len(risky))

    @property
    def predicted_corroborated(self) -> int:
        """Matched pairs predicted corroborated."""
        return sum(p.predicted.status == "corroborated" for p in self.pairs)

    @property
    def false_corroborated(self) -> int:
        """Matched pairs predicted corroborated whose gold status is not."""
        return sum(
            p.predicted.status == "corroborated" and p.gold.status != "corroborated"
            for p in self.pairs
        )

    @property
    def editor_recall(self) -> float:
        """Editor claims matched by some predicted claim."""
        return self._ratio(self.editor_matched, self.editor_claims)

    @property
    def well_bounded(self) -> float:
        """Matched pairs whose contents each lie at least half inside the other."""
        return self._ratio(sum(p.bounded for p in self.pairs), len(self.pairs))

    @property
    def claimant_accuracy_lenient(self) -> float:
        """Matched pairs whose claimant is right or contains/is contained in a gold alias."""
        return self._ratio(sum(p.claimant_loose for p in self.pairs), len(self.pairs))

    @property
    def typed_pairs(self) -> list[PairResult]:
        """Pairs where both claimants are non-null (the denominator of type accuracy)."""
        return [p for p in self.pairs if p.predicted.claimant is not None and p.gold_source]

    @property
    def source_type_accuracy(self) -> float:
        """Typed pairs whose predicted source type equals the gold source's type."""
        typed = self.typed_pairs
        right = sum(
            p.gold_source is not None and p.predicted.source_type == p.gold_source.type
            for p in typed
        )
        return self._ratio(right, len(typed))

    @property
    def fully_right_precision(self) -> float:
        """Fully right pairs over all predicted claims."""
        return self._ratio(sum(p.fully_right for p in self.pairs), self.predicted)

    @property
    def fully_right_recall(self) -> float:
        """Editor claims with a fully right predicted claim."""
        return self._ratio(self.editor_fully_right, self.editor_claims)

    @property
    def fully_right_precision_lenient(self) -> float:
        """Fully right (lenient claimant) pairs over all predicted claims."""
        return self._ratio(sum(p.fully_right_lenient for p in self.pairs), self.predicted)


# (floor key, label, getter, higher is better)
MEASURES: tuple[tuple[str, str, Callable[[EditorScores], float], bool], ...] = (
    (
        "claimant_accuracy",
        "claimant accuracy (matched claims)",
        lambda s: s.claimant_accuracy,
        True,
    ),
    (
        "claimant_accuracy_lenient",
        "  claimant, lenient (name contains or is contained in an alias)",
        lambda s: s.claimant_accuracy_lenient,
        True,
    ),
    ("status_accuracy", "status accuracy", lambda s: s.status_accuracy, True),
    (
        "status_accuracy_claimant_right",
        "  status accuracy where claimant is right",
        lambda s: s.status_accuracy_claimant_right,
        True,
    ),
    (
        "over_trust_rate",
        "over-trust: gold unverified/disputed given attributed/corroborated",
        lambda s: s.over_trust_rate,
        False,
    ),
    (
        "false_corroborated",
        "false corroborated (predicted corroborated, gold not)",
        lambda s: float(s.false_corroborated),
        False,
    ),
    ("editor_recall", "editor-claim recall", lambda s: s.editor_recall, True),
    ("well_bounded", "content well bounded", lambda s: s.well_bounded, True),
    ("source_type_accuracy", "source type accuracy", lambda s: s.source_type_accuracy, True),
    (
        "fully_right_precision",
        "fully right, over predicted claims",
        lambda s: s.fully_right_precision,
        True,
    ),
    ("fully_right_recall", "fully right, over editor claims", lambda s: s.fully_right_recall, True),
    (
        "fully_right_precision_lenient",
        "  fully right over predicted, lenient claimant",
        lambda s: s.fully_right_precision_lenient,
        True,
    ),
)


def parse_doc(data: dict[str, Any], text: str) -> EditorDoc:
    """Build an EditorDoc from one parsed *.editor.yaml mapping and its article text."""
    sources = {
        str(s["id"]): GoldSource(
            id=str(s["id"]),
            name=str(s["name"]),
            type=str(s["type"]),
            aliases=tuple(str(a) for a in s.get("aliases") or ()),
        )
        for s in data.get("sources") or ()
    }
    claims = []
    for a in data.get("attributions") or ():
        claimant = a.get("claimant")
        if claimant is not None and str(claimant) not in sources:
            raise ValueError(f"{data.get('article')}: {a['rel']} names unknown source {claimant}")
        start, end = a["content"]
        claims.append(
            GoldClaim(
                rel=str(a["rel"]),
                content=(int(start), int(end)),
                claimant=None if claimant is None else str(claimant),
                status=str(a["status"]),
                editor_claim=bool(a.get("editor_claim", True)),
            )
        )
    return EditorDoc(str(data["article"]), text, sources, tuple(claims))


def _article_text(article: str, directory: Path, polnear: Path | None) -> str:
    root = polnear or directory.resolve().parent.parent / "polnear"
    candidates = [root / directory.resolve().name / "text" / article]
    candidates += sorted(root.glob(f"*/text/{article}"))
    for path in candidates:
        if path.is_file():
            # Decode bytes ourselves: universal-newline reading would shift offsets.
            return path.read_bytes().decode("utf-8")
    raise FileNotFoundError(f"article {article} not found under {root}/<split>/text/")


def load_dir(directory: Path, polnear: Path | None = None) -> list[EditorDoc]:
    """Read every *.editor.yaml of a directory with the PolNeAR article it names.

    The article is looked up in `polnear`/<split>/text/ (default: ../../polnear
    beside the editor-gold directory, split = the directory's name), then in any split.
    """
    docs = []
    for path in sorted(directory.glob("*.editor.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: an editor gold file is a YAML mapping")
        docs.append(parse_doc(data, _article_text(str(data["article"]), directory, polnear)))
    return docs


def _shared(a: Extent, b: Extent) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def bounded(pred: Extent, gold: Extent) -> bool:
    """True when each span lies at least half inside the other."""
    shared = _shared(pred, gold)
    return shared * 2 >= pred[1] - pred[0] and shared * 2 >= gold[1] - gold[0] and shared > 0


def score(
    docs: Sequence[EditorDoc], predictions: Sequence[Sequence[PredictedClaim]]
) -> EditorScores:
    """Score predicted claims, one list per doc, against editor gold."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} docs but {len(predictions)} prediction lists")
    scores = EditorScores()
    for doc, preds in zip(docs, predictions, strict=True):
        scores.predicted += len(preds)
        scores.gold += len(doc.claims)
        scores.editor_claims += sum(g.editor_claim for g in doc.claims)
        pairs = _match([(p.content,) for p in preds], [(g.content,) for g in doc.claims])
        for i, j in pairs:
            pred, gold = preds[i], doc.claims[j]
            source = None if gold.claimant is None else doc.sources[gold.claimant]
            if source is None:
                claimant_ok = claimant_loose = pred.claimant is None
            else:
                claimant_ok = pred.claimant is not None and source.named_by(pred.claimant)
                claimant_loose = pred.claimant is not None and source.loosely_named_by(
                    pred.claimant
                )
            result = PairResult(
                doc=doc.name,
                predicted=pred,
                gold=gold,
                gold_source=source,
                claimant_ok=claimant_ok,
                claimant_loose=claimant_loose,
                status_ok=pred.status == gold.status,
                bounded=bounded(pred.content, gold.content),
            )
            scores.pairs.append(result)
            if gold.editor_claim:
                scores.editor_matched += 1
                scores.editor_fully_right += result.fully_right
    return scores


def format_table(scores: EditorScores) -> str:
    """Plain-text table of every measure, with its counts."""
    lines = [
        f"{scores.predicted} predicted claims, {scores.gold} gold attributions "
        f"({scores.editor_claims} editor claims), {len(scores.pairs)} matched",
        f"{'measure':68} {'value':>7}",
    ]
    for key, label, get, _ in MEASURES:
        value = get(scores)
        if key == "false_corroborated":
            cell = f"{scores.false_corroborated} of {scores.predicted_corroborated}"
        else:
            cell = f"{value:.3f}"
        lines.append(f"{label:68} {cell:>7}")
    return "\n".join(lines)


def check_floors(scores: EditorScores, floors_toml: str) -> list[str]:
    """Return one message per measure on the wrong side of its floor (or ceiling).

    The TOML maps measure keys (see MEASURES) to numbers: a minimum for measures
    where higher is better, a maximum for over_trust_rate and false_corroborated.
    """
    getters = {key: (get, higher) for key, _, get, higher in MEASURES}
    failures = []
    for key, limit in tomllib.loads(floors_toml).items():
        if key not in getters:
            raise ValueError(f"unknown measure {key!r} in floors; known: {', '.join(getters)}")
        get, higher = getters[key]
        got = get(scores)
        if higher and got < float(limit):
            failures.append(f"{key} {got:.3f} < floor {limit}")
        elif not higher and got > float(limit):
            failures.append(f"{key} {got:.3f} > ceiling {limit}")
    return failures


def format_errors(scores: EditorScores, docs: Sequence[EditorDoc]) -> str:
    """One line per matched pair whose claimant or status is wrong, for reading by a person."""
    texts = {d.name: d for d in docs}
    lines = []
    for p in scores.pairs:
        if p.claimant_ok and p.status_ok:
            continue
        doc = texts[p.doc]
        gold_name = p.gold_source.name if p.gold_source else None
        snippet = doc.text[p.gold.content[0] : p.gold.content[1]][:70].replace("\n", " ")
        lines.append(
            f"{p.doc[:40]} {p.gold.rel:>5} claimant {p.predicted.claimant!r} vs {gold_name!r}"
            f" | status {p.predicted.status} vs {p.gold.status} | {snippet}"
        )
    return "\n".join(lines)
