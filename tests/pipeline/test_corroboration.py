"""Corroboration: only an admission on the court record or two independent named sources."""

from __future__ import annotations

from service.pipeline.corroboration import corroborate
from service.pipeline.types import DraftClaim, DraftSource, SentenceSignals, Span
from service.pipeline.verify import verify_claim
from tests.support.claims import claim_at, sentences_of


def _person(name: str, kind: str = "person") -> DraftSource:
    return DraftSource(name, kind, None, ())  # type: ignore[arg-type]


def test_an_admission_in_a_guilty_plea_is_officially_confirmed() -> None:
    text = "Lazar admitted in his plea that he broke into the account."
    sentences = sentences_of(text)
    claims = [claim_at(text, sentences, "that he broke into the account", "admitted", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [
        frozenset({"official_confirmation"})
    ]


def test_what_a_defendant_says_as_part_of_his_plea_is_officially_confirmed() -> None:
    text = "As a part of his plea, Lazar said that he hacked 100 people."
    sentences = sentences_of(text)
    claims = [claim_at(text, sentences, "that he hacked 100 people", "said", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [
        frozenset({"official_confirmation"})
    ]


def test_an_admission_outside_court_confirms_nothing() -> None:
    text = "Lazar admitted to a reporter that he broke into the account."
    sentences = sentences_of(text)
    claims = [claim_at(text, sentences, "that he broke into the account", "admitted", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [frozenset()]


def test_pleading_guilty_to_a_charge_reports_the_plea_and_confirms_nothing() -> None:
    text = "Chatwal pleaded guilty to making straw donations to Democrats."
    sentences = sentences_of(text)
    claims = [
        claim_at(text, sentences, "to making straw donations to Democrats", "pleaded guilty", 0)
    ]
    assert corroborate(claims, sentences, [_person("Sant Singh Chatwal")]) == [frozenset()]


def test_others_agree_joins_two_independent_named_sources() -> None:
    text = "Cohen said loyalty mattered. Others largely agree. Greenberg said Obama mattered."
    sentences = sentences_of(text)
    claims = [
        claim_at(text, sentences, "loyalty mattered", "said", 0),
        claim_at(text, sentences, "Obama mattered", "said", 1),
    ]
    found = corroborate(claims, sentences, [_person("Larry Cohen"), _person("Stan Greenberg")])
    assert found == [frozenset({"multiple_sources"})] * 2


def test_an_organisation_and_its_people_are_one_source() -> None:
    text = "The Sanders campaign said he led. Others agree. Sanders said he led."
    sentences = sentences_of(text)
    claims = [
        claim_at(text, sentences, "he led.", "said", 0),
        claim_at(text, sentences, "Sanders said he led", "said", 1),
    ]
    sources = [_person("The Sanders campaign", "organization"), _person("Bernie Sanders")]
    assert corroborate(claims, sentences, sources) == [frozenset(), frozenset()]


def test_corroboration_never_lifts_a_hedged_claim() -> None:
    text = "Smith said the bridge may fall."
    claim = DraftClaim(
        statement="The bridge may fall.",
        content=Span(11, 30, text[11:30]),
        cue=Span(6, 10, "said"),
        source=Span(0, 5, "Smith"),
        source_index=0,
        sentence_ids=("s1",),
    )
    signals = {"s1": SentenceSignals(hedges=[Span(22, 25, "may")])}
    verdict = verify_claim(claim, [_person("Smith")], signals, None, {"multiple_sources"})
    assert verdict.status == "unverified"
    plain = verify_claim(
        claim, [_person("Smith")], {"s1": SentenceSignals()}, None, {"multiple_sources"}
    )
    assert plain.status == "corroborated"
    assert "single_source" not in plain.reasons
