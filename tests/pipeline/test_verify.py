"""Claim statuses: the cues decide, and nothing doubtful comes out corroborated."""

from __future__ import annotations

from service.pipeline.types import DraftClaim, DraftSource, SentenceSignals, Span
from service.pipeline.verify import verify_claim

TEXT = "Smith and Jones said the bridge reportedly fell."
SMITH = DraftSource("Smith", "person", None, (Span(0, 5, "Smith"),))
JONES = DraftSource("Jones", "person", None, (Span(10, 15, "Jones"),))
ANON = DraftSource("a source", "anonymous", None, (Span(0, 8, "a source"),))
CONTENT = Span(21, 47, TEXT[21:47])
CUE = Span(16, 20, "said")


def _claim(**overrides: object) -> DraftClaim:
    fields: dict[str, object] = {
        "statement": "The bridge fell.",
        "content": CONTENT,
        "cue": CUE,
        "source": Span(0, 5, "Smith"),
        "source_index": 0,
        "sentence_ids": ("s1",),
    }
    fields.update(overrides)
    return DraftClaim(**fields)  # type: ignore[arg-type]


def test_one_named_source_is_attributed() -> None:
    verdict = verify_claim(_claim(), [SMITH], {"s1": SentenceSignals()}, None)
    assert verdict.status == "attributed"
    assert verdict.reasons == ("single_source",)


def test_co_speakers_of_one_statement_are_one_source_not_corroboration() -> None:
    claim = _claim(other_source_indices=(1,))
    verdict = verify_claim(claim, [SMITH, JONES], {"s1": SentenceSignals()}, None)
    assert verdict.status == "attributed"
    assert verdict.reasons == ("single_source",)


def test_engine_alone_cannot_corroborate() -> None:
    claim = _claim(engine_status="corroborated")
    assert verify_claim(claim, [SMITH], {"s1": SentenceSignals()}, None).status == "attributed"


