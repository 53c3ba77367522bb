"""Guarantee 1 as a check: every span of a sheet is exactly the article's characters."""

from __future__ import annotations

from schemas.factsheet import FactSheet
from service.pipeline.types import Ingested


def spans_of(sheet: FactSheet) -> list[tuple[str, int, int]]:
    """Every (text, start, end) the sheet holds."""
    found: list[tuple[str, int, int]] = []
    for claim in sheet.claims:
        parts = [claim.content, *claim.evidence]
        parts += [p for p in (claim.claimant, claim.cue) if p is not None]
        found += [(p.text, p.start, p.end) for p in parts]
    found += [(m.text, m.start, m.end) for s in sheet.sources for m in s.mentions]
    found += [(n.text, n.start, n.end) for n in sheet.notes]
    found += [(r.text, r.start, r.end) for r in sheet.article.removed]
    return found


def assert_grounded(sheet: FactSheet) -> None:
    """Fail unless text[start:end] == span.text for every span, and chars is the length."""
    text = sheet.article.text
    for span_text, start, end in spans_of(sheet):
        assert text[start:end] == span_text, (start, end, span_text)
    assert sheet.article.chars == len(text)


def assert_consistent(doc: Ingested) -> None:
    """Offsets of removed debris and regions are valid, ordered and disjoint; norm keeps length."""
    assert len(doc.norm) == len(doc.text)
    for d in doc.removed:
        assert 0 <= d.start < d.end <= len(doc.text)
        assert doc.text[d.start : d.end] == d.text
    previous_end = 0
    for a, b in doc.regions:
        assert previous_end <= a < b <= len(doc.text)
        previous_end = b
        for d in doc.removed:
            assert d.end <= a or d.start >= b
