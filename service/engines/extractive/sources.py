"""Turn claimant mentions into typed sources: split, type, give a role, merge mentions."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from service.engines.extractive.source_types import source_type
from service.engines.extractive.speakers import (
    CLAUSE,
    Gender,
    Referent,
    agrees,
    full_names,
    gender_of,
    groups,
    named_people,
    titled_person,
)
from service.pipeline.types import DraftSource, SourceKind, Span

_TITLES = (
    r"Secretary of State|Secretary of Defense|President|Vice President|Prime Minister|"
    r"Gov\.|Governor|Sen\.|Senator|Rep\.|"
    r"Representative|Secretary|Minister|Mayor|Gen\.|General|Col\.|Chancellor|Judge|"
    r"Justice|Dr\.|Rev\.|Pastor|Speaker|Chairman|Chairwoman|Director|"
    r"Ambassador|Commissioner|Attorney General|Majority Leader|Minority Leader|Leader|Whip|"
    r"Spokesman|Spokeswoman|Spokesperson|CEO"
)
_TITLE_PREFIX = re.compile(
    rf"^(?P<title>(?:(?:[A-Za-z][\w.'-]*\s+){{0,4}}?(?:{_TITLES}))\s+)(?=[A-Z])"
)
# Honorifics are no role ("Mr. Trump" is Trump) but tell the person's gender.
_HONORIFIC = re.compile(r"^(?P<h>Mr|Mrs|Ms|Miss)\.?\s+(?=[A-Z])")
_GENDER_OF: dict[str, Gender] = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
# Where a name ends and its appositive begins: "Ben Sasse (R-Neb.), a member of ...",
# "Alfonso Aguilar, the executive director of ...", "Lewandowski, who ran ...".
_APPOSITIVE = re.compile(r"\s*(?:,|\(|\s[-–—]+\s|\s(?=who\b|whose\b))")
# The rest of a parenthesis that opened an appositive: "R-Neb.), ".
_PARENTHESIS_REST = re.compile(r"^[^()]*\)\s*,?\s*")
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|i|you|his|her)$", re.IGNORECASE)
# "X led by Y", "X headed by Y": Y is a person leading the organisation X.
_LED_BY = re.compile(r"\s+(?:led|headed|run|founded|chaired)\s+by\s+", re.IGNORECASE)
# "X and Y" joins two sources when both sides start with a capital letter.
_AND = re.compile(r"\s+(?:and|&)\s+(?=[A-Z\"'])")
# "X and Y Coalition": one organisation whose name holds "and".
_ONE_BODY = re.compile(
    r"^(?:the\s+)?[A-Z][\w-]*\s+(?:and|&)\s+(?:[A-Z][\w-]*\s+){0,4}(?:Coalition|Committee|"
    r"Association|Party|Council|Union|Institute|Foundation|Center|Centre|Alliance|Society|"
    r"Federation|League|Network|Company|Group|Department|Commission|Agency|Bureau|Fund|"
    r"Administration|Corporation|Service|Board)\b"
)
# Words after a name that single it out, no part of it: "progressives in particular".
_QUALIFIER = re.compile(
    r",?\s+(?:in\s+particular|especially|above\s+all|alike|too|themselves|himself|herself)\s*,?\Z"
)
_THOSE_WHO = re.compile(r"^(?:those|people|anyone|everyone)\s+who\s", re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_QUOTED = re.compile(r"[\"“](?P<name>[^\"“”]{2,60})[\"”]")
_DESCRIBED = re.compile(
    r"^(?P<role>(?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+)*"
    r"(?!(?:of|the|for|at|in|on|and|a|an|to|by|with|from)\s)[a-z][\w-]*\s+)"
    r"(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4})$"
)
_TITLED_NAME = re.compile(
    r"^(?P<role>.*\s[a-z][\w-]*|[a-z][\w-]*)\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2})$"
)
# "some Republicans", "many Latinos": a quantifier is part of a group's name, not a role.
_QUANTIFIERS = re.compile(
    r"(?:(?:some|many|most|several|few|all|both|numerous|other|fellow|even|two|three|four|"
    r"five|six|ten|dozens|hundreds|thousands|of)\s*)+",
    re.IGNORECASE,
)
# Words that describe the person named after them ("Democrat Hillary Clinton").
_ROLE_WORD = re.compile(
    r"Democrat|Republican|Democratic|Rival|Former|Libertarian|Independent|Progressive|"
    r"Conservative|Liberal|Candidate|Nominee|Activist|Billionaire|Businessman|Businesswoman|"
    r"Author|Actor|Actress|Singer|Comedian|Host|Anchor|Columnist|Pollster|Strategist|Lawyer|"
    r"Attorney|Economist|Professor|Rapper|Coach|Dr\.|Gen\.|Sgt\.|Lt\.|Capt\.",
    re.IGNORECASE,
)
# A count that opens a group ("Six in 10 Virginia voters"): no name to cut.
_NUMBER = re.compile(
    r"^(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Half|Most|Many|Some|\d+)\s+in\s"
)
_POSSESSIVE = re.compile(r"['’]s?\Z")
# A title that, with a surname, is the whole of how an article may name a person.
_BARE_TITLE = re.compile(
    r"Judge|Justice|Sen\.|Senator|Gov\.|Governor|Rep\.|Representative|Mayor|President|"
    r"Secretary|Speaker|Gen\.|General|Ambassador|Dr\."
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """One source mention after splitting compounds, with its role if the article gives one."""

    span: Span
    name: str
    type: SourceKind
    role: str | None
    gender: Gender | None = None


def classify(name: str, descriptor: str = "") -> SourceKind:
    """Return the source type of a mention from its name (see source_types)."""
    return source_type(name, descriptor)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and all(_NAME_WORD.fullmatch(w) for w in words)


def _sub(span: Span, start: int, end: int) -> Span:
    """Return the part [start, end) of a span, relative to its text, trimmed of spaces."""
    piece = span.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    return Span(span.start + start + lead, span.start + start + lead + len(piece), piece)


def split_mention(span: Span) -> list[Mention]:
    """Split a claimant span into the sources it names ("X led by Y", "X and Y")."""
    if (qualifier := _QUALIFIER.search(span.text)) is not None and qualifier.start() > 0:
        span = _sub(span, 0, qualifier.start())  # "progressives in particular": progressives
    span, appositive = _name_part(span)
    if (
        (verb := CLAUSE.search(span.text)) is not None
        and _looks_like_name(span.text[: verb.start()])
        and not _NUMBER.match(span.text)
    ):
        span = _sub(span, 0, verb.start())  # "Al Sharpton began taking": the name ends first
    if appositive:
        return [_with_role(m, appositive) for m in _split(span)]
    return _split(span)


def _name_part(span: Span) -> tuple[Span, str | None]:
    """The name of a mention without its appositive, and the appositive as a role."""
    cut = _APPOSITIVE.search(span.text)
    if cut is None or cut.start() == 0 or _THOSE_WHO.match(span.text):
        return span, None  # "Those who back her rivals": the clause is the whole name
    head = _sub(span, 0, cut.start())
    tail = span.text[cut.start() :].strip(" ,()-–—")
    if "(" in span.text[cut.start() : cut.end()]:
        tail = _PARENTHESIS_REST.sub("", tail)  # "(R-Neb.), a member of ..." -> "a member ..."
    if _looks_like_clause(tail):
        return span, None
    rest = _sub(span, cut.end(), len(span.text))
    if not _looks_like_name(head.text) and "," in span.text[cut.start() : cut.end()]:
        # "the minister of the economy, Ildefonso Guajardo": the role comes first.
        words = rest.text.split()
        if 2 <= len(words) <= 4 and _looks_like_name(rest.text.rstrip(" ,")):
            return rest, _ARTICLE.sub("", head.text).strip(" ,") or None
    if not any(ch.isupper() for ch in _ARTICLE.sub("", head.text)) and not cut.group().strip():
        return span, None  # "The state officials whose laws ...": the clause names them
    if not any(ch.isupper() for ch in head.text):
        return span, None
    return head, _ARTICLE.sub("", tail).strip(" ,") or None


def _looks_like_clause(tail: str) -> bool:
    """'Reuters, citing ...' keeps the name; so does a tail that is not an appositive."""
    return tail.startswith(("citing", "according", "said", "says"))


def _with_role(mention: Mention, role: str) -> Mention:
    if mention.type == "anonymous" or mention.role:
        return mention
    return Mention(mention.span, mention.name, mention.type, role, mention.gender)


def _split(span: Span) -> list[Mention]:
    led = _LED_BY.search(span.text)
    if led:
        org = _sub(span, 0, led.start())
        person = _sub(span, led.end(), len(span.text))
        role = f"leads {_lower_article(org.text)}"
        return [Mention(person, _clean_name(person.text), "person", role), _single(org)]
    if _ONE_BODY.search(span.text):
        return [_single(span)]  # "Central and East European Coalition" is one body
    parts: list[Mention] = []
    cursor = 0
    joints = list(_AND.finditer(span.text))
    if joints and _lowercase_words(span.text[: joints[0].start()]) >= DESCRIPTION_WORDS:
        # "early results of the exit poll conducted by Edison Research for the Associated
        # Press and Television Networks": one described thing, not a list of names.
        return [_single(span)]
    for joint in [*joints, None]:
        end = joint.start() if joint else len(span.text)
        piece = _sub(span, cursor, end)
        if piece.text:
            parts.append(_single(piece))
        cursor = joint.end() if joint else end
    return parts


# A mention whose part before "and" has this many lower-case words is one description.
DESCRIPTION_WORDS = 4


def _lowercase_words(text: str) -> int:
    """How many words of ``text`` start with a lower-case letter."""
    return sum(1 for word in text.split() if word[:1].islower())


def _single(span: Span) -> Mention:
    if is_pronoun(span.text):
        return Mention(span, span.text, "person", None)
    if (honorific := _HONORIFIC.match(span.text)) is not None:
        bare = _sub(span, honorific.end(), len(span.text))
        gender = _GENDER_OF[honorific.group("h").lower()]
        return Mention(bare, _clean_name(bare.text), "person", None, gender)
    title = _TITLE_PREFIX.match(span.text)
    if title:
        name = span.text[title.end() :]
        return Mention(span, _clean_name(name), "person", title.group("title").strip())
    quoted = _QUOTED.search(span.text)
    if quoted:
        # 'The Lithuanian NGO “Blue-Yellow”': the quoted words are the name.
        role = _clean_name(span.text[: quoted.start()] + span.text[quoted.end() :])
        name = quoted.group("name").strip()
        return Mention(span, name, classify(name, role), role or None)
    titled = _TITLED_NAME.match(_clean_name(span.text))
    if titled and gender_of(titled.group("name")) is not None:
        # "state Senate leader Phil Berger": a first name opens the name after the role.
        role, name = titled.group("role").strip(), titled.group("name").strip()
        return Mention(span, name, "person", role)
    described = _DESCRIBED.match(_clean_name(span.text))
    if described and not _QUANTIFIERS.fullmatch(described.group("role").strip()):
        # 'Lithuanian public broadcaster LRT': lower-case words describe the name after them.
        role, name = described.group("role").strip(), described.group("name").strip()
        return Mention(span, name, classify(name, role), role)
    name = _clean_name(span.text)
    words = name.split()
    if 3 <= len(words) <= 5 and _ROLE_WORD.fullmatch(words[0]) and gender_of(words[1]):
        # "Democrat Hillary Clinton", "Rival Hillary Clinton": the word before a first name
        # is a role.
        return Mention(span, " ".join(words[1:]), "person", words[0])
    kind = classify(name)
    # Only a person's name loses the article: "the government", "The New York Times", "a
    # source" and a described person ("a federal judge", "The Romanian hacker") keep theirs.
    if kind == "person" and not _described_person(name):
        return Mention(span, name, kind, None)
    whole = _POSSESSIVE.sub("", span.text.strip(" ,"))
    return Mention(span, whole if kind == "person" else span.text.strip(" ,"), kind, None)


def _described_person(name: str) -> bool:
    """Whether a person is described ("federal judge", "Romanian hacker") rather than
    named: a lower-case word other than a name particle ("de", "van") is in it."""
    return any(w[:1].islower() and w not in _PARTICLES for w in name.split())


_PARTICLES = frozenset(["de", "da", "del", "van", "von", "der", "la", "le", "bin", "al", "y"])


def _clean_name(text: str) -> str:
    # "Hillary Clinton’s" (its noun cut off as a clause) names Hillary Clinton.
    return _POSSESSIVE.sub("", _ARTICLE.sub("", text.strip(" ,")).strip())


def _lower_article(text: str) -> str:
    return text[0].lower() + text[1:] if _ARTICLE.match(text) else text


def is_pronoun(text: str) -> bool:
    """Return True for a pronoun mention ("he", "she"), which names no new source."""
    return bool(_PRONOUN.match(text.strip()))


def _same_source(a: str, b: str) -> bool:
    """Two names are one source when equal, or when one is the other's last word(s)."""
    la, lb = a.lower(), b.lower()
    if la == lb:
        return True
    short, long = sorted((la, lb), key=len)
    return len(short) >= 3 and (long.endswith(" " + short) or long.startswith(short + " "))


