"""Tier 1: offline token counting, paragraph chunking and merging per-chunk drafts."""

from __future__ import annotations

import copy
from typing import Any

from schemas.draft import Draft
from service.llm.chunking import count_tokens, merge_drafts, split_chunks
from tests.llm.conftest import GOOD_DRAFT, make_article


def test_tokens_are_counted_offline_with_cl100k():
    assert count_tokens("Hello world, this is a test.") == 8


def test_a_short_article_is_one_chunk():
    text, sentences = make_article([["One.", "Two."], ["Three."]])
    assert split_chunks(sentences, text, 1000) == [sentences]


def test_chunks_break_on_paragraph_boundaries():
    paragraphs = [[f"Sentence {p}.{i} is here." for i in range(3)] for p in range(4)]
    text, sentences = make_article(paragraphs)
    chunks = split_chunks(sentences, text, 40)
    assert len(chunks) > 1
    assert [s for c in chunks for s in c] == sentences
    for chunk in chunks:
        assert chunk[0].text.endswith(".0 is here.")


def test_an_oversized_paragraph_is_split_between_sentences():
    text, sentences = make_article([[f"Sentence {i} is rather long here." for i in range(10)]])
    chunks = split_chunks(sentences, text, 30)
    assert len(chunks) > 1
    assert [s for c in chunks for s in c] == sentences


def draft(**changes) -> Draft:
    data = copy.deepcopy(GOOD_DRAFT)
    data.update(changes)
    return Draft.model_validate(data)


def test_merge_deduplicates_sources_by_name_keeping_the_fullest():
    a = draft(sources=[{"name": "Oman", "type": "person"}])
    b = draft(sources=[{"name": "jonas oman", "type": "person", "role": "NGO head"}])
    merged = merge_drafts([a, b], summary_sentences=6)
    assert [(s.name, s.role) for s in merged.sources] == [("jonas oman", "NGO head")]


def test_merge_keeps_distinct_sources():
    a = draft(sources=[{"name": "Jonas Oman", "type": "person"}])
    b = draft(sources=[{"name": "Reuters", "type": "media"}])
    assert len(merge_drafts([a, b], summary_sentences=6).sources) == 2


def test_merge_deduplicates_claims_with_same_ids_and_overlapping_quote():
    shorter = copy.deepcopy(GOOD_DRAFT["claims"][0])
    shorter["quote"] = "North Korean soldiers"
    merged = merge_drafts([draft(claims=[shorter]), draft()], summary_sentences=6)
    assert [c.quote for c in merged.claims] == [GOOD_DRAFT["claims"][0]["quote"]]


def test_merge_keeps_claims_citing_other_sentences():
    other = copy.deepcopy(GOOD_DRAFT["claims"][0])
    other["sentence_ids"] = ["s2"]
    assert len(merge_drafts([draft(), draft(claims=[other])], summary_sentences=6).claims) == 2


def test_merge_concatenates_summaries_in_chunk_order():
    second = [{"text": "Then more happened.", "support": ["s3"]}]
    merged = merge_drafts([draft(), draft(summary=second)], summary_sentences=6)
    assert [s.support for s in merged.summary] == [["s1"], ["s3"]]


def test_merged_summary_obeys_summary_sentences_taking_lines_from_every_part():
    def lines(*ids: str) -> list[dict[str, Any]]:
        return [{"text": f"Line built on {i}.", "support": [i]} for i in ids]

    parts = [draft(summary=lines("s1", "s2", "s3")), draft(summary=lines("s4", "s5", "s6"))]
    merged = merge_drafts(parts, summary_sentences=3)
    assert [s.support for s in merged.summary] == [["s1"], ["s4"], ["s2"]]
