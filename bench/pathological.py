"""Adversarial inputs at 10, 50 and 100 KB: time per KB of every stage and of the whole sheet.

    python bench/pathological.py                 # every input, 10/50/100 KB
    python bench/pathological.py --sizes 100 --only said_repeated

Every stage should be linear in the article length, so a row's ms/KB should stay flat
from 10 to 100 KB; the whole extractive sheet of the worst 100 KB input should take
under a second on one core (docs/reliability.md). An input whose previous size took
longer than --budget seconds is not run at the larger sizes (shown as "skipped").
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from schemas.factsheet import EngineInfo
from schemas.options import Options
from service.engines.extractive.engine import draft_extractive
from service.errors import InputError
from service.pipeline.cues import find_attributions, find_signals
from service.pipeline.ingest import detect_language, ingest
from service.pipeline.prepare import Prepared, finish
from service.pipeline.segment import segment

Generator = Callable[[int], str]
STAGES = ("ingest", "segment", "attribution", "signals", "language", "engine", "assemble")


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _numbered(template: str, size: int) -> str:
    """``template`` with {i} numbered 1, 2, ... until the text reaches ``size`` characters."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        i += 1
        piece = template.format(i=i, w=_word(i))
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def _word(i: int) -> str:
    """A distinct capitalised pseudo-name per number (letters only: names have no digits)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        out = letters[i % 26] + out
        i //= 26
        if not i:
            break
    return "Q" + out


# Every generator takes the size in characters and returns exactly that much text.
INPUTS: dict[str, Generator] = {
    # The repros of issue 12: one sentence of speech verbs; nested and unclosed quotes.
    "said_repeated": lambda n: _fill("said ", n),
    "said_sentence": lambda n: "Officials " + _fill("said that officials ", n - 11) + ".",
    "nested_quotes": lambda n: _fill('He said "she said ', n),
    "unclosed_quotes": lambda n: _fill('"Officials said the plan works, ', n),
    "doubled_apostrophes": lambda n: _fill("''He told reporters, ", n),
    "according_to": lambda n: _fill("according to officials, ", n),
    "told_said_mix": lambda n: _fill('"Yes," Smith told reporters, saying that ', n),
    # Length without punctuation: one 100 KB sentence of plain words.
    "one_long_sentence": lambda n: _fill("the quick brown fox jumps over the lazy dog ", n),
    # Many short units: sentences, paragraphs, headlines, distinct speakers.
    "tiny_sentences": lambda n: _fill("Go. ", n),
    "distinct_speakers": lambda n: _numbered("{w} said it works. ", n),
    "one_speaker_often": lambda n: _fill("Bill Clinton said no. Clinton agreed. ", n),
    "headline_speakers": lambda n: _numbered("{w}: we will win the vote.\n", n),
    "newlines": lambda n: _fill("\n", n - 1) + "x",
    "short_lines": lambda n: _fill("a said b\n", n),
    "crlf_paragraphs": lambda n: _fill("Smith said so.\r\n\r\n", n),
    # Tokeniser corner cases.
    "abbreviations": lambda n: _fill("Mr. Dr. U.S. Sen. Gov. Jr. a.m. ", n),
    "ellipses": lambda n: _fill("“He said… maybe… ", n),
    "zero_width": lambda n: _fill("alleg\u200bedly said\u200b ", n),
    "hedges_everywhere": lambda n: _fill("allegedly reportedly could may ", n),
    "commas_only": lambda n: _fill(", ", n),
    "colons": lambda n: _fill("A: B: ", n),
    "unicode_quotes": lambda n: _fill("“‘«said ", n),
    # HTML: many elements hidden from the reader, and many tiny visible blocks.
    "html_hidden_divs": lambda n: _html(_numbered("<div hidden>hidden words {w} here</div>", n)),
    "html_tiny_blocks": lambda n: _html(_numbered("<p>{w} said it.</p>", n)),
}


def _html(body: str) -> str:
    """A page with one real paragraph around ``body`` (the size counts the markup)."""
    return (
        "<html><head><title>Bench</title></head><body><article>"
        "<p>The mayor said the bridge would reopen in May, officials said.</p>"
        f"{body}</article></body></html>"
    )


def _stages(raw: str) -> dict[str, float]:
    """Seconds per stage for one article, through the same calls as the service."""
    times: dict[str, float] = {}
    clock = time.process_time  # CPU seconds: robust on a machine shared with other work

    t = clock()
    try:
        ingested = ingest(raw, kind="auto", max_chars=len(raw) + 1)
    except InputError:
        # Refused at ingest (debris only, binary): that is the whole cost of the request.
        times["ingest"] = times["total"] = clock() - t
        return times
    times["ingest"] = clock() - t
    t = clock()
    sentences = segment(ingested.text, ingested.regions)
    times["segment"] = clock() - t
    t = clock()
    attributions = find_attributions(ingested.text, ingested.norm, sentences)
    times["attribution"] = clock() - t
    t = clock()
    signals = find_signals(ingested.text, ingested.norm, sentences)
    times["signals"] = clock() - t
    t = clock()
    language = detect_language(ingested.text)
    times["language"] = clock() - t
    prepared = Prepared(ingested, sentences, attributions, signals, language)
    options = Options()
    t = clock()
    draft = draft_extractive(
        ingested.text,
        ingested.regions,
        sentences,
        attributions,
        signals,
        summary_sentences=options.summary_sentences,
    )
    times["engine"] = clock() - t
    t = clock()
    finish(prepared, draft, options, EngineInfo(name="extractive"), [])
    times["assemble"] = clock() - t
    times["total"] = sum(times.values())
    return times


def main() -> None:
    """Run every input at every size and print ms/KB per stage and the whole sheet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100", help="sizes in KB (1 KB = 1000 chars)")
    parser.add_argument("--only", default="", help="comma-separated input names")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds before skipping")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [n for n in args.only.split(",") if n] or list(INPUTS)
    ingest("Warm up.", kind="text")
    ingest(INPUTS["html_tiny_blocks"](2000), kind="html")  # imports trafilatura
    detect_language("Warm up the language identifier before timing anything at all.")

    table = Table(title="Pathological inputs: ms per KB (1 KB = 1000 characters)")
    table.add_column("input")
    table.add_column("KB", justify="right")
    for stage in STAGES:
        table.add_column(stage, justify="right")
    table.add_column("sheet ms/KB", justify="right")
    table.add_column("sheet s", justify="right")
    worst = (0.0, "", 0)
    for name in names:
        slow = False
        for kb in sizes:
            if slow:
                table.add_row(name, str(kb), *["skipped"] * (len(STAGES) + 2))
                continue
            times = _stages(INPUTS[name](kb * 1000))
            per_kb = [f"{1000 * times[s] / kb:.3f}" if s in times else "refused" for s in STAGES]
            total = times["total"]
            table.add_row(name, str(kb), *per_kb, f"{1000 * total / kb:.2f}", f"{total:.3f}")
            worst = max(worst, (total, name, kb))
            slow = total > args.budget
    console = Console(width=200)
    console.print(table)
    console.print(f"worst: {worst[1]} at {worst[2]} KB, {worst[0]:.3f} s for the whole sheet")


if __name__ == "__main__":
    main()
