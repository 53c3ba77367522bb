"""Corroboration: only an admission on the court record or two independent named sources."""

from __future__ import annotations

from service.pipeline.corroboration import corroborate
from service.pipeline.segment import segment
from service.pipeline.types import DraftClaim, DraftSource, Sentence, SentenceSignals, Span
from service.pipeline.verify import verify_claim


def _sentences(text: str) -> list[Sentence]:
    return segment(text, ((0, len(text)),))


def _claim(text: str, sentences: list[Sentence], content: str, cue: str, source: int) -> DraftClaim:
    start = text.index(content)
    cue_at = text.index(cue)
    sid = next(s.id for s in sentences if s.start <= start < s.end)
    return DraftClaim(
        statement=content,
        content=Span(start, start + len(content), content),
        cue=Span(cue_at, cue_at + len(cue), cue),
        source=Span(0, 1, text[0]),
        source_index=source,
        sentence_ids=(sid,),
    )


def _person(name: str, kind: str = "person") -> DraftSource:
    return DraftSource(name, kind, None, ())  # type: ignore[arg-type]


def test_an_admission_in_a_guilty_plea_is_officially_confirmed() -> None:
    text = "Lazar admitted in his plea that he broke into the account."
    sentences = _sentences(text)
    claims = [_claim(text, sentences, "that he broke into the account", "admitted", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [
        frozenset({"official_confirmation"})
    ]


def test_what_a_defendant_says_as_part_of_his_plea_is_officially_confirmed() -> None:
    text = "As a part of his plea, Lazar said that he hacked 100 people."
    sentences = _sentences(text)
    claims = [_claim(text, sentences, "that he hacked 100 people", "said", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [
        frozenset({"official_confirmation"})
    ]


def test_an_admission_outside_court_confirms_nothing() -> None:
    text = "Lazar admitted to a reporter that he broke into the account."
    sentences = _sentences(text)
    claims = [_claim(text, sentences, "that he broke into the account", "admitted", 0)]
    assert corroborate(claims, sentences, [_person("Marcel Lazar")]) == [frozenset()]


def test_pleading_guilty_to_a_charge_reports_the_plea_and_confirms_nothing() -> None:
    text = "Chatwal pleaded guilty to making straw donations to Democrats."
    sentences = _sentences(text)
    claims = [_claim(text, sentences, "to making straw donations to Democrats", "pleaded guilty", 0)]
    assert corroborate(claims, sentences, [_person("Sant Singh Chatwal")]) == [frozenset()]


def test_others_agree_joins_two_independent_named_sources() -> None:
    text = "Cohen said loyalty mattered. Others largely agree. Greenberg said Obama mattered."
    sentences = _sentences(text)
    claims = [
        _claim(text, sentences, "loyalty mattered", "said", 0),
        _claim(text, sentences, "Obama mattered", "said", 1),
    ]
    found = corroborate(claims, sentences, [_person("Larry Cohen"), _person("Stan Greenberg")])
    assert found == [frozenset({"multiple_sources"})] * 2


def test_an_organisation_and_its_people_are_one_source() -> None:
    text = "The Sanders campaign said he led. Others agree. Sanders said he led."
    sentences = _sentences(text)
    claims = [
        _claim(text, sentences, "he led.", "said", 0),
        _claim(text, sentences, "Sanders said he led", "said", 1),
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
