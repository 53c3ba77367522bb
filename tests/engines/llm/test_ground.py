"""Tier 1: grounding computes every offset itself and drops, with a warning, what it cannot find."""

from __future__ import annotations

import copy
from typing import Any

from service.engines.llm.draft import Draft
from service.engines.llm.ground import ground_draft
from service.pipeline.types import GroundedDraft
from tests.support.mock_llm import ARTICLE, GOOD_DRAFT, make_article


def ground(**claim: Any) -> tuple[str, GroundedDraft]:
    data = copy.deepcopy(GOOD_DRAFT)
    data["claims"][0].update(claim)
    text, sentences = make_article(ARTICLE)
    return text, ground_draft(Draft.model_validate(data), sentences, text)


def spans(grounded: GroundedDraft):
    for c in grounded.claims:
        yield from (s for s in (c.content, c.cue, c.source) if s is not None)
    for source in grounded.sources:
        yield from source.mentions


def test_every_span_is_the_text_at_its_offsets():
    text, grounded = ground()
    assert grounded.warnings == []
    assert all(text[s.start : s.end] == s.text for s in spans(grounded))
    claim = grounded.claims[0]
    assert claim.content.text == "North Korean soldiers fought Ukrainian forces in Kursk"
    assert (claim.cue.text, claim.source.text) == ("has claimed", "Jonas Oman")
    assert claim.source_index == 0 and claim.engine_status == "attributed"
    assert grounded.sources[0].role == "leads the Lithuanian NGO Blue-Yellow"


def test_a_straight_quote_finds_curly_quotes_and_returns_the_original_characters():
    text, grounded = ground(
        sentence_ids=["s2"],
        quote='there was "no official confirmation"',
        claimant="defence ministry",
        cue="said",
    )
    content = grounded.claims[0].content
    assert content.text == "there was \u201cno official confirmation\u201d"
    assert text[content.start : content.end] == content.text


def test_a_claimant_missing_from_sources_is_added_with_a_warning():
    _, grounded = ground(
        sentence_ids=["s2"],
        quote="no official confirmation",
        claimant="Ukraine's defence ministry",
        cue="said",
    )
    assert grounded.claims[0].source.text == "Ukraine\u2019s defence ministry"
    assert len(grounded.sources) == 2
    assert grounded.sources[1].type == "government"
    assert any("not among the sources" in w for w in grounded.warnings)


def test_an_invented_quote_drops_the_claim_with_a_warning():
    _, grounded = ground(quote="North Korea invaded")
    assert grounded.claims == []
    assert grounded.warnings == ["dropped claim 1: quote not found in s1"]


def test_an_unknown_sentence_id_drops_the_claim():
    _, grounded = ground(sentence_ids=["s42"])
    assert grounded.claims == []
    assert "dropped claim 1: cites no known sentence (s42)" in grounded.warnings


def test_an_absent_claimant_drops_the_claim_rather_than_voice_it_as_fact():
    _, grounded = ground(claimant="Vladimir Putin")
    assert grounded.claims == []
    assert any("claimant 'Vladimir Putin' not found" in w for w in grounded.warnings)


def test_a_missing_cue_is_left_out_and_warned():
    _, grounded = ground(cue="insisted")
    assert grounded.claims[0].cue is None
    assert any("cue 'insisted'" in w for w in grounded.warnings)


def test_article_voice_claim_has_no_claimant():
    _, grounded = ground(
        sentence_ids=["s3"],
        quote="The fighting reportedly began",
        claimant=None,
        cue=None,
        status="unverified",
    )
    assert grounded.claims[0].source is None and grounded.claims[0].source_index is None


def test_surname_mentions_count_as_mentions():
    text = "Jonas Oman spoke. Later Oman added more."
    data = {"claims": [], "sources": [{"name": "Jonas Oman", "type": "person"}], "summary": []}
    _, sentences = make_article([["Jonas Oman spoke.", "Later Oman added more."]])
    grounded = ground_draft(Draft.model_validate(data), sentences, text)
    assert [m.text for m in grounded.sources[0].mentions] == ["Jonas Oman", "Oman"]


def test_summary_keeps_known_support_and_drops_unsupported_sentences():
    data = copy.deepcopy(GOOD_DRAFT)
    data["summary"] = [
        {"text": "Kept.", "support": ["s1", "s9"]},
        {"text": "Dropped.", "support": ["s9"]},
    ]
    text, sentences = make_article(ARTICLE)
    grounded = ground_draft(Draft.model_validate(data), sentences, text)
    assert [(s.text, s.support) for s in grounded.summary] == [("Kept.", ("s1",))]
    assert "dropped summary sentence 2: no known support" in grounded.warnings


def test_a_fixture_draft_of_the_seed_grounds_every_span(seed_text):
    from service.pipeline.segment import segment

    sentences = segment(seed_text)
    s = next(x for x in sentences if "has claimed that North Korean" in x.text)
    data = {
        "claims": [
            {
                "statement": "North Korean soldiers fought Ukrainian forces last week.",
                "sentence_ids": [s.id],
                "quote": "North Korean soldiers dispatched to support Russia engaged in their "
                "first skirmish with Ukrainian forces last week",
                "claimant": 'The Lithuanian NGO "Blue-Yellow"',
                "cue": "has claimed",
                "status": "attributed",
            }
        ],
        "sources": [
            {"name": "Jonas Oman", "type": "person", "role": "leads Blue-Yellow"},
            {"name": "LRT", "type": "media"},
        ],
        "summary": [{"text": "A Lithuanian NGO claims ...", "support": [s.id]}],
    }
    grounded = ground_draft(Draft.model_validate(data), sentences, seed_text)
    assert len(grounded.claims) == 1
    assert grounded.claims[0].source.text == "The Lithuanian NGO \u201cBlue-Yellow\u201d"
    assert grounded.sources[grounded.claims[0].source_index].type == "organization"
    assert all(seed_text[x.start : x.end] == x.text for x in spans(grounded))
    oman = grounded.sources[0]
    assert oman.name == "Jonas Oman" and any(m.text == "Oman" for m in oman.mentions)
