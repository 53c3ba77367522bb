"""Turn claimant mentions into typed sources: split, type, give a role, merge mentions."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from service.pipeline.types import DraftSource, SourceKind, Span

# Checked in this order: the first family whose pattern matches a mention wins.
_TYPE_PATTERNS: tuple[tuple[SourceKind, re.Pattern[str]], ...] = (
    (
        "anonymous",
        re.compile(
            r"^(?:an?|the|two|three|several|some|other|another|many)?\s*(?:\w+\s+)?"
            r"(?:sources?|insiders?|officials?|people|persons?|aides?|diplomats?)\b"
            r"|\b(?:familiar with|anonymity|who (?:asked|requested|spoke) not)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "media",
        re.compile(
            r"\b(?:media|broadcaster|newspaper|news|press|times|post|journal|tribune|herald|"
            r"reuters|associated press|AP|AFP|BBC|CNN|NBC|ABC|CBS|Fox|MSNBC|NPR|LRT|TASS|"
            r"radio|television|TV|magazine|outlet|gazette|daily|politico|breitbart|"
            r"huffington|guardian|bloomberg|axios|telegraph|agency)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(?:report|document|study|survey|poll|data|filing|memo|letter|statement|"
            r"records?|analysis|figures|audit|indictment|complaint|lawsuit|release)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "government",
        re.compile(
            r"\b(?:intelligence|government|ministry|minister|department|police|military|"
            r"army|navy|pentagon|kremlin|white house|administration|agency|council|"
            r"parliament|congress|senate|state department|prosecutors?|court|FBI|CIA|"
            r"officials?|authorities|embassy|armed forces|general staff|commission)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "organization",
        re.compile(
            r"\b(?:NGO|group|company|organi[sz]ation|foundation|campaign|party|committee|"
            r"university|institute|association|union|corporation|corp|inc|ltd|club|"
            r"center|centre|network|coalition|movement|society|bank|firm|PAC)\b",
            re.IGNORECASE,
        ),
    ),
)

_TITLES = (
    r"President|Vice President|Prime Minister|Gov\.|Governor|Sen\.|Senator|Rep\.|"
    r"Representative|Secretary|Minister|Mayor|Gen\.|General|Col\.|Chancellor|Judge|"
    r"Justice|Dr\.|Mr\.|Mrs\.|Ms\.|Rev\.|Speaker|Chairman|Chairwoman|Director|"
    r"Ambassador|Commissioner|Attorney General|Spokesman|Spokeswoman|Spokesperson|CEO"
)
_TITLE_PREFIX = re.compile(rf"^(?P<title>(?:(?:[A-Z][\w.'-]*\s+)*?(?:{_TITLES}))\s+)(?=[A-Z])")
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|i|you|his|her)$", re.IGNORECASE)
# "X led by Y", "X headed by Y": Y is a person leading the organisation X.
_LED_BY = re.compile(r"\s+(?:led|headed|run|founded|chaired)\s+by\s+", re.IGNORECASE)
# "X and Y" joins two sources when both sides start with a capital letter.
_AND = re.compile(r"\s+(?:and|&)\s+(?=[A-Z\"'])")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_QUOTED = re.compile(r"[\"“](?P<name>[^\"“”]{2,60})[\"”]")
_DESCRIBED = re.compile(
    r"^(?P<role>(?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+)+)(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4})$"
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """One source mention after splitting compounds, with its role if the article gives one."""

    span: Span
    name: str
    type: SourceKind
    role: str | None


def classify(name: str, descriptor: str = "") -> SourceKind:
    """Return the source type of a mention from its words (the descriptor's first)."""
    for words in (descriptor, name):
        for kind, pattern in _TYPE_PATTERNS:
            if words and pattern.search(words):
                return kind
    return "person" if _looks_like_name(name) else "organization"


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
    led = _LED_BY.search(span.text)
    if led:
        org = _sub(span, 0, led.start())
        person = _sub(span, led.end(), len(span.text))
        role = f"leads {_lower_article(org.text)}"
        return [Mention(person, _clean_name(person.text), "person", role), _single(org)]
    parts: list[Mention] = []
    cursor = 0
    for joint in [*_AND.finditer(span.text), None]:
        end = joint.start() if joint else len(span.text)
        piece = _sub(span, cursor, end)
        if piece.text:
            parts.append(_single(piece))
        cursor = joint.end() if joint else end
    return parts


def _single(span: Span) -> Mention:
    if is_pronoun(span.text):
        return Mention(span, span.text, "person", None)
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
    described = _DESCRIBED.match(_clean_name(span.text))
    if described:
        # 'Lithuanian public broadcaster LRT': lower-case words describe the name after them.
        role, name = described.group("role").strip(), described.group("name").strip()
        return Mention(span, name, classify(name, role), role)
    name = _clean_name(span.text)
    kind = classify(name)
    # An anonymous source keeps its article ("a source", "the sources").
    return Mention(span, span.text.strip(" ,") if kind == "anonymous" else name, kind, None)


def _clean_name(text: str) -> str:
    return _ARTICLE.sub("", text.strip(" ,")).strip()


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


def _parts(lowered: str) -> set[str]:
    """Word prefixes and suffixes of 3+ characters (see _same_source), the name itself excluded."""
    cuts = [i for i, ch in enumerate(lowered) if ch == " "]
    parts = {lowered[:i] for i in cuts} | {lowered[i + 1 :] for i in cuts}
    return {part for part in parts if len(part) >= 3}


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


class SourceBook:
    """Collects mentions into merged sources; each mention resolves to a source index."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.types: list[SourceKind] = []
        self.roles: list[str | None] = []
        self.mentions: list[list[Span]] = []
        self._seen: list[set[Span]] = []
        # Indices (ascending) by (type, lowered name), and by (type, every word prefix or
        # suffix of 3+ characters or the whole name): `add` finds the first source
        # _same_source would match without comparing against every name (linear, not
        # quadratic, in the number of sources).
        self._by_name: dict[tuple[SourceKind, str], list[int]] = {}
        self._by_part: dict[tuple[SourceKind, str], list[int]] = {}

    def add(self, mention: Mention) -> int:
        """Add a mention, merging it into an existing source of the same name; return its index."""
        index = self._first_same(mention.type, mention.name)
        if index is not None:
            name = self.names[index]
            if len(mention.name) > len(name):
                self._index(index, name, remove=True)
                self.names[index] = mention.name
                self._index(index, mention.name)
            self.roles[index] = self.roles[index] or mention.role
            if mention.span not in self._seen[index]:
                self._seen[index].add(mention.span)
                self.mentions[index].append(mention.span)
            return index
        self.names.append(mention.name)
        self.types.append(mention.type)
        self.roles.append(mention.role)
        self.mentions.append([mention.span])
        self._seen.append({mention.span})
        self._index(len(self.names) - 1, mention.name)
        return len(self.names) - 1

    def _first_same(self, kind: SourceKind, name: str) -> int | None:
        """The lowest index whose name is _same_source as ``name`` (and of the same type)."""
        lowered = name.lower()
        found = [self._by_part.get((kind, lowered), [])]
        found += [self._by_name.get((kind, part), []) for part in _parts(lowered)]
        return min((indices[0] for indices in found if indices), default=None)

    def _index(self, index: int, name: str, *, remove: bool = False) -> None:
        lowered = name.lower()
        kind = self.types[index]
        keys = [(self._by_name, lowered), (self._by_part, lowered)]
        keys += [(self._by_part, part) for part in _parts(lowered)]
        for table, key in keys:
            indices = table.setdefault((kind, key), [])
            if remove:
                indices.remove(index)
            elif index not in indices[bisect_left(indices, index) :][:1]:
                insort(indices, index)

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
