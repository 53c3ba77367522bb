"""Who each attribution's claimant is: names become sources; pronouns, descriptions and
bare titles resolve to the source they refer to; junk names no one."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from service.engines.extractive.author import first_person_author
from service.engines.extractive.sources import Mention, SourceBook, split_mention
from service.engines.extractive.speakers import (
    Referent,
    full_names,
    gender_of,
    names_a_speaker,
    not_a_first_name,
    referent,
)
from service.engines.extractive.subjects import sentence_subject
from service.pipeline.types import Attribution, Sentence, Span

# A passive cue ("is expected", "is widely considered", "was asked"): its subject is no
# speaker.
_AGENTLESS = re.compile(r"^(?:is|was|are|were|been|being|be)\b.*\b\w+(?:ed|en)$", re.IGNORECASE)
# An impression, not a statement: "seemed to", "appears headed".
_SEEMS = re.compile(r"^(?:\w+\s+)?(?:seem|seems|seemed|appear|appears|appeared)$", re.IGNORECASE)
# The words before an outlet that only carried an interview.
_OUTLET = re.compile(r"\binterview\s+(?:with|to)\s+\Z", re.IGNORECASE)

# The author speaking in a first-person article: "I said", "Let me just say".
_FIRST_PERSON = re.compile(r"^(?:I|Let me|me)$")

# A description: an article and a lower-case word ("an African-American actor").
_DESCRIBES = re.compile(r"^(?:a|an|the)\s+(?:[A-Z][\w-]*\s+)*[a-z]")
# The name an appositive follows: "Willie Minor, " or "Lionel Sosa, a consultant and ".
_NAME_BEFORE = re.compile(
    r"(?P<name>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)\s*,\s*"
    r"(?:(?:a|an|the)\s[^,;.\"“”]{0,80}?\s+and\s+)?\Z"
)
# A person's full name: a first name, an optional initial and one or two more words.
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}")
_APPOSITIVE_REACH = 150

# How far before its cue (characters) a sentence's subject is looked for: bounded, so a
# sentence of many cues costs linear time.
SUBJECT_WINDOW = 400


# A mention opening with an adverbial phrase: "In a Bloomberg interview Trump", "On
# Thursday", "on the stump last year in Iowa".
_LEADING_PHRASE = re.compile(
    r"^(?:In|On|At|During|After|Before|Since|From|Under|Over|Earlier|Later|Last|This|Then|"
    r"in|on|at|during|after|before|since|from|under|over)\s(?:.*\s)?"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)$|^(?:in|on|at|during|after|since)\s"
)

# A sentence that ends by naming who reported it: ", according to numerous sources."
_TRAILING_ACCORDING = re.compile(
    r",\s+according\s+to\s+(?P<source>[^,.;:“”\"]{2,80}?)\s*[.!?]?[\"”’']?\s*\Z"
)
# ... or ", Frankel said.", ", the source recalled."
_TRAILING_SAID = re.compile(
    r"[,”\"]\s+(?P<source>(?:[Tt]he\s+)?[\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})\s+"
    r"(?:said|says|recalled|recalls|added|wrote|told\s+\w+)\s*[.!?]?[\"”’']?\s*\Z"
)
# "according to Farley’s account": the account's owner speaks.
_ACCOUNT = re.compile(r"['’]s?\s+(?:account|version|recollection|telling|statement|memo|notes)\Z")
_ACCORDING = re.compile(r"(?i)according")
# A participial opener ("Having announced", "After saying"), whose subject follows it.
_PARTICIPLE = re.compile(r"^(?:Having|After|Before|Upon|While)\b")
_COMMA = re.compile(r"[^,.;!?]{0,40},\s*")
SUBJECT_REACH_AFTER = 120
_QUOTE_MARK = re.compile(r"[\"“”]|''")

# A mention ending in a clause's pronoun subject, an adverbial aside after it: "... system
# and he, once again".
_PRONOUN_TAIL = re.compile(
    r"(?:,|\s(?:and|but))\s+(?P<pronoun>he|she|they|we)(?:\s*,\s*[a-z][a-z ]{0,30})?\s*,?\Z"
)

# A share or "those who" just before a mention: its head, which a tagger's span can miss.
_HEAD_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:about|almost|nearly|roughly|approximately|more\s+than|fewer\s+than)\s+)?"
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|\d+)\s+in\s+(?:10|ten)|"
    r"(?:those|people|anyone|everyone)\s+who)\s+\Z",
    re.IGNORECASE,
)

Resolved = tuple[Span | None, list[int]]


def resolve_claimants(
    text: str,
    attributions: Sequence[Attribution],
    book: SourceBook,
    sentences: Sequence[Sentence] = (),
) -> list[Resolved]:
    """Each attribution's claimant mention and source indices, pronouns and descriptions
    resolved to the nearest agreeing named source; junk and unresolved pronouns give none.

    Names are added to the book first, so that a pronoun can refer to anyone the
    article names before it, claimant or not.
    """
    author = first_person_author(text) if attributions else None
    starts = [sentence.start for sentence in sentences]
    full = full_names(text) if attributions else {}
    known = _known_names(full)
    attributions = [_with_subject(text, a, starts, known) for a in attributions]
    attributions = _relayed(text, attributions, starts)
    named = [_name(text, attribution, book, author) for attribution in attributions]
    book.complete_names(text, full)
    resolved: list[Resolved] = []
    speaker: tuple[int, int] | None = None  # the last claimant: (source index, where)
    for attribution, item in zip(attributions, named, strict=True):
        if isinstance(item, Referent):
            at = attribution.source.start if attribution.source is not None else 0
            opens = _opening(starts, at)
            before = _opening(starts, opens - 1) if opens else None
            item = _refer(text, attribution, item, book, speaker, (opens, before))
        if item[1] and item[0] is not None:
            speaker = (item[1][0], item[0].start)
        resolved.append(item)
    return resolved


def _relayed(
    text: str, attributions: Sequence[Attribution], starts: Sequence[int]
) -> list[Attribution]:
    """Words reported in a sentence that ends ", according to X." are X's claim:
    "When Randolph refused to bow out, Grayson began vilifying her, according to
    numerous fellow Democrats." credits the Democrats, not Randolph."""
    out = []
    for attribution in attributions:
        cue = attribution.cue
        if cue is None or not starts or _ACCORDING.match(cue.text):
            out.append(attribution)
            continue
        end = _next_start(starts, cue.start, len(text))
        lo = max(cue.end, end - 200)
        tail = _TRAILING_ACCORDING.search(text, lo, end) or _TRAILING_SAID.search(text, lo, end)
        if tail is not None and tail.start() >= attribution.content.start:
            start, stop = tail.start("source"), tail.end("source")
            if (owned := _ACCOUNT.search(text, start, stop)) is not None:
                stop = owned.start()  # "according to Farley’s account": Farley
            source = Span(start, stop, text[start:stop])
            out.append(replace(attribution, source=source))
        else:
            out.append(attribution)
    return out


