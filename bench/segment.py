"""Compare sentence splitters (pysbd, nupunkt, ours) on speed and correctness.

Usage: python bench/segment.py ../shared/polnear/dev
"""

from __future__ import annotations

import bisect
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nupunkt
import pysbd
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.pipeline.segment import segment

Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]

# Hand-written cases from the issue: text and the expected sentences, in order.
CASES: list[tuple[str, list[str]]] = [
    ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    (
        "“Except for one person, all were killed in action… North Korean troops already "
        "engaged in combat in Kursk on the 25th.” Oman said.",
        [
            "“Except for one person, all were killed in action… North Korean troops already "
            "engaged in combat in Kursk on the 25th.”",
            "Oman said.",
        ],
    ),
    (
        'He said "we\'ll see... maybe" and left. Fine.',
        ['He said "we\'ll see... maybe" and left.', "Fine."],
    ),
    (
        "It happened on Sept. 11 in New York. Then it ended.",
        ["It happened on Sept. 11 in New York.", "Then it ended."],
    ),
    ("U.S. officials said so. Others did not.", ["U.S. officials said so.", "Others did not."]),
    (
        "Gov. Smith agreed. Mr. Jones and Dr. Lee did not.",
        ["Gov. Smith agreed.", "Mr. Jones and Dr. Lee did not."],
    ),
    (
        "The deal closed Jan. 5 at No. 2 in the ranking.",
        ["The deal closed Jan. 5 at No. 2 in the ranking."],
    ),
    (
        "The vote was at 9 a.m. Eastern time. It passed.",
        ["The vote was at 9 a.m. Eastern time.", "It passed."],
    ),
    ("Donald J. Trump spoke. He left.", ["Donald J. Trump spoke.", "He left."]),
    (
        "He flew to Washington, D.C. The talks began.",
        ["He flew to Washington, D.C.", "The talks began."],
    ),
    (
        "GDP grew 3.5 percent to $1.2 billion. Stocks rose.",
        ["GDP grew 3.5 percent to $1.2 billion.", "Stocks rose."],
    ),
    (
        "Troops Enter Kursk\nOfficials confirmed it.",
        ["Troops Enter Kursk", "Officials confirmed it."],
    ),
    (
        "First paragraph ends here\n\nSecond one starts.",
        ["First paragraph ends here", "Second one starts."],
    ),
    ("One line.\r\nTwo lines.\r\n", ["One line.", "Two lines."]),
    (
        "Fans cheered 🎉🔥. The café reopened 🙂 today.",
        ["Fans cheered 🎉🔥.", "The café reopened 🙂 today."],
    ),
    ("She said “it is over. Nobody came.", ["She said “it is over.", "Nobody came."]),
    ("Why? Nobody knows! “Really?” he asked.", ["Why?", "Nobody knows!", "“Really?” he asked."]),
    ("word " * 1000 + "end", ["word " * 1000 + "end"]),  # 5,000 characters, no punctuation
]
_NEWLINE = re.compile(r"[^\n\r\u2028\u2029]+")


def per_line(split: Splitter) -> Splitter:
    """Give a third-party splitter our newline policy: split lines first, then each line."""

    def run(text: str) -> Spans:
        out: Spans = []
        for line in _NEWLINE.finditer(text):
            for s, e in split(line.group()):
                piece = line.group()[s:e]
                lead = len(piece) - len(piece.lstrip())
                if piece.strip():
                    out.append(
                        (line.start() + s + lead, line.start() + s + lead + len(piece.strip()))
                    )
        return out

    return run


_pysbd = pysbd.Segmenter(language="en", clean=False, char_span=True)
CANDIDATES: dict[str, Splitter] = {
    "pysbd 0.3.4": per_line(lambda t: [(x.start, x.end) for x in _pysbd.segment(t)]),
    "nupunkt 0.8.0": per_line(nupunkt.sent_spans),
    "ours (regex + rules)": lambda t: [(s.start, s.end) for s in segment(t)],
}


Span = tuple[int, int]
# One attribution relation: cue, source (may be absent) and content, first fragments only.
Relation = tuple[Span, Span | None, Span]