def _parts(lowered: str) -> set[str]:
    """Word prefixes and suffixes of 3+ characters (see _same_source), the name itself excluded."""
    cuts = [i for i, ch in enumerate(lowered) if ch == " "]
    parts = {lowered[:i] for i in cuts} | {lowered[i + 1 :] for i in cuts}
    return {part for part in parts if len(part) >= 3}


def _word_hits(
    text: str, needles: Iterable[str], regions: Sequence[tuple[int, int]]
) -> dict[str, list[Span]]:
    """Whole-word occurrences of every needle inside the regions, in text order.

    One Aho-Corasick pass for all needles: a str.find per needle cost sources x text
    (90 s for 1 MB naming 40,000 speakers), a regex per source more still.
    """
    hits: dict[str, list[Span]] = {needle: [] for needle in needles}
    if not hits:
        return hits
    automaton = ahocorasick.Automaton()
    for needle in hits:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    for start, end in regions:
        for last, needle in automaton.iter(text, start, end):
            stop = last + 1
            at = stop - len(needle)
            before = text[at - 1] if at > 0 else " "
            after = text[stop] if stop < len(text) else " "
            if not (before.isalnum() or after.isalnum() or before == "_" or after == "_"):
                hits[needle].append(Span(at, stop, needle))
    for found in hits.values():
        found.sort(key=lambda span: span.start)
    return hits