def _opening(starts: Sequence[int], at: int) -> int | None:
    """The start of the sentence holding ``at``, if the sentences are known."""
    k = bisect_right(starts, at) - 1
    return starts[k] if k >= 0 else None


def _next_start(starts: Sequence[int], at: int, default: int) -> int:
    """The start of the sentence after the one holding ``at``."""
    k = bisect_right(starts, at)
    return starts[k] if k < len(starts) else default


def _known_names(full: dict[str, set[str]]) -> frozenset[str]:
    """The full names the text gives people (whose first name tells a gender), and their
    surnames, from full_names(text)."""
    people = {
        surname: {name for name in names if gender_of(name) is not None}
        for surname, names in full.items()
    }
    return frozenset(s for s, names in people.items() if names) | frozenset(
        name for names in people.values() for name in names
    )


def _with_subject(
    text: str, attribution: Attribution, starts: Sequence[int], known: frozenset[str]
) -> Attribution:
    """The attribution, its lost or junk claimant replaced by its sentence's subject:
    "Braynard is quoted as saying", "Dan Alpert, ..., a book calling for massive fiscal
    stimulus, expressed alarm"."""
    cue, claimant = attribution.cue, attribution.source
    if cue is None or not starts:
        return attribution
    if claimant is not None and (
        head := _HEAD_BEFORE.search(text, max(0, claimant.start - 60), claimant.start)
    ):
        # "approximately four in 10 Iowa Republicans", "those who back her opponents": the
        # words before the mention are the head of who speaks.
        claimant = Span(head.start(), claimant.end, text[head.start() : claimant.end])
        attribution = replace(attribution, source=claimant)
    if claimant is not None and (ending := _PRONOUN_TAIL.search(claimant.text)) is not None:
        # "fix the nation’s broken system and he, once again, pledged": he pledged.
        start = claimant.start + ending.start("pronoun")
        end = start + len(ending["pronoun"])
        return replace(attribution, source=Span(start, end, ending["pronoun"]))
    if claimant is not None and (lead := _LEADING_PHRASE.match(claimant.text)) is not None:
        # "In a Bloomberg interview Trump declared": the name after the opening phrase.
        tail = lead.group("name") or ""
        words = tail.split()
        if tail in known or (len(words) > 1 and gender_of(words[0]) is not None):
            start = claimant.start + lead.start("name")
            return replace(attribution, source=Span(start, claimant.end, tail))
        claimant = None  # "On Thursday": a time, no speaker
    if claimant is not None and not _junk(claimant.text):
        return attribution
    if _PARTICIPLE.match(cue.text if claimant is None else claimant.text):
        # "Having announced that ..., Judge Berman turned to ...": the subject follows.
        after = attribution.content.end
        stop = min(_next_start(starts, after, len(text)), after + SUBJECT_REACH_AFTER)
        if (comma := _COMMA.match(text, after, stop)) is not None:
            subject = sentence_subject(text, comma.end(), stop, known)
            if subject is not None and subject.start == comma.end():
                return replace(attribution, source=subject)
    opens = _opening(starts, cue.start)
    if opens is None:
        return attribution
    subject = sentence_subject(text, max(opens, cue.start - SUBJECT_WINDOW), cue.start, known)
    if subject is None:
        subject = clause_subject(text, max(opens, cue.start - SUBJECT_WINDOW), cue.start)
    if subject is None:
        return attribution if claimant is None else replace(attribution, source=None)
    return replace(attribution, source=subject)


