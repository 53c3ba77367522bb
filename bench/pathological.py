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
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from schemas.factsheet import EngineInfo
from schemas.options import Options
from service.engines.extractive.engine import draft_extractive
from service.errors import InputError
from service.pipeline.cues import find_signals, find_tagged_attributions
from service.pipeline.ingest import detect_language, ingest
from service.pipeline.prepare import Prepared, finish
from service.pipeline.segment import segment
from tests.support.pathological import INPUTS

STAGES = ("ingest", "segment", "attribution", "signals", "language", "engine", "assemble")


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
    attributions = find_tagged_attributions(ingested.text, ingested.norm, sentences)
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
