"""Extractive engine against sumy's LexRank on the same PolNeAR texts, in one run.

    python bench/extractive.py ../shared/polnear/dev

Prints articles per second and peak traced memory for both, and their ratio.
sumy's own tokenizer needs NLTK's punkt data, which cannot be downloaded here,
so LexRank gets a pysbd sentence splitter and a regex word splitter.
"""

from __future__ import annotations

import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pysbd
from rich.console import Console
from rich.table import Table
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from schemas.options import Options
from service.produce import extractive_sheet, prepare

_WORDS = re.compile(r"[^\W\d_][\w'-]*")


class OfflineTokenizer:
    """sumy tokenizer interface backed by pysbd, needing no downloaded data."""

    language = "english"

    def __init__(self) -> None:
        self._segmenter = pysbd.Segmenter(language="en", clean=False)

    def to_sentences(self, text: str) -> tuple[str, ...]:
        """Split into sentences."""
        return tuple(s.strip() for s in self._segmenter.segment(text) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Split into words."""
        return tuple(_WORDS.findall(sentence))


def _ours(text: str) -> None:
    extractive_sheet(prepare(text, kind="text", max_chars=10_000_000), Options())


def _lexrank_factory() -> Callable[[str], None]:
    tokenizer = OfflineTokenizer()
    summarizer = LexRankSummarizer()

    def run(text: str) -> None:
        summarizer(PlaintextParser.from_string(text, tokenizer).document, 3)

    return run


def measure(run: Callable[[str], None], texts: list[str]) -> tuple[float, float]:
    """Return (articles per second, best of 3; peak traced MiB of one pass)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    for text in texts:
        run(text)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(texts) / best, peak


def main(directory: Path) -> None:
    """Measure both summarisers on the split and print the table."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((directory / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {directory}/text")
    _ours(texts[0])  # warm up lazy models (language identification)
    ours = measure(_ours, texts)
    lexrank = measure(_lexrank_factory(), texts)
    table = Table(title=f"Extractive engine vs sumy LexRank, {len(texts)} articles, one core")
    for column in ("summariser", "articles/s", "peak MiB (tracemalloc)"):
        table.add_column(column)
    table.add_row("factsheet extractive (full sheet)", f"{ours[0]:.1f}", f"{ours[1]:.1f}")
    table.add_row("sumy LexRank (3 sentences)", f"{lexrank[0]:.1f}", f"{lexrank[1]:.1f}")
    table.add_row("ratio ours / LexRank", f"{ours[0] / lexrank[0]:.1f}x", "")
    Console().print(table)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/polnear/dev"))
