"""The seed article against the editor's gold file (../shared/gold)."""

from __future__ import annotations

import pytest

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.eval.gold import check_sheet, load_gold
from service.produce import extractive_sheet, prepare
from tests.conftest import GOLD, SEED


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return extractive_sheet(prepare(SEED.read_bytes(), max_chars=100_000), Options())


@pytest.fixture(scope="module")
def gold() -> dict[str, object]:
    if not GOLD.exists():
        pytest.skip(f"gold file not found at {GOLD}")
    return load_gold(GOLD)


def _checks(sheet: FactSheet, gold: dict[str, object], kind: str) -> list[tuple[str, bool, str]]:
    return [(c.id, c.ok, c.detail) for c in check_sheet(sheet, gold) if c.kind == kind]


def test_every_gold_source_is_found_with_an_acceptable_type_and_role(sheet, gold) -> None:
    missing = [c for c in _checks(sheet, gold, "source") if not c[1]]
    assert not missing


def test_at_least_nine_of_ten_gold_claims_are_found_with_their_claimant(sheet, gold) -> None:
    claims = _checks(sheet, gold, "claim")
    assert len(claims) == 10
    assert sum(ok for _, ok, _ in claims) >= 9, [c for c in claims if not c[1]]


def test_unverified_section_holds_exactly_the_gold_unverified_claims(sheet, gold) -> None:
    wrong = [c for c in _checks(sheet, gold, "unverified") if not c[1]]
    assert not wrong
    ids = [c[0] for c in _checks(sheet, gold, "unverified")]
    assert "anticipated-late-october" in ids


def test_no_confirmation_note_is_present(sheet, gold) -> None:
    assert all(ok for _, ok, _ in _checks(sheet, gold, "note"))
    assert any("no official confirmation" in n.text for n in sheet.notes)


def test_no_debris_reaches_summary_claims_or_sources(sheet, gold) -> None:
    assert all(ok for _, ok, _ in _checks(sheet, gold, "debris"))
    assert {r.kind for r in sheet.article.removed} >= {"byline", "counter", "site_chrome"}


def test_summary_keeps_attribution_of_unverified_claims(sheet) -> None:
    assert 1 <= len(sheet.summary) <= 3
    for sentence in sheet.summary:
        # The bare opening quotation states the claim with no speaker: never a summary line.
        assert not sentence.text.startswith("“Except")


def test_unverified_items_have_reasons_and_a_one_line_explanation(sheet) -> None:
    assert sheet.unverified
    for item in sheet.unverified:
        assert item.reasons
        assert "\n" not in item.explanation and item.explanation.endswith(".")
