"""What the LLM engine costs around the model: prompt overhead, output per claim, grounding time.

    python bench/llm_overhead.py [--kb 100] [--repeat 5]

1. Prompt overhead: tokens (cl100k, offline) of the system prompt, the user template
   without the article, and the Draft schema as each mode sends it (tools, json_schema
   strict, md_json instructions), next to the seed article's own tokens.
2. Output tokens per claim on the smart fake: a good Draft of the seed built from the
   extractive engine's claims (what a good model answers; a fixture, not a recording),
   serialised as the model would write it; per claim, per source, per summary line.
3. Grounding time on a ~100 KB article (the seed repeated), one core: ground_draft
   alone and the whole LLM sheet (ground, check statements and summary,
   verify, assemble) for a 40-claim Draft; best of --repeat runs.
No network is used.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.factsheet import EngineInfo, Usage  # noqa: E402
from schemas.options import Options  # noqa: E402
from service.config import Settings  # noqa: E402
from service.engines.llm.chunking import count_tokens  # noqa: E402
from service.engines.llm.draft import MAX_CLAIMS, Draft  # noqa: E402
from service.engines.llm.engine import output_of  # noqa: E402
from service.engines.llm.ground import ground_draft  # noqa: E402
from service.engines.llm.prompts import number_sentences, render_messages  # noqa: E402
from service.engines.llm.wire import output_budget, request_body  # noqa: E402
from service.pipeline.types import DraftSummary  # noqa: E402
from service.produce import Prepared, Runtime, extractive_sheet, prepare, sheet_of  # noqa: E402
from tests.support.smart_fake import draft_of_sheet  # noqa: E402

SEED = ROOT / "seeds" / "kursk-north-korean-troops.txt"


def prompt_overhead(prepared: Prepared) -> list[tuple[str, int]]:
    """Tokens of each part of the request that is not the article."""
    messages = render_messages(
        prepared.sentences, title="(none)", max_claims=MAX_CLAIMS, summary_sentences=3
    )
    article = number_sentences(prepared.sentences)
    rows = [
        ("system prompt", count_tokens(messages[0]["content"])),
        (
            "user template (article excluded)",
            count_tokens(messages[1]["content"].replace(article, "")),
        ),
    ]
    for mode in ("tools", "json_schema", "md_json"):
        settings = Settings(llm_base_url="http://fake.invalid/v1", llm_mode=mode)
        body = request_body(settings, messages, MAX_CLAIMS)
        if mode == "tools":
            schema = json.dumps(body["tools"], separators=(",", ":"))
        elif mode == "json_schema":
            schema = json.dumps(body["response_format"], separators=(",", ":"))
        else:
            schema = body["messages"][0]["content"][len(messages[0]["content"]) :]
        rows.append((f"Draft schema, {mode} mode", count_tokens(schema)))
    rows.append(("the seed article itself (numbered lines)", count_tokens(article)))
    return rows


def output_per_item(draft: dict[str, Any]) -> list[tuple[str, float]]:
    """Output tokens per claim, source and summary line, as compact JSON."""
    rows = []
    for key in ("claims", "sources", "summary"):
        items = draft[key]
        if items:
            tokens = [count_tokens(json.dumps(i, ensure_ascii=False)) for i in items]
            rows.append(
                (f"{key}: {len(items)} items, tokens per item (mean)", statistics.mean(tokens))
            )
            rows.append((f"{key}: tokens per item (max)", float(max(tokens))))
    whole = count_tokens(json.dumps(draft, ensure_ascii=False))
    rows.append(("whole Draft, tokens", float(whole)))
    return rows


def grounding_time(kb: int, repeat: int) -> list[tuple[str, float]]:
    """Seconds to ground (and to finish a sheet from) a 40-claim Draft of a ~kb KB article."""
    seed = SEED.read_text(encoding="utf-8")
    copies = max(1, kb * 1000 // len(seed) + 1)
    text = "\n\n".join([seed] * copies)[: kb * 1000]
    prepared = prepare(text, kind="text", max_chars=10_000_000)
    sheet = extractive_sheet(prepared, Options(engine="extractive", max_claims=200))
    # Claims spread over the whole article, as a long article's Draft would cite them.
    step = max(1, len(sheet.claims) // MAX_CLAIMS)
    spread = sheet.model_copy(update={"claims": sheet.claims[::step]})
    draft = Draft.model_validate(draft_of_sheet(spread))
    ground, whole = [], []
    engine = EngineInfo(name="llm", model="fake", prompt_version="bench")
    options = Options(max_claims=200)
    runtime = Runtime()

    def rules() -> Sequence[DraftSummary]:
        return runtime.rules_summary(prepared, options)

    for _ in range(repeat):
        from service.pipeline.match import folded

        folded.cache_clear()  # each run prepares the article again, as a new request would
        began = time.perf_counter()
        ground_draft(draft, prepared.sentences, prepared.ingested.text)
        ground.append(time.perf_counter() - began)
        folded.cache_clear()
        began = time.perf_counter()
        output = output_of(prepared, draft, engine, [], Usage(), rules)
        sheet_of(prepared, output, options)
        whole.append(time.perf_counter() - began)
    return [
        ("article chars", float(len(prepared.ingested.text))),
        ("  sentences", float(len(prepared.sentences))),
        ("  Draft claims", float(len(draft.claims))),
        ("ground_draft, s (best)", min(ground)),
        ("whole LLM sheet (ground, checks, verify, assemble), s (best)", min(whole)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=100, help="article size for the timing")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    prepared = prepare(SEED.read_bytes(), max_chars=10_000_000)
    seed_sheet = extractive_sheet(prepared, Options(engine="extractive"))
    draft = draft_of_sheet(seed_sheet)
    print("## Prompt overhead (cl100k tokens)")
    for name, value in prompt_overhead(prepared):
        print(f"| {name} | {value} |")
    print("\n## Output tokens on the smart fake (a good Draft of the seed)")
    for name, number in output_per_item(draft):
        print(f"| {name} | {number:.0f} |")
    settings = Settings()
    print(
        f"| default output budget at {MAX_CLAIMS} claims | {output_budget(settings, MAX_CLAIMS)} |"
    )
    print(f"\n## Grounding a {args.kb} KB article (one core, best of {args.repeat})")
    for name, number in grounding_time(args.kb, args.repeat):
        print(f"| {name} | {number:.0f} |" if number.is_integer() else f"| {name} | {number:.3f} |")


if __name__ == "__main__":
    main()
