"""Cross-sentence links: denials answer earlier claims, caveats cover the claims they name."""

from __future__ import annotations

from dataclasses import replace

from service.pipeline.links import caveat_is_generic, link_claims
from service.pipeline.signals import find_signals
from service.pipeline.types import DraftSource, Span
from tests.support.claims import claim_at, sentences_of


def _links(text: str, claims: list[tuple[str, str, int]]) -> list[frozenset[str]]:
    sentences = sentences_of(text)
    drafts = [claim_at(text, sentences, c, q, i) for c, q, i in claims]
    signals = find_signals(text, text, sentences)
    return [set(r) for r in link_claims(drafts, sentences, signals)]  # type: ignore[misc]


def test_a_denial_of_the_report_disputes_the_claim_before_it() -> None:
    text = "Smith said the plant closed. The ministry denied the report."
    links = _links(text, [("the plant closed", "said", 0), ("the report", "denied", 1)])
    assert "denied" in links[0]
    assert "denied" not in links[1]


def test_a_denial_by_the_same_speaker_is_not_a_dispute_of_their_claim() -> None:
    text = "Smith said the plant closed. Smith later denied it."
    links = _links(text, [("the plant closed", "said", 0), ("it", "denied", 0)])
    assert "denied" not in links[0]


def test_a_denial_far_away_does_not_reach_the_claim() -> None:
    text = (
        "Smith said the plant closed. Rain fell. Rain fell again. Rain fell more. "
        "The ministry denied it."
    )
    links = _links(text, [("the plant closed", "said", 0), ("it", "denied", 1)])
    assert "denied" not in links[0]


def test_a_caveat_naming_its_matter_covers_only_the_claims_about_it() -> None:
    text = (
        "Smith said the emails showed a plot. Jones said the budget grew. "
        "The campaign declined to confirm the emails."
    )
    links = _links(
        text,
        [("the emails showed a plot", "said", 0), ("the budget grew", "said", 1)],
    )
    assert "explicitly_unconfirmed" in links[0]
    assert "explicitly_unconfirmed" not in links[1]


def test_the_articles_own_caveat_is_generic_and_a_refusal_is_not() -> None:
    text = "Despite these claims, there is no official confirmation of battles."
    sentence = sentences_of(text)[0]
    caveat = find_signals(text, text, [sentence])[sentence.id].no_confirmation[0]
    assert caveat_is_generic(caveat)
    text = "The campaign declined to confirm the emails."
    sentence = sentences_of(text)[0]
    caveat = find_signals(text, text, [sentence])[sentence.id].no_confirmation[0]
    assert not caveat_is_generic(caveat)


def test_a_refusal_to_confirm_it_covers_the_claim_just_before() -> None:
    text = "Smith said the plant closed. Jones said taxes rose. Police did not confirm it."
    links = _links(text, [("the plant closed", "said", 0), ("taxes rose", "said", 1)])
    assert "explicitly_unconfirmed" not in links[0]
    assert "explicitly_unconfirmed" in links[1]


def test_a_refusal_about_nothing_the_claims_name_covers_the_claims_before_it() -> None:
    text = "Smith said soldiers fought. Police did not confirm the battle. Jones said it rained."
    links = _links(text, [("soldiers fought", "said", 0), ("it rained", "said", 1)])
    assert "explicitly_unconfirmed" in links[0]
    assert "explicitly_unconfirmed" not in links[1]


def _reply_links(
    text: str, claims: list[tuple[str, str, str, int]], types: list[str]
) -> list[set[str]]:
    sentences = sentences_of(text)
    drafts = []
    for content, cue, who, index in claims:
        draft = claim_at(text, sentences, content, cue, index)
        at = text.index(who)
        drafts.append(replace(draft, source=Span(at, at + len(who), who)))
    sources = [DraftSource(f"S{i}", t, None, ()) for i, t in enumerate(types)]  # type: ignore[arg-type]
    signals = find_signals(text, text, sentences)
    return [set(r) for r in link_claims(drafts, sentences, signals, sources)]


def test_a_reply_opening_with_but_disputes_the_claim_it_answers_and_is_disputed() -> None:
    text = "Mook said Trump insulted the generals. But Flynn said Trump respects the military."
    links = _reply_links(
        text,
        [
            ("Trump insulted the generals", "said", "Mook", 0),
            ("Trump respects the military", "said", "Flynn", 1),
        ],
        ["person", "person"],
    )
    assert "denied" in links[0] and "denied" in links[1]


def test_a_document_after_but_answers_no_one() -> None:
    text = "Smith said twenty veterans die a day. But a VA report shows the pace is swift."
    links = _reply_links(
        text,
        [
            ("twenty veterans die a day", "said", "Smith", 0),
            ("the pace is swift", "shows", "a VA report", 1),
        ],
        ["person", "document"],
    )
    assert links == [set(), set()]


def test_a_reply_to_ones_own_words_is_no_dispute() -> None:
    text = "Smith said taxes rose. But Smith said the economy grew."
    links = _reply_links(
        text,
        [("taxes rose", "said", "Smith", 0), ("the economy grew", "said", "Smith", 0)],
        ["person"],
    )
    assert links == [set(), set()]
