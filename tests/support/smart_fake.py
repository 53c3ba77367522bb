"""A "smart" fake model: it answers with a good Draft built by the extractive engine.

A FIXTURE, not a model and not a recording. It reads the ``[sN]`` lines of the prompt,
runs the extractive engine on them, and writes what it finds as a Draft citing the
prompt's own sentence ids: claims (content quoted verbatim, claimant, cue), sources with
their types and roles, and the summary. It stands in for a model that answers well, so
tests and benches can check that a good answer survives grounding and verification whole
(the seed's gold file, end to end over HTTP) and can count output tokens per claim.
"""

from __future__ import annotations

import bisect
from typing import Any

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.produce import extractive_sheet, prepare

MAX_QUOTE = 300
MAX_IDS = 4
# The Draft's own caps (service/engines/llm/draft.py): a good model stays within them.
MAX_CLAIMS, MAX_SOURCES, MAX_SUMMARY = 40, 30, 6


def _quote(text: str) -> str:
    if len(text) <= MAX_QUOTE:
        return text
    return text[:MAX_QUOTE].rsplit(" ", 1)[0]


def smart_draft(lines: list[tuple[str, str]]) -> dict[str, Any]:
    """A Draft of the article whose prompt lines are ``lines`` ((id, sentence) pairs)."""
    if not lines:
        return {"claims": [], "sources": [], "summary": []}
    starts, text = [], ""
    for _, sentence in lines:
        starts.append(len(text))
        text += sentence + "\n"
    sheet = extractive_sheet(prepare(text, kind="text", max_chars=1_000_000), Options())

    def ids(start: int, end: int) -> list[str]:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, max(end - 1, start)) - 1
        return [lines[i][0] for i in range(max(first, 0), last + 1)][:MAX_IDS]

    names = {s.id: s.name for s in sheet.sources}
    claims = [
        {
            "statement": c.statement[:MAX_QUOTE],
            "sentence_ids": ids(c.content.start, c.content.end),
            "quote": _quote(c.content.text),
            "claimant": names.get(c.claimant.source_id) if c.claimant else None,
            "cue": c.cue.text if c.cue else None,
            "status": c.status,
        }
        for c in sheet.claims
        if len(c.content.text) >= 3
    ]
    sources = [
        {"name": s.name, "type": s.type, "role": s.role[:160] if s.role else None}
        for s in sheet.sources
    ]
    by_id = {s.id: s for s in prepare(text, kind="text", max_chars=1_000_000).sentences}
    summary = [
        {
            "text": line.text[:400],
            "support": sorted(
                {i for sid in line.support for i in ids(by_id[sid].start, by_id[sid].end)}
            )[:6],
        }
        for line in sheet.summary
    ]
    return {
        "claims": claims[:MAX_CLAIMS],
        "sources": sources[:MAX_SOURCES],
        "summary": summary[:MAX_SUMMARY],
    }


def draft_of_sheet(sheet: FactSheet) -> dict[str, Any]:
    """A sheet in Draft form, within the Draft's field limits: what a faithful model answers."""
    claims = [
        {
            "statement": c.statement,
            "sentence_ids": [e.sentence_id for e in c.evidence],
            "quote": c.content.text,
            "claimant": c.claimant.text if c.claimant else None,
            "cue": c.cue.text if c.cue else None,
            "status": c.status,
        }
        for c in sheet.claims
        if 3 <= len(c.content.text) <= 300
        and 3 <= len(c.statement) <= 300
        and len(c.evidence) <= 4
        and len(c.claimant.text if c.claimant else "") <= 120
        and len(c.cue.text if c.cue else "") <= 60
    ]
    sources = [
        {"name": s.name, "type": s.type, "role": s.role}
        for s in sheet.sources
        if len(s.name) <= 120 and len(s.role or "") <= 160
    ]
    summary = [{"text": s.text, "support": s.support} for s in sheet.summary if len(s.text) <= 400]
    return {"claims": claims[:40], "sources": sources[:30], "summary": summary[:6]}