def load(root: Path) -> tuple[list[str], list[list[Relation]]]:
    """Texts and, per text, the attribution relations of its first .ann in sorted order."""
    texts, relations = [], []
    anns = sorted((root / "attributions").glob("*.ann"))
    for path in sorted((root / "text").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
        ann = next((a for a in anns if a.stem.rsplit("_", 1)[0] == path.stem), None)
        spans: dict[str, Span] = {}
        rels: list[Relation] = []
        for line in ann.read_text(encoding="utf-8").splitlines() if ann else []:
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                start, end = parts[1].split(" ", 1)[1].split(";")[0].split()
                spans[parts[0]] = (int(start), int(end))
            elif line.startswith("E") and len(parts) >= 2:
                roles = dict(arg.split(":", 1) for arg in parts[1].split()[1:])
                if "Cue" in roles and "Content" in roles:
                    source = spans.get(roles["Source"]) if "Source" in roles else None
                    rels.append((spans[roles["Cue"]], source, spans[roles["Content"]]))
        relations.append(rels)
    return texts, relations


def kept_whole(text: str, sents: Spans, rel: Relation) -> bool:
    """Whether cue, source and the content's end nearest the cue all lie in one sentence."""
    cue, source, content = rel
    points = [cue[0], cue[1] - 1]
    if source:
        points += [source[0], source[1] - 1]
    words = text[content[0] : content[1]]
    if content[1] <= cue[0]:  # "“...,” he said": the content's last visible character
        points.append(content[0] + len(words.rstrip()) - 1)
    elif content[0] >= cue[1]:  # "he said that ...": its first visible character
        points.append(content[0] + len(words) - len(words.lstrip()))
    starts = [s for s, _ in sents]
    found = set()
    for p in points:
        i = bisect.bisect_right(starts, p) - 1
        found.add(i if i >= 0 and p < sents[i][1] else -1)
    return len(found) == 1 and -1 not in found


def main(root: Path) -> None:
    texts, relations = load(root)
    results = {name: [split(t) for t in texts] for name, split in CANDIDATES.items()}
    reference = results["pysbd 0.3.4"]
    table = Table(title=f"Sentence splitters on {len(texts)} PolNeAR dev articles")
    for col in (
        "splitter",
        "articles/s",
        "vs pysbd",
        "cases",
        "attributions kept",
        "sentences",
        "F1 vs pysbd",
    ):
        table.add_column(col, justify="left" if col == "splitter" else "right")
    speed: dict[str, float] = {}
    for name, split in CANDIDATES.items():
        best = min(_timed(split, texts) for _ in range(3))
        speed[name] = len(texts) / best
        passed = sum([text[s:e] for s, e in split(text)] == expected for text, expected in CASES)
        total = sum(len(rels) for rels in relations)
        kept = sum(
            kept_whole(text, sents, rel)
            for text, rels, sents in zip(texts, relations, results[name], strict=True)
            for rel in rels
        )
        f1 = _f1(results[name], reference)
        table.add_row(
            name,
            f"{speed[name]:,.0f}",
            f"{speed[name] / speed['pysbd 0.3.4']:.1f}x",
            f"{passed}/{len(CASES)}",
            f"{kept}/{total} ({kept / total:.1%})",
            f"{sum(map(len, results[name])):,}",
            f"{f1:.3f}",
        )
    console = Console(width=120)
    console.print(table)
    console.print(
        "cases: hand-written tricky cases split exactly as expected.\n"
        "attributions kept: annotated PolNeAR attributions whose cue, source and the content "
        "next to the cue fall in one sentence (a wrong split strands the cue stage); read it "
        "with the sentence count, since never splitting would score 100%.\n"
        "F1: agreement of sentence starts with pysbd.\n"
        "Third-party splitters run line by line (our newline policy); sentence ids s1, s2, ... "
        "are assigned by segment() in reading order and play no part in scoring (spans do)."
    )


def _timed(split: Splitter, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for text in texts:
        split(text)
    return time.perf_counter() - t0


def _f1(got: list[Spans], ref: list[Spans]) -> float:
    tp = fp = fn = 0
    for g, r in zip(got, ref, strict=True):
        gs, rs = {s for s, _ in g}, {s for s, _ in r}
        tp, fp, fn = tp + len(gs & rs), fp + len(gs - rs), fn + len(rs - gs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/polnear/dev"))
