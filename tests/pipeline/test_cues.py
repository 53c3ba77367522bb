"""Behaviour of the cues stage: attributions and per-sentence signals."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.cues import find_attributions, find_signals
from service.pipeline.normalise import fold
from service.pipeline.segment import segment
from service.pipeline.types import Attribution, SentenceSignals

SEED = Path(__file__).resolve().parents[2] / "seeds" / "kursk-north-korean-troops.txt"


def _attrs(text: str) -> list[Attribution]:
    return find_attributions(text, fold(text), segment(text))


def _signals(text: str) -> list[SentenceSignals]:
    return list(find_signals(text, fold(text), segment(text)).values())


def _one(text: str) -> tuple[str, str | None, str | None]:
    [a] = _attrs(text)
    return (
        a.content.text,
        a.cue.text if a.cue else None,
        a.source.text if a.source else None,
    )


def test_source_first_keeps_that_in_content() -> None:
    content, cue, source = _one("The senator said that the bill would fail.")
    assert (content, cue, source) == ("that the bill would fail", "said", "The senator")


def test_content_before_cue_is_attributed_to_trailing_source() -> None:
    content, cue, source = _one("The van was supposed to be escorted, a source said.")
    assert (content, cue, source) == ("The van was supposed to be escorted", "said", "a source")


def test_a_cue_inside_a_reported_content_is_not_a_second_relation() -> None:
    text = "Smith said the mayor told reporters on Monday that the plan would fail."
    content, cue, source = _one(text)
    assert (cue, source) == ("said", "Smith")
    assert content == "the mayor told reporters on Monday that the plan would fail"


def test_relations_in_separate_sentences_are_both_kept() -> None:
    text = "Smith said the plan would fail. Jones told reporters it would not."
    assert [a.cue.text for a in _attrs(text) if a.cue] == ["said", "told"]


def test_inverted_quote_gives_source_after_cue_with_appositive() -> None:
    text = '"We will win," said Jane Doe, a spokeswoman for the campaign.'
    content, cue, source = _one(text)
    assert content.startswith('"We will win')
    assert (cue, source) == ("said", "Jane Doe, a spokeswoman for the campaign")


def test_according_to_gives_source_and_content() -> None:
    content, cue, source = _one("Incomes rose by 2%, according to Census data.")
    assert (content, cue, source) == ("Incomes rose by 2%", "according to", "Census data")


def test_leading_according_to_gives_content_after_comma() -> None:
    content, cue, source = _one("According to the report, the plant closed in May.")
    assert (content, cue, source) == ("the plant closed in May", "According to", "the report")


def test_quote_spanning_sentences_is_one_content() -> None:
    text = '"The first sentence. The second one," she said.'
    [a] = _attrs(text)
    assert a.content.text == '"The first sentence. The second one,"'
    assert a.source is not None and a.source.text == "she"
    assert len(a.sentence_ids) == 2


def test_pronoun_is_the_source() -> None:
    assert _one("He said the plan was dead.")[2] == "He"


def test_impersonal_it_has_no_source() -> None:
    content, cue, source = _one("It's also mentioned that the drone was supplied by the NGO.")
    assert source is None and cue == "also mentioned"
    assert content.startswith("that the drone")


def test_noun_claims_is_not_a_cue() -> None:
    assert _attrs("Despite these claims, nothing happened.") == []


def test_a_second_cue_after_a_comma_ends_the_first_content() -> None:
    found = {
        a.cue.text: a.content.text
        for a in _attrs("Cruz insisted that he had won, claiming that turnout rose.")
        if a.cue
    }
    assert found["insisted"] == "that he had won"


def test_a_clause_after_the_cue_is_content_not_an_inverted_source() -> None:
    content, cue, source = _one("Dean Johnson, a salesman from Sumter, says Cruz will win.")
    assert (content, cue, source) == (
        "Cruz will win",
        "says",
        "Dean Johnson, a salesman from Sumter",
    )


def test_a_listener_ending_the_sentence_leaves_the_quote_as_content() -> None:
    content, cue, source = _one('"We will win," an aide told The New York Times.')
    assert (cue, source) == ("told", "an aide")
    assert content.startswith('"We will win')


def test_an_adverbial_before_that_is_not_content() -> None:
    content, cue, source = _one("Trump said in an interview on Tuesday that he would win.")
    assert (content, cue, source) == ("that he would win", "said", "Trump")


def test_passive_cue_takes_the_agent_as_source() -> None:
    content, cue, source = _one("The plan was sharply criticized by economists.")
    assert (content, cue, source) == ("The plan", "was sharply criticized", "economists")


def test_leading_connective_is_not_part_of_the_source() -> None:
    assert _one("Then DuPont announced that it would merge with Dow.")[2] == "DuPont"


def test_negation_and_particle_belong_to_the_cue() -> None:
    assert _one("He did not say that he would run.")[1] == "did not say"
    assert _one("Reporters asked about the emails.")[1] == "asked about"


def test_so_called_is_not_a_cue() -> None:
    assert _attrs("The so-called reform passed.") == []


def test_sentence_initial_asked_keeps_the_question_only() -> None:
    found = {
        a.cue.text: a.content.text
        for a in _attrs("Asked whether he would run, Trump said that he might.")
        if a.cue
    }
    assert found["Asked"] == "whether he would run"
    assert found["said"] == "that he might"


def test_seed_has_the_expected_attributions() -> None:
    found = {
        (a.cue.text if a.cue else "", a.source.text if a.source else None)
        for a in _attrs(SEED.read_text())
    }
    assert ("has claimed", "The Lithuanian NGO “Blue-Yellow” led by Jonas Oman") in found
    assert ("stated", "Lithuanian public broadcaster LRT") in found
    assert ("previously reported", "Ukrainian media") in found
    assert ("also noted", "Oman") in found
    assert ("had anticipated", "Ukrainian intelligence and President Volodymyr Zelensky") in found
    assert ("also mentioned", None) in found


def test_hedge_allegedly_is_flagged() -> None:
    [sig] = _signals("The survivor allegedly had identification.")
    assert [h.text for h in sig.hedges] == ["allegedly"]


def test_may_the_month_is_not_a_hedge() -> None:
    [sig] = _signals("The vote took place in May and passed.")
    assert sig.hedges == []


def test_lowercase_may_is_a_hedge() -> None:
    [sig] = _signals("Russia may be issuing documents.")
    assert [h.text for h in sig.hedges] == ["may"]


def test_speculation_denial_anonymity_and_no_confirmation_are_flagged() -> None:
    text = (
        "There is speculation that troops moved. The ministry denied the report. "
        "Sources familiar with the matter said so. The deaths have not been confirmed."
    )
    sigs = _signals(text)
    assert [s.text for s in sigs[0].speculation] == ["There is speculation"]
    assert [s.text for s in sigs[1].denials] == ["denied"]
    assert sigs[2].anonymous
    assert [s.text for s in sigs[3].no_confirmation] == ["have not been confirmed"]


def test_seed_signals() -> None:
    sigs = _signals(SEED.read_text())
    words = {
        span.text.lower()
        for sig in sigs
        for spans in (sig.hedges, sig.speculation, sig.no_confirmation)
        for span in spans
    }
    for expected in ("reportedly", "allegedly", "might", "potentially", "no official confirmation"):
        assert expected in words
    assert any("speculation" in w for w in words)
    assert "no official testimonies or verifiable sightings" in words


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab said told, according to.\"“”' \n.allegedly may It’s")),
        max_size=200,
    )
    | st.text(max_size=200)
)
def test_every_span_round_trips(text: str) -> None:
    norm = fold(text)
    sentences = segment(text)
    spans = []
    for a in find_attributions(text, norm, sentences):
        spans += [a.content, a.cue, a.source]
    for sig in find_signals(text, norm, sentences).values():
        spans += sig.hedges + sig.speculation + sig.denials + sig.anonymous + sig.no_confirmation
    for span in spans:
        if span is not None:
            assert text[span.start : span.end] == span.text
            assert span.text == span.text.strip()
            assert span.text


def test_inverted_cue_after_a_quoted_question_takes_the_speaker() -> None:
    [a] = _attrs('"How much worse could it get?" said Al Cardenas, a strategist.')
    assert a.source is not None and a.source.text == "Al Cardenas, a strategist"
    assert a.content.text.startswith('"How much worse')


def test_a_capitalised_name_ending_in_ly_is_the_source_not_a_modifier() -> None:
    _, cue, source = _one("Jolly said that the race was close.")
    assert (cue, source) == ("said", "Jolly")


def test_topic_preposition_joins_the_cue_when_the_content_follows() -> None:
    assert _one("Clinton complained about the coverage of her emails.")[1] == "complained about"
    content, cue, _ = _one('"It was a disaster," Trump said of the debate.')
    assert cue == "said" and content.startswith('"It was a disaster')


def test_chrome_labels_and_table_rows_are_not_speakers() -> None:
    assert _attrs("The Latest: Kasich wins Ohio.") == []
    assert _attrs("Pledged: 781.") == []


def test_a_dash_and_pronoun_before_a_second_cue_end_the_first_content() -> None:
    found = {
        a.cue.text: a.content.text
        for a in _attrs(
            "She explained that Comey was wrong - but she also insisted that it was fine."
        )
        if a.cue
    }
    assert found["explained"] == "that Comey was wrong"


def test_no_content_ends_on_a_dangling_according_to() -> None:
    text = "Oman also noted troop movements, potentially rising to 88,000 according to data."
    for relation in _attrs(text):
        assert not relation.content.text.lower().endswith("according to")