def test_cue_without_a_resolved_claimant_is_never_attributed() -> None:
    claim = _claim(source=None, source_index=None)
    verdict = verify_claim(claim, [], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert verdict.reasons == ("unattributed",)


def test_a_pronoun_source_names_no_one() -> None:
    he = DraftSource("he", "person", None, (Span(0, 2, "he"),))
    verdict = verify_claim(_claim(source=Span(0, 2, "he")), [he], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "unattributed" in verdict.reasons


def test_hedge_in_a_relative_clause_does_not_govern_the_claim() -> None:
    text = "Smith said that voters who are likely to vote chose him."
    content = Span(11, len(text) - 1, text[11:-1])
    likely = Span(text.index("likely"), text.index("likely") + 6, "likely")
    signals = {"s1": SentenceSignals(hedges=[likely])}
    verdict = verify_claim(_claim(content=content), [SMITH], signals, None)
    assert verdict.status == "attributed"


def test_hedge_in_an_adverbial_clause_does_not_govern_the_claim() -> None:
    text = "Smith said that while lawmakers may balk, the bill passed."
    content = Span(11, len(text) - 1, text[11:-1])
    may = Span(text.index("may"), text.index("may") + 3, "may")
    signals = {"s1": SentenceSignals(hedges=[may])}
    assert verify_claim(_claim(content=content), [SMITH], signals, None).status == "attributed"


def test_hedge_between_source_and_cue_governs_the_claim() -> None:
    text = "Smith reportedly said the bridge fell."
    claim = _claim(
        source=Span(0, 5, "Smith"),
        cue=Span(17, 21, "said"),
        content=Span(22, len(text) - 1, text[22:-1]),
    )
    signals = {"s1": SentenceSignals(hedges=[Span(6, 16, "reportedly")])}
    verdict = verify_claim(claim, [SMITH], signals, None)
    assert verdict.status == "unverified"
    assert "hedged" in verdict.reasons


def test_hedge_inside_the_content_makes_the_claim_unverified() -> None:
    signals = {"s1": SentenceSignals(hedges=[Span(32, 42, "reportedly")])}
    verdict = verify_claim(_claim(other_source_indices=(1,)), [SMITH, JONES], signals, None)
    assert verdict.status == "unverified"
    assert "hedged" in verdict.reasons
    assert verdict.words == ("reportedly",)


def test_hedge_outside_the_claim_leaves_it_attributed() -> None:
    signals = {"s1": SentenceSignals(hedges=[Span(43, 47, TEXT[43:47])])}
    claim = _claim(content=Span(21, 31, TEXT[21:31]), other_source_indices=(1,))
    verdict = verify_claim(claim, [SMITH, JONES], signals, None)
    assert verdict.status == "attributed"


def test_anonymous_source_is_unverified() -> None:
    verdict = verify_claim(_claim(), [ANON], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "anonymous_source" in verdict.reasons


def test_denial_makes_the_claim_disputed() -> None:
    signals = {"s1": SentenceSignals(denials=[Span(16, 20, "said")])}
    assert verify_claim(_claim(), [SMITH], signals, None).status == "disputed"


def test_article_level_non_confirmation_covers_earlier_claims_only() -> None:
    signals = {"s1": SentenceSignals()}
    before = verify_claim(_claim(), [SMITH], signals, unconfirmed_at=100)
    after = verify_claim(_claim(), [SMITH], signals, unconfirmed_at=10)
    assert before.status == "unverified"
    assert "explicitly_unconfirmed" in before.reasons
    assert after.status == "attributed"


def test_article_voice_claim_is_unverified_as_unattributed() -> None:
    claim = _claim(source=None, source_index=None, cue=None)
    verdict = verify_claim(claim, [], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert verdict.reasons == ("unattributed",)


def test_engine_may_lower_a_status_but_never_raise_it() -> None:
    signals = {"s1": SentenceSignals(hedges=[Span(32, 42, "reportedly")])}
    raised = verify_claim(_claim(engine_status="corroborated"), [SMITH], signals, None)
    lowered = verify_claim(
        _claim(engine_status="disputed"), [SMITH], {"s1": SentenceSignals()}, None
    )
    assert raised.status == "unverified"
    assert lowered.status == "disputed"
    assert "model_judgement" in lowered.reasons


def test_non_confirmation_after_a_contrast_is_an_aside_not_the_claim() -> None:
    text = "Kyiv had anticipated the move, yet no sightings have surfaced."
    content = Span(21, len(text) - 1, text[21:-1])
    signals = {"s1": SentenceSignals(no_confirmation=[Span(35, 47, text[35:47])])}
    claim = _claim(content=content, cue=Span(9, 20, "anticipated"), source=Span(0, 4, "Kyiv"))
    kyiv = DraftSource("Kyiv", "government", None, (Span(0, 4, "Kyiv"),))
    assert verify_claim(claim, [kyiv], signals, None).status == "attributed"


def test_hedge_in_a_relative_clause_between_source_and_cue_does_not_govern() -> None:
    text = "Smith, who was rumored to leave, said the bridge fell."
    rumored = text.index("rumored")
    claim = _claim(
        source=Span(0, 5, "Smith"),
        cue=Span(text.index("said"), text.index("said") + 4, "said"),
        content=Span(text.index("the bridge"), len(text) - 1, text[text.index("the bridge") : -1]),
    )
    signals = {"s1": SentenceSignals(hedges=[Span(rumored, rumored + 7, "rumored")])}
    assert verify_claim(claim, [SMITH], signals, None, text=text).status == "attributed"


def test_a_reporting_verb_that_is_also_a_hedge_word_does_not_hedge_its_own_claim() -> None:
    text = "Smith alleged that the bridge fell."
    cue = Span(6, 13, "alleged")
    claim = _claim(cue=cue, content=Span(14, len(text) - 1, text[14:-1]))
    signals = {"s1": SentenceSignals(hedges=[cue])}
    assert verify_claim(claim, [SMITH], signals, None, text=text).status == "attributed"


def test_a_group_counted_rather_than_named_is_anonymous() -> None:
    many = DraftSource("many European countries", "government", None, (Span(0, 5, "Smith"),))
    verdict = verify_claim(_claim(), [many], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "anonymous_source" in verdict.reasons


def test_people_counted_but_not_named_are_anonymous_and_poll_shares_are_not() -> None:
    generals = DraftSource("95 retired generals and admirals", "person", None, ())
    verdict = verify_claim(_claim(), [generals], {"s1": SentenceSignals()}, None)
    assert "anonymous_source" in verdict.reasons
    share = DraftSource("52 percent of registered voters", "document", None, ())
    assert verify_claim(_claim(), [share], {"s1": SentenceSignals()}, None).status == "attributed"


def test_a_trailing_according_to_sources_makes_the_claim_anonymous() -> None:
    text = "He told her to go, according to sources."
    claim = _claim(content=Span(0, 17, text[0:17]), cue=None)
    trailing = SentenceSignals(anonymous=[Span(19, 39, text[19:39])])
    verdict = verify_claim(claim, [SMITH], {"s1": trailing}, None, text=text)
    assert verdict.status == "unverified"
    assert "anonymous_source" in verdict.reasons


def test_according_to_a_source_after_the_content_makes_the_claim_anonymous() -> None:
    text = "They became agitated, according to a source at the station."
    claim = _claim(content=Span(0, 20, text[0:20]), cue=None)
    at = text.index("a source")
    signals = {"s1": SentenceSignals(anonymous=[Span(at, at + 8, "a source")])}
    verdict = verify_claim(claim, [SMITH], signals, None, text=text)
    assert "anonymous_source" in verdict.reasons


def test_a_people_spoken_of_as_a_whole_is_anonymous_but_a_party_is_left_to_its_type() -> None:
    whole = DraftSource("African-Americans", "person", None, ())
    verdict = verify_claim(_claim(), [whole], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "anonymous_source" in verdict.reasons
    young = DraftSource("young voters", "person", None, ())
    assert verify_claim(_claim(), [young], {"s1": SentenceSignals()}, None).status == "unverified"
    party = DraftSource("Republicans", "organization", None, ())
    assert verify_claim(_claim(), [party], {"s1": SentenceSignals()}, None).status == "attributed"


def test_a_belief_cue_hedges_its_claim_but_a_wish_does_not() -> None:
    believes = _claim(cue=Span(16, 24, "believes"))
    verdict = verify_claim(believes, [SMITH], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "hedged" in verdict.reasons
    hopes = _claim(cue=Span(16, 21, "hopes"))
    assert verify_claim(hopes, [SMITH], {"s1": SentenceSignals()}, None).status == "attributed"


def test_a_conditional_cue_makes_its_claim_speculative() -> None:
    would = _claim(cue=Span(10, 23, "would appoint"))
    verdict = verify_claim(would, [SMITH], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "speculative" in verdict.reasons
    refused = _claim(cue=Span(10, 23, "would not say"))
    assert verify_claim(refused, [SMITH], {"s1": SentenceSignals()}, None).status == "attributed"


def test_an_appearance_cue_hedges_its_claim() -> None:
    sounded = _claim(cue=Span(16, 23, "sounded"))
    verdict = verify_claim(sounded, [SMITH], {"s1": SentenceSignals()}, None)
    assert verdict.status == "unverified"
    assert "hedged" in verdict.reasons


def test_hedge_in_a_complement_clause_inside_the_claim_does_not_govern_it() -> None:
    text = 'Farley said "No one knew her, and we told her that maybe she should wait."'
    content = Span(12, len(text), text[12:])
    maybe = text.index("maybe")
    claim = _claim(content=content, cue=Span(7, 11, "said"))
    signals = {"s1": SentenceSignals(hedges=[Span(maybe, maybe + 5, "maybe")])}
    farley = DraftSource("Farley", "person", None, (Span(0, 6, "Farley"),))
    assert verify_claim(claim, [farley], signals, None).status == "attributed"
