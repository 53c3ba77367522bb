"""Link claims across sentences: a denial to the claim it answers, a caveat to the claims it covers.

- A denial ("The ministry denied the report.", "Smith rejected that claim.") whose
  object points back (it, this, the report, the claim...) answers the nearest
  earlier claims, within a few sentences, made by someone other than the denier.
  One whose object names the matter ("denied buying the emails") answers the
  earlier claims in that window sharing at least two of its content words.
- The article's own caveat ("There is no official confirmation", "could not be
  independently verified") covers every claim before it (verify.unconfirmed_from).
  Someone declining to confirm ("Police did not confirm it", "aides declined to
  confirm the authenticity of the emails") covers the nearest earlier claims when
  the object points back, else the claims sharing a content word with the object
  (every earlier claim when none does).

Every claim looks back over a bounded window, so the pass stays linear in the
article's length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from schemas.factsheet import Reason
from service.pipeline.types import DraftClaim, DraftSource, Sentence, SentenceSignals, Span


def _words(text: str) -> list[str]:
    return text.split()


WINDOW = 3  # sentences a denial reaches back
REPLY_WINDOW = 1  # sentences a reply reaches back
COMMON = 8  # a word in more claims than this does not single any out
_ANAPHOR = re.compile(
    r"\b(?:it|this|that|these|those|them)\b|\b(?:the|these|those|such|that|this|any|his|her|"
    r"their|its)\s+(?:reports?|claims?|allegations?|story|stories|accusations?|charges?|"
    r"account|assertions?|suggestions?|characterization|idea|notion|rumou?rs?|information|"
    r"statements?|remarks?|comments?|assessment|figures?|numbers?)\b",
    re.IGNORECASE,
)
_POINTER = re.compile(
    r"^\W*(?:(?:it|this|that|these|those|them)\b|(?:the|these|those|such|that|this|any)\s+"
    r"(?:reports?|claims?|allegations?|story|stories|accusations?|charges?|account|"
    r"assertions?|suggestions?|characterization|idea|notion|rumou?rs?|information|"
    r"statements?|remarks?|comments?|assessment|figures?|numbers?)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][a-z'’-]{3,}")
_STOP = frozenset(
    _words(
        """that this these those there their they them then than with from have has had been
    were what when where which while would could should about after before into over also
    just more most some such only other said says told according report reports claim
    claims confirm confirmed verify verified independently officially official statement
    comment authenticity accuracy whether denied denies rejected because being does"""
    )
)
_OBJECT_END = re.compile(r"[.;:!?]|,\s")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of four letters or more that are not function or reporting words."""
    return frozenset(w.lower() for w in _WORD.findall(text)) - _STOP


def _object(sentence: Sentence, span: Span) -> str:
    rest = sentence.text[span.end - sentence.start :]
    cut = _OBJECT_END.search(rest)
    return rest[: cut.start()] if cut else rest


def _subject(sentence: Sentence, span: Span) -> str:
    before = sentence.text[: span.start - sentence.start]
    return before.rsplit(",", 1)[-1]


def points_back(sentence: Sentence, span: Span) -> bool:
    """True when the signal's object (or, if none, its subject) refers back ("it", "the report")."""
    obj = _object(sentence, span)
    if content_words(obj) and not _POINTER.match(obj):
        return False
    return bool(_POINTER.match(obj) or _ANAPHOR.search(_subject(sentence, span)) or not obj)


# Someone declining to confirm ("Police did not confirm it", "aides declined to confirm the
# buys", "Reuters could not confirm the report"), as opposed to the article's own voice
# ("There is no official confirmation", "The claims could not be verified").
_DECLINED = re.compile(
    r"^(?:declined|refused|would|wouldn't|did|didn't|does|doesn't|has\s+not|hasn't|have\s+not|"
    r"haven't|was\s+unable|were\s+unable|unable|could\s+not\s+(?:independently\s+)?"
    r"(?:confirm|verify|corroborate|authenticate))",
    re.IGNORECASE,
)


