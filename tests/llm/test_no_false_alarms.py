"""Point 1's checks do not cry wolf: a Draft holding only the article's own claims, names
and sentences (built from the extractive engine: a fixture, not a model's answer) comes
through grounding and the checks with nothing dropped or replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemas.draft import Draft
from schemas.factsheet import EngineInfo, FactSheet
from schemas.options import Options
from service.engines.llm.engine import sheet_from_draft
from service.pipeline.run import extractive_sheet, prepare
from tests.conftest import POLNEAR_DEV, REPO, SEED


def faithful_draft(sheet: FactSheet) -> dict[str, Any]:
    """The extractive sheet in Draft form, within the Draft's field limits."""
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


def articles() -> list[Path]:
    found = [SEED, REPO / "seeds" / "dockers-strike-short.txt"]
    return found + sorted((POLNEAR_DEV / "text").glob("*.txt"))[:12]


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.stem)
def test_a_faithful_draft_passes_every_check_untouched(path: Path) -> None:
    prepared = prepare(path.read_bytes(), max_chars=10_000_000)
    draft = Draft.model_validate(faithful_draft(extractive_sheet(prepared, Options())))
    sheet = sheet_from_draft(prepared, draft, Options(), EngineInfo(name="llm"), [])
    alarms = [w for w in sheet.warnings if "replaced" in w or "dropped" in w]
    assert alarms == []
    assert [c.statement for c in sheet.claims] == [c.statement for c in draft.claims]
