"""Per-sentence signals: which words hedge, deny, hide a source or withhold confirmation."""

from __future__ import annotations

from service.pipeline.segment import segment
from service.pipeline.signals import find_signals
from service.pipeline.types import SentenceSignals


def _signals(text: str) -> SentenceSignals:
    sentences = segment(text, ((0, len(text)),))
    found = find_signals(text, text, sentences)
    return found[sentences[0].id]


def test_could_not_is_past_inability_not_a_hedge() -> None:
    assert _signals("The judge said he could not require restitution.").hedges == []
    assert [h.text for h in _signals("He said it could rain.").hedges] == ["could"]


def test_could_barely_is_past_ability_not_a_hedge() -> None:
    assert _signals("I could barely stop grinning as I discussed my sentence.").hedges == []


def test_seemingly_hedges_like_seems() -> None:
    text = "Clinton, seemingly facing only nominal opposition, won."
    assert [h.text for h in _signals(text).hedges] == ["seemingly"]


def test_likely_voters_names_a_group_and_hedges_nothing() -> None:
    assert _signals("The poll surveyed 900 likely voters.").hedges == []
    assert [h.text for h in _signals("He is likely to win.").hedges] == ["likely"]


def test_probably_and_seemed_hedge() -> None:
    found = _signals("They're probably trying, and it seemed to work.")
    assert [h.text for h in found.hedges] == ["probably", "seemed"]


def test_privately_marks_an_unnamed_speaker() -> None:
    found = _signals("Some Democrats privately express reservations.")
    assert [a.text for a in found.anonymous] == ["privately"]


def test_declined_to_confirm_is_a_non_confirmation() -> None:
    found = _signals("The campaign declined to confirm the authenticity of the emails.")
    assert [c.text for c in found.no_confirmation] == ["declined to confirm"]


def test_calling_it_a_hoax_is_a_denial() -> None:
    assert _signals("Trump has called climate change a hoax.").denials != []


def test_is_said_to_hedges_the_claim() -> None:
    found = _signals("Sanders is said to have pressed for the plank.")
    assert [h.text for h in found.hedges] == ["is said to"]


def test_an_attributive_unlikely_describes_and_does_not_hedge() -> None:
    assert _signals("He was the lone and unlikely alternative to Trump.").hedges == []
    assert [h.text for h in _signals("Kasich is unlikely to win.").hedges] == ["unlikely"]


def test_rejecting_the_notion_is_a_denial() -> None:
    found = _signals("Clinton rejected the notion that she lied.")
    assert [d.text for d in found.denials][:1] == ["rejected the notion"]


def test_it_is_possible_and_wondering_if_are_speculation() -> None:
    assert _signals("It is possible that the plant closed.").speculation != []
    assert _signals("We can only wonder if the intent is fraud.").speculation != []


def test_no_proof_and_unfounded_deny() -> None:
    assert [d.text for d in _signals("He offered no proof that she helped.").denials] == [
        "no proof"
    ]
    assert [d.text for d in _signals("They called the theory unfounded.").denials] == ["unfounded"]


def test_nobody_knows_is_speculation() -> None:
    found = _signals("He said a bomb went off and nobody knows what happened.")
    assert [s.text for s in found.speculation] == ["nobody knows"]


def test_according_to_unnamed_sources_marks_an_anonymous_speaker() -> None:
    found = _signals("He told her to step aside, according to numerous sources.")
    assert [a.text for a in found.anonymous] == ["according to numerous sources"]
    found = _signals("She was vilified, according to numerous fellow Democrats.")
    assert [a.text for a in found.anonymous] == ["according to numerous fellow Democrats"]


def test_no_one_may_is_a_rule_not_a_hedge() -> None:
    assert _signals("By law, no one may solicit votes near a polling place.").hedges == []
    assert [h.text for h in _signals("He said the vote may slip.").hedges] == ["may"]