def caveat_is_generic(span: Span) -> bool:
    """The article's own caveat ("there is no official confirmation", "could not be
    verified"), which covers every claim before it (verify.unconfirmed_from)."""
    return not _DECLINED.match(span.text)


# A reply that answers what was just said: "But Flynn said ...", "Smith, however, said",
# "Jones countered that ...". Its claim and the claim it answers contradict each other.
_REPLY_OPENING = re.compile(r"^\W*but\b", re.IGNORECASE)
_REPLY_AFTER_SOURCE = re.compile(
    r"^,?\s*(?:however|though|for\s+(?:his|her|their|its)\s+part)\b", re.I
)
_REPLY_CUE = re.compile(
    r"\b(?:counter(?:ed|s|ing)|rebut(?:ted|s|ting)|retort(?:ed|s)|shot\s+back|fired\s+back|"
    r"hit\s+back|push(?:ed|es)\s+back|bristl(?:ed|es))\b",
    re.IGNORECASE,
)


def is_reply(sentence: Sentence, claim: DraftClaim) -> bool:
    """True when the claim answers someone ("But X said", "X, however, said", "X countered")."""
    if claim.source is None or claim.cue is None:
        return False
    if _REPLY_CUE.search(claim.cue.text):
        return True
    first = min(claim.source.start, claim.cue.start, claim.content.start)
    if first - sentence.start <= 12 and _REPLY_OPENING.match(sentence.text):
        return True
    if not sentence.start <= claim.source.end <= sentence.end:
        return False
    return bool(_REPLY_AFTER_SOURCE.match(sentence.text[claim.source.end - sentence.start :]))


def _sentence_index(sentences: Sequence[Sentence]) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(sentences)}


def link_claims(
    claims: Sequence[DraftClaim],
    sentences: Sequence[Sentence],
    signals: Mapping[str, SentenceSignals],
    sources: Sequence[DraftSource] = (),
) -> list[frozenset[Reason]]:
    """Reasons each claim gets from other sentences: `denied` and `explicitly_unconfirmed`.

    `sources` (the draft's) lets a reply link only between people and organisations that
    take sides: a document or an unnamed source answers no one.
    """
    index = _sentence_index(sentences)
    linked: list[set[Reason]] = [set() for _ in claims]
    by_sentence: dict[int, list[int]] = {}
    for number, claim in enumerate(claims):
        for sid in claim.sentence_ids[:1]:
            if sid in index:
                by_sentence.setdefault(index[sid], []).append(number)
    words = [content_words(c.content.text) for c in claims]
    by_word: dict[str, list[int]] = {}
    for number, claim_words in enumerate(words):
        for word in claim_words:
            by_word.setdefault(word, []).append(number)
    covers_before = -1  # claims ending before this offset are covered by a caveat
    for k, sentence in enumerate(sentences):
        found = signals.get(sentence.id)
        if found is None:
            continue
        for denial in found.denials:
            _link_denial(k, sentence, denial, claims, by_sentence, words, linked)
        for caveat in found.no_confirmation:
            if caveat_is_generic(caveat):
                continue  # verify.unconfirmed_from
            if not _link_caveat(k, sentence, caveat, claims, by_sentence, by_word, linked):
                # Its matter is worded differently from every claim ("the battle" for
                # "soldiers fought"): it covers the claims before it, as the article's
                # own caveat does.
                covers_before = max(covers_before, caveat.start)
    for k, sentence in enumerate(sentences):
        for n in by_sentence.get(k, []):
            if is_reply(sentence, claims[n]) and _takes_sides(claims[n], sources):
                _link_reply(k, n, claims, by_sentence, linked, sources)
    for number, claim in enumerate(claims):
        if claim.content.end <= covers_before:
            linked[number].add("explicitly_unconfirmed")
    return [frozenset(r) for r in linked]


