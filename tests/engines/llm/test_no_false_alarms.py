"""Point 1's checks do not cry wolf: a Draft holding only the article's own claims, names
and sentences (built from the extractive engine: a fixture, not a model's answer) comes
through grounding and the checks with nothing dropped or replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.options import Options
from service.engines.llm.draft import Draft
from service.produce import extractive_sheet, prepare
from tests.conftest import POLNEAR_DEV, REPO, SEED
from tests.support.engines import llm_sheet
from tests.support.smart_fake import draft_of_sheet


def articles() -> list[Path]:
    found = [SEED, REPO / "seeds" / "dockers-strike-short.txt"]
    return found + sorted((POLNEAR_DEV / "text").glob("*.txt"))[:12]


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.stem)
def test_a_faithful_draft_passes_every_check_untouched(path: Path) -> None:
    prepared = prepare(path.read_bytes(), max_chars=10_000_000)
    draft = Draft.model_validate(draft_of_sheet(extractive_sheet(prepared, Options())))
    sheet = llm_sheet(prepared, draft)
    alarms = [w for w in sheet.warnings if "replaced" in w or "dropped" in w]
    assert alarms == []
    assert [c.statement for c in sheet.claims] == [c.statement for c in draft.claims]