# Parts of a clause before its verb that are no subject: a leading conjunction or "even",
# an aside between commas ("for instance"), a first verb joined by "and" ("overruled and").
_LEADING_WORD = re.compile(r"(?:(?:But|And|So|Yet|Even|even|Still|Then|Now)\s+)+")
# A verb in the head of a phrase (before any "who", "whose", "that"): a clause, no subject.
_HEAD_VERB = re.compile(
    r"\b(?:would|will|could|should|can|may|might|must|did|does|do|has|have|had|is|are|was|"
    r"were|when|as|while|if|because|[a-z]+ed)\b|\b(?P<rel>who|whose|that|which)\b"
)
_TRAILING_VERB = re.compile(
    r"\s+(?:[a-z]+ed|[a-z]+s)\s+(?:and|but)\s*\Z|\s+(?:also|even|too|then)\s*\Z"
)
_ASIDE = re.compile(
    r"^(?:for\s+(?:instance|example)|however|though|in\s+fact|meanwhile|too|also|in\s+turn|"
    r"for\s+their\s+part|for\s+his\s+part|for\s+her\s+part|instead)$",
    re.IGNORECASE,
)
_OPENING_PHRASE = re.compile(
    r"^(?:In|On|At|During|After|Before|Since|From|Under|Over|Alongside|Among|Despite|Like|"
    r"Unlike|With|Without|As|When|While|If|Although|Though|Because)\b"
)
_SUBJECT_WORDS = 12


def clause_subject(text: str, start: int, end: int) -> Span | None:
    """The noun phrase before a cue that is its clause's subject, when it names a speaker
    by description ("The state officials whose laws have been invalidated say", "But the
    U.S. Court of Appeals for the 6th Circuit overruled and said"): the last comma part
    before the cue that is neither an aside nor an opening phrase. None inside quotes."""
    if _QUOTE_MARK.search(text, start, end):
        return None
    at = start
    parts: list[tuple[int, int]] = []
    for m in re.finditer(r",", text[start:end]):
        parts.append((at, start + m.start()))
        at = start + m.end()
    parts.append((at, end))
    for lo, hi in reversed(parts):
        piece = text[lo:hi]
        stripped = piece.strip()
        if not stripped or _ASIDE.match(stripped):
            continue
        if _OPENING_PHRASE.match(stripped):
            return None
        lo += len(piece) - len(piece.lstrip())
        if (lead := _LEADING_WORD.match(text, lo, hi)) is not None:
            lo = lead.end()
        if (verb := _TRAILING_VERB.search(text, lo, hi)) is not None:
            hi = verb.start()
        candidate = text[lo:hi].strip()
        hi = lo + len(candidate)
        words = candidate.split()
        if (
            not words
            or len(words) > _SUBJECT_WORDS
            or words[-1] in ("who", "that", "which")
            or not (words[0][:1].isupper() or words[0] in ("the", "a", "an"))
        ):
            return None
        verb = _HEAD_VERB.search(candidate)
        if verb is not None and verb.group("rel") is None:
            return None  # "Neither ... campaigns would respond to": a clause
        if referent(candidate).kind not in ("name", "description") or not names_a_speaker(
            candidate
        ):
            return None
        return Span(lo, hi, candidate)
    return None