class _Taken:
    """Character ranges already given to a mention; finds an overlap in O(log n)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        # Merged into disjoint ranges, so a new span need only be checked against its neighbours.
        self._ranges: list[tuple[int, int]] = []
        for start, end in sorted((s.start, s.end) for s in spans):
            if self._ranges and start < self._ranges[-1][1]:
                self._ranges[-1] = (self._ranges[-1][0], max(end, self._ranges[-1][1]))
            else:
                self._ranges.append((start, end))

    def claim(self, span: Span) -> bool:
        """Take ``span`` and return True when it overlaps no range taken so far."""
        k = bisect_right(self._ranges, (span.start, span.end))
        if k and self._ranges[k - 1][1] > span.start:
            return False
        if k < len(self._ranges) and self._ranges[k][0] < span.end:
            return False
        insort(self._ranges, (span.start, span.end))
        return True


# A name that opens its sentence (its subject) counts as this many characters nearer.
SUBJECT_BONUS = 150


def _salience(text: str, at: int) -> int:
    """How likely a name at ``at`` is what a later pronoun means: nearer, and subjects first."""
    before = text[max(0, at - 3) : at].rstrip(" \"“‘'")
    opens = at == 0 or not before or before[-1] in ".!?\n"
    return at + (SUBJECT_BONUS if opens else 0)


# A capitalised word, a possessive cut off: "Trump", "Trump's".
_CAPITALISED = re.compile(r"\b(?P<word>[A-Z][\w-]+)(?:['’]s?)?\b")

# How far back (characters) "the judge" looks for "Judge Berman".
TITLE_REACH = 5000
# ... and, when none is named before, how far ahead ("the judge said ... Judge Berman").
TITLE_AHEAD = 1000
# A sentence's subject starts within this many characters of its start.
SUBJECT_REACH = 40
_QUOTE_MARK = re.compile(r"[\"“”]|''")
# A pronoun looks at most at this many recent sources, found among this many mentions.
RECENT_SOURCES = 25
RECENT_WALK = 400
# How far back (characters) the last claimant stays the preferred referent of a pronoun.
SPEAKER_REACH = 600


class SourceBook:
    """Collects mentions into merged sources; each mention resolves to a source index."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.types: list[SourceKind] = []
        self.roles: list[str | None] = []
        self.genders: list[Gender | None] = []
        self.last: list[int] = []
        self.mentions: list[list[Span]] = []
        self._seen: list[set[Span]] = []
        # Sources by (type, lower-cased name or name part): _same_source candidates found by
        # lookup, not by a scan of every source, so adding n mentions stays linear.
        self._by_name: dict[tuple[SourceKind, str], list[int]] = {}
        self._by_part: dict[tuple[SourceKind, str], list[int]] = {}
        self._order: list[tuple[int, int]] | None = None  # (mention start, source), sorted
        self._surnames: Counter[str] | None = None  # how many sources end in each surname
        # Surname -> (full name, gender) of each person the text names in full, alone with
        # that surname and of known gender (complete_names): "Trump" alone is Donald Trump.
        self._people: dict[str, tuple[str, Gender]] = {}

    def _index(self, index: int, name: str, *, remove: bool = False) -> None:
        lowered, kind = name.lower(), self.types[index]
        keys = [(self._by_name, lowered)] + [(self._by_part, part) for part in _parts(lowered)]
        for table, key in keys:
            indices = table.setdefault((kind, key), [])
            if remove:
                indices.remove(index)
            elif index not in indices:
                indices.append(index)

    def _rename(self, index: int, name: str) -> None:
        self._surnames = None
        self._index(index, self.names[index], remove=True)
        self.names[index] = name
        self._index(index, name)

    def _same(self, kind: SourceKind, name: str) -> list[int]:
        """Indices whose name is _same_source as ``name`` (and of the same type), in order."""
        lowered = name.lower()
        found = set(self._by_name.get((kind, lowered), ()))
        found.update(self._by_part.get((kind, lowered), ()))
        for part in _parts(lowered):
            found.update(self._by_name.get((kind, part), ()))
        return sorted(i for i in found if _same_source(self.names[i], name))

    def add(self, mention: Mention) -> int:
        """Add a mention, merging it into an existing source of the same name; return its index.

        Two people who share a surname stay two sources; a bare surname goes to the one
        its honorific agrees with, else to the one named last.
        """
        self._surnames = None
        gender = mention.gender or (
            gender_of(mention.name, mention.role) if mention.type == "person" else None
        )
        same = [
            index
            for index in self._same(mention.type, mention.name)
            if gender is None or self.genders[index] in (None, gender)
        ]
        if same:
            index = max(same, key=lambda i: self.last[i])
            if len(mention.name) > len(self.names[index]):
                self._rename(index, mention.name)
            self.roles[index] = self.roles[index] or mention.role
            self.genders[index] = self.genders[index] or gender
            self.last[index] = mention.span.start
            if mention.span not in self._seen[index]:  # a set: linear in the mentions
                self._seen[index].add(mention.span)
                self.mentions[index].append(mention.span)
                self._index_mention(mention.span, index)
            return index
        self.names.append(mention.name)
        self.types.append(mention.type)
        self.roles.append(mention.role)
        self.genders.append(gender)
        self.last.append(mention.span.start)
        self.mentions.append([mention.span])
        self._seen.append({mention.span})
        self._index(len(self.names) - 1, mention.name)
        self._index_mention(mention.span, len(self.names) - 1)
        return len(self.names) - 1

    def _index_mention(self, span: Span, index: int) -> None:
        """Keep the sorted mention index, once built, up to date."""
        if self._order is not None:
            insort(self._order, (span.start, index))

    def nearest(
        self,
        text: str,
        at: int,
        wanted: Referent,
        speaker: tuple[int, int] | None = None,
        window: int = 1500,
        *,
        sentence_start: int | None = None,
        previous_start: int | None = None,
    ) -> int | None:
        """The source a pronoun or description at ``at`` refers to: the nearest one before it
        in the text that agrees with it (bounded look-back, so linear in the article).

        A person the text names without quoting them (a first name or honorific telling
        their gender) becomes a source when a pronoun refers to them.
        """
        if wanted.kind in ("description", "title") and (
            titled := titled_person(text, max(0, at - TITLE_REACH), at, wanted.noun)
            or titled_person(text, at, min(len(text), at + TITLE_AHEAD), wanted.noun, last=False)
        ):
            # "the judge" is the person last named "Judge Berman".
            start, end, name, title = titled
            gender = gender_of(name) if " " in name else None
            if " " not in name and not self._same("person", name):
                # Known by title and surname alone: "Judge Berman" is the fullest name.
                start, name = start - len(title) - 1, f"{title} {name}"
            if agrees(wanted.agree, "person", gender, name):
                span = Span(start, end, text[start:end])
                return self.add(Mention(span, name, "person", None, gender))
        if (
            sentence_start is not None
            and wanted.agree in ("he", "she")
            and 0 < at - sentence_start <= window
            and not _QUOTE_MARK.search(text, sentence_start, at)
        ):
            # "Bernie Sanders is trailing, but he says ...": a person of the pronoun's
            # gender that its own sentence names before it (outside quotes) comes first.
            found = self._best(
                text, sentence_start, at, wanted, before=sentence_start + SUBJECT_REACH
            )
            if found is not None:
                return self.add(found) if isinstance(found, Mention) else found
        if (
            previous_start is not None
            and sentence_start is not None
            and wanted.agree in ("he", "she")
            and 0 < sentence_start - previous_start <= window
            and not (speaker is not None and speaker[1] >= previous_start)
            and not _QUOTE_MARK.match(text, previous_start)
        ):
            # "Ted Cruz is drawing contrasts with Trump. He said ...": the subject of the
            # sentence before, when the last speaker was not quoted in it.
            found = self._best(
                text, previous_start, sentence_start, wanted, before=previous_start + SUBJECT_REACH
            )
            if found is not None:
                return self.add(found) if isinstance(found, Mention) else found
        if speaker is not None and 0 <= at - speaker[1] <= SPEAKER_REACH:
            # The speaker of the sentences just before is the likeliest "he" or "she".
            index = speaker[0]
            name, gender = self.names[index], self.genders[index]
            unlikely = wanted.agree in ("he", "she") and gender is None and _described_person(name)
            if not unlikely and agrees(wanted.agree, self.types[index], gender, name):
                return index
        found = self._best(text, max(0, at - window), at, wanted)
        return self.add(found) if isinstance(found, Mention) else found

    def _best(
        self, text: str, lo: int, at: int, wanted: Referent, *, before: int | None = None
    ) -> int | Mention | None:
        """The most salient source or named person in [lo, at) that agrees with ``wanted``;
        with ``before``, only a person of known gender named from before that offset."""
        gendered = before is not None
        limit = at if before is None else before
        # The subject is the sentence's first person; elsewhere the most salient one.
        rank = (lambda found: -found) if gendered else (lambda found: _salience(text, found))
        best: int | Mention | None = None
        best_score = -len(text) - 1
        if self._surnames is None:
            self._surnames = Counter(name.split()[-1] for name in self.names if name.split())
        surnames = self._surnames
        for index in self._recent(at):
            name, kind, gender = self.names[index], self.types[index], self.genders[index]
            if not agrees(wanted.agree, kind, gender, name, wanted.noun) or (
                gendered and gender is None
            ):
                continue
            if wanted.agree in ("he", "she") and gender is None and _described_person(name):
                continue  # "a federal judge" is no likely "she": a named person is
            for needle in self._needles(index, surnames):
                found = text.rfind(needle, lo, at)
                if 0 <= found < limit and (score := rank(found)) > best_score:
                    best, best_score = index, score
        if wanted.agree in ("he", "she", "person"):
            for start, end, name, gender in [
                *named_people(text, lo, at),
                *(self._surname_people(text, lo, at) if wanted.agree != "person" else ()),
            ]:
                score = rank(start)
                if (
                    start < limit
                    and score > best_score
                    and agrees(wanted.agree, "person", gender, name)
                ):
                    best, best_score = (
                        Mention(Span(start, end, text[start:end]), name, "person", None, gender),
                        score,
                    )
        if wanted.agree == "they":
            for start, end, _name in groups(text, lo, at):
                if (score := _salience(text, start)) > best_score:
                    span = Span(start, end, text[start:end])
                    best, best_score = _single(span), score
        return best

    def _surname_people(self, text: str, lo: int, at: int) -> list[tuple[int, int, str, Gender]]:
        """People named in [lo, at) by a surname alone that the text gives one full name of
        known gender: "what kind of candidate Trump will become. He attacked ..."."""
        if not self._people:
            return []
        found = []
        for m in _CAPITALISED.finditer(text, lo, at):
            if (person := self._people.get(m.group("word"))) is not None:
                found.append((m.start(), m.end("word"), person[0], person[1]))
        return found

    def _recent(self, at: int) -> list[int]:
        """The sources a pronoun at ``at`` may mean: those whose claimant mentions come
        nearest before and after it (at most RECENT_SOURCES each way, found by walking a
        bounded number of mentions), so each pronoun costs the same however long the
        article."""
        if self._order is None:
            self._order = sorted(
                (span.start, index) for index, spans in enumerate(self.mentions) for span in spans
            )
        order = self._order
        found: list[int] = []
        k = bisect_left(order, (at, -1))
        back = range(k - 1, max(-1, k - 1 - RECENT_WALK), -1)
        ahead = range(k, min(len(order), k + RECENT_WALK))
        for walk in (back, ahead):  # quoted later ("she ... Megyn Kelly said") counts too
            seen = 0
            for position in walk:
                index = order[position][1]
                if index not in found:
                    found.append(index)
                    seen += 1
                    if seen == RECENT_SOURCES:
                        break
        return found

    def _needles(self, index: int, surnames: Counter[str]) -> set[str]:
        """Strings that name source ``index`` alone in the text."""
        name = self.names[index]
        needles = {name}
        words = name.split()
        if self.types[index] == "person" and len(words) > 1:
            needles.add(words[0])
            if surnames[words[-1]] == 1:
                needles.add(words[-1])
        return {n for n in needles if len(n) >= 3}

    def complete_names(self, text: str, full: dict[str, set[str]] | None = None) -> None:
        """Give a person named by surname alone ("Minor") the full name the text has for it
        ("Willie Minor"), unless two people share the surname; then only the gender they
        share, if they do. ``full`` is full_names(text), when already found."""
        full = full_names(text) if full is None else full
        self._surnames = None
        for surname, names in full.items():
            if len(names) == 1 and (gender := gender_of(whole := next(iter(names)))) is not None:
                self._people[surname] = (whole, gender)
        for index, name in enumerate(self.names):
            if self.types[index] != "person" or " " in name:
                continue
            if name not in full:
                role = self.roles[index] or ""
                titled = f"{role} {name}"
                if _BARE_TITLE.fullmatch(role) and not self._named(titled):
                    # Known only as "Judge Berman": the title and surname are the fullest name.
                    self._rename(index, titled)
                continue
            names = full[name]
            if len(names) > 1 and self.genders[index] is not None:
                # "Mrs. Clinton" with Bill and Hillary Clinton named: the one she agrees with.
                names = {n for n in names if gender_of(n) == self.genders[index]} or names
            if len(names) == 1 and (whole := next(iter(names))) not in self.names:
                self._rename(index, whole)
            genders = {gender_of(n) for n in names}
            if len(genders) == 1:
                self.genders[index] = self.genders[index] or genders.pop()

    def _named(self, name: str) -> bool:
        """Whether a person source is already named ``name`` (a lookup, not a scan)."""
        return bool(self._by_name.get(("person", name.lower())))

    def add_other_mentions(self, text: str, regions: Sequence[tuple[int, int]]) -> None:
        """Record every further place the body names a known, non-anonymous source.

        Deterministic and non-overlapping: the full name is searched before the last name,
        and a hit is kept only when it overlaps no mention kept so far ("Clinton" inside
        "Bill Clinton" is not a second mention).
        """
        taken = _Taken(span for known in self.mentions for span in known)
        # (source, needle) in priority order: each source's full name, then its last name.
        wanted: list[tuple[int, str]] = []
        for index, name in enumerate(self.names):
            if self.types[index] == "anonymous" or len(name) < 3:
                continue
            wanted.append((index, name))
            if self.types[index] == "person" and (last := name.split()[-1]) != name:
                wanted.append((index, last))
        hits = _word_hits(text, (needle for _, needle in wanted), regions)
        searched: set[str] = set()
        for index, needle in wanted:
            if needle in searched:
                continue  # every hit of it is taken already, by an earlier source or overlap
            searched.add(needle)
            for span in hits[needle]:
                if taken.claim(span):
                    self.mentions[index].append(span)
                    self._seen[index].add(span)
        for index in {index for index, _ in wanted}:
            self.mentions[index].sort(key=lambda s: (s.start, s.end))

    def sources(self) -> list[DraftSource]:
        """Return the merged sources, in the order they were first added."""
        return [
            DraftSource(name, kind, role, tuple(mentions))
            for name, kind, role, mentions in zip(
                self.names, self.types, self.roles, self.mentions, strict=True
            )
        ]