def _link_denial(
    k: int,
    sentence: Sentence,
    denial: Span,
    claims: Sequence[DraftClaim],
    by_sentence: Mapping[int, list[int]],
    words: Sequence[frozenset[str]],
    linked: list[set[Reason]],
) -> None:
    own = [n for n in by_sentence.get(k, []) if claims[n].source_index is not None]
    deniers = {claims[n].source_index for n in own if _cue_near(claims[n], denial)}
    # "X said Y, but Z denied it": a claim earlier in the same sentence counts too.
    before = [n for n in by_sentence.get(k, []) if claims[n].content.end <= denial.start]
    earlier = [
        n
        for j in range(k - 1, max(-1, k - 1 - WINDOW), -1)
        for n in by_sentence.get(j, [])
        if claims[n].cue is not None and claims[n].source_index not in deniers
    ]
    earlier = [n for n in before if claims[n].source_index not in deniers] + earlier
    if not earlier:
        return
    if points_back(sentence, denial):
        # The nearest sentence holding an earlier claim: all its candidate claims.
        first = claims[earlier[0]].sentence_ids[:1]
        for n in earlier:
            if claims[n].sentence_ids[:1] == first:
                linked[n].add("denied")
        return
    matter = content_words(_object(sentence, denial))
    for n in earlier:
        if len(matter & words[n]) >= 2:
            linked[n].add("denied")


def _link_caveat(
    k: int,
    sentence: Sentence,
    caveat: Span,
    claims: Sequence[DraftClaim],
    by_sentence: Mapping[int, list[int]],
    by_word: Mapping[str, list[int]],
    linked: list[set[Reason]],
) -> bool:
    """'X declined to confirm it': the nearest earlier claims; '... the emails': the claims
    about the emails, wherever they are. False when no claim is about its matter."""
    if points_back(sentence, caveat):
        own = [n for n in by_sentence.get(k, []) if claims[n].content.end <= caveat.start]
        earlier = own + [
            n for j in range(k - 1, max(-1, k - 1 - WINDOW), -1) for n in by_sentence.get(j, [])
        ]
        first = claims[earlier[0]].sentence_ids[:1] if earlier else ()
        for n in earlier:
            if claims[n].sentence_ids[:1] == first:
                linked[n].add("explicitly_unconfirmed")
        return True
    covered = {
        n
        for word in content_words(_object(sentence, caveat))
        # A word in many claims says nothing about which one is meant (and keeps this linear).
        if len(by_word.get(word, ())) <= COMMON
        for n in by_word.get(word, ())
        if not claims[n].content.start <= caveat.start < claims[n].content.end
    }
    for n in covered:
        linked[n].add("explicitly_unconfirmed")
    return bool(covered)


def _link_reply(
    k: int,
    n: int,
    claims: Sequence[DraftClaim],
    by_sentence: Mapping[int, list[int]],
    linked: list[set[Reason]],
    sources: Sequence[DraftSource],
) -> None:
    """A reply and the nearest earlier claim by someone else dispute each other."""
    who = claims[n].source_index
    same = [m for m in by_sentence.get(k, []) if claims[m].content.end <= claims[n].content.start]
    earlier = same[::-1] + [
        m
        for j in range(k - 1, max(-1, k - 1 - REPLY_WINDOW), -1)
        for m in by_sentence.get(j, [])[::-1]
    ]
    for m in earlier:
        if claims[m].cue is None or claims[m].source_index is None:
            continue
        if claims[m].source_index == who:
            return  # the replier's own earlier words: nothing is answered
        if not _takes_sides(claims[m], sources):
            return
        linked[m].add("denied")
        linked[n].add("denied")
        return


def _takes_sides(claim: DraftClaim, sources: Sequence[DraftSource]) -> bool:
    """True for a claim by a named person, organisation or government (not a document,
    an outlet or an unnamed source)."""
    i = claim.source_index
    return i is not None and i < len(sources) and sources[i].type in _SIDES


_SIDES = frozenset({"person", "organization", "government"})


def _cue_near(claim: DraftClaim, denial: Span) -> bool:
    cue = claim.cue
    return cue is not None and cue.start - 40 <= denial.start <= cue.end + 40