def _junk(mention: str) -> bool:
    """A claimant mention that names no speaker."""
    kind = referent(mention).kind
    return kind == "junk" or (kind == "name" and not names_a_speaker(mention))


def _name(
    text: str, attribution: Attribution, book: SourceBook, author: str | None = None
) -> Resolved | Referent:
    """First pass: a named claimant becomes its sources; anything else waits as a referent.

    In a first-person article whose author it names, "I" (and "Let me") is the author.
    """
    claimant, cue = attribution.source, attribution.cue
    if claimant is None:
        return (None, [])
    if author is not None and _FIRST_PERSON.match(claimant.text):
        return (claimant, [book.add(Mention(claimant, author, "person", None))])
    if (named := _named_before(text, claimant)) is not None:
        claimant = named  # "Willie Minor, an actor in Dallas, recalled": Minor recalled
    ref = referent(claimant.text)
    if cue is not None and claimant.start < cue.start and _AGENTLESS.match(cue.text):
        # "The bill is expected to pass": the subject is what is said, not who says it.
        return (None, [])
    if cue is not None and _SEEMS.match(cue.text):
        # "Trump seemed to appreciate ...", "Democrats appeared headed for ...": the
        # article's own impression of its subject, which says nothing.
        return (None, [])
    if ref.kind == "junk":
        return (None, [])
    if ref.kind != "name":
        return ref
    if _OUTLET.search(text, max(0, claimant.start - 30), claimant.start):
        # "X said ..., as stated in an interview with LRT": LRT carried the words; the
        # speaker is the one before (resolved in the second pass), LRT stays a source.
        for mention in split_mention(claimant):
            book.add(mention)
        return Referent("outlet")
    split = split_mention(claimant)
    mentions = [m for m in split if referent(m.name).kind == "name"]
    if not mentions and len(split) == 1 and (ref := referent(split[0].name)).kind == "description":
        return ref  # "The Romanian hacker whose cyber-mischief revealed": a description
    # One source: the claim's mention is the whole noun phrase, appositive included.
    span = claimant if len(mentions) == 1 else mentions[0].span if mentions else None
    return (span, [book.add(m) for m in mentions])


def _named_before(text: str, claimant: Span) -> Span | None:
    """A description that is the appositive of the person named just before it, with that
    name: "Willie Minor, an African-American actor in Dallas" (the claimant mention was
    only "an African-American actor in Dallas"); None when it is no such appositive."""
    if not _DESCRIBES.match(claimant.text):
        return None
    lo = max(0, claimant.start - _APPOSITIVE_REACH)
    before = _NAME_BEFORE.search(text, lo, claimant.start)
    if (
        before is None
        or not _FULL_NAME.fullmatch(name := before.group("name"))
        or not_a_first_name(name.split()[0])
    ):
        return None
    start = before.start("name")
    return Span(start, claimant.end, text[start : claimant.end])


def _refer(
    text: str,
    attribution: Attribution,
    ref: Referent,
    book: SourceBook,
    speaker: tuple[int, int] | None,
    sentences: tuple[int | None, int | None] = (None, None),
) -> Resolved:
    """Second pass: the source a pronoun, description, bare title or outlet refers to."""
    claimant = attribution.source
    assert claimant is not None  # noqa: S101 (a referent is only made for a claimant)
    found = book.nearest(
        text, claimant.start, ref, speaker, sentence_start=sentences[0], previous_start=sentences[1]
    )
    if found is not None and ref.kind == "outlet":
        # The claim's mention is the speaker's last name mention, not the outlet.
        earlier = [m for m in book.mentions[found] if m.start < claimant.start]
        last = max(earlier, key=lambda m: m.start, default=None)
        return (last, [found] if last is not None else [])
    if found is not None:
        return (claimant, [found])
    if ref.kind == "description":
        return (claimant, [book.add(m) for m in split_mention(claimant)])
    return (None, [])
