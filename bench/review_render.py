"""Time the review page's rendering (page model + templates) for the seed and a long article.

python bench/review_render.py            # the seed, and the seed repeated to ~100k chars
"""

from __future__ import annotations

import time
from pathlib import Path

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.config import Settings
from service.produce import extractive_sheet, prepare
from service.review.pages import html_of, sheet_context

SEED = Path(__file__).resolve().parent.parent / "seeds" / "kursk-north-korean-troops.txt"


def sheet_of(text: str) -> FactSheet:
    """The extractive sheet of `text`, with room for every claim."""
    prepared = prepare(text, kind="text", max_chars=200_000)
    return extractive_sheet(prepared, Options(engine="extractive", max_claims=200))


def render_ms(sheet: FactSheet, runs: int) -> tuple[float, int]:
    """Median milliseconds to render the permalink page, and the page's size in bytes."""
    settings = Settings(api_keys=(), llm_base_url=None, llm_api_key=None)
    times, html = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        context = sheet_context(sheet, provisional=False)
        html = html_of("sheet.html", nonce="n", csrf="c", settings=settings, **context)
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2], len(html.encode())


def main() -> None:
    """Print one line per article: characters, claims, median render time, page size."""
    seed = SEED.read_text(encoding="utf-8")
    long = "\n\n".join([seed] * (100_000 // len(seed)))
    print("| article | chars | claims | render (median) | page |")
    print("|---|---:|---:|---:|---:|")
    copies = 100_000 // len(seed)
    for name, text, runs in (("seed", seed, 50), (f"seed x{copies}", long, 5)):
        sheet = sheet_of(text)
        ms, size = render_ms(sheet, runs)
        kb = size / 1024
        print(f"| {name} | {len(text)} | {len(sheet.claims)} | {ms:.1f} ms | {kb:.0f} KB |")


if __name__ == "__main__":
    main()
