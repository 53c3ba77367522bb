"""Fold-, case- and whitespace-insensitive search that returns offsets into the original text.

An article is prepared once (``folded(text)``): its matching key, the key-to-text
offset map and a word index. Quotes are then searched only inside the cited
sentences, names on whole words through the index, so grounding stays linear in
the article's length however many items a draft holds.

Near misses the model makes are matched, not re-asked: curly or straight quotes and
dashes (the fold), runs of whitespace, "..." for "…", digit grouping ("1500" for
"1,500"), and a trailing full stop or comma on a quote.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from service.pipeline.normalise import fold

_WORD = re.compile(r"\w+")
# Words a model puts before a name that the article may leave out ("President Zelensky").
TITLES = frozenset(
    {
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "secretary",
        "general",
        "gen",
        "lt",
        "col",
        "colonel",
        "major",
        "captain",
        "commander",
        "admiral",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "mayor",
        "judge",
        "justice",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "pope",
        "bishop",
        "cardinal",
        "rabbi",
        "imam",
        "the",
    }
)
# Middle names (capitalised words) a short name may skip: "Volodymyr" in between.
MAX_SKIPPED_WORDS = 2


_SPECIAL = re.compile(r"[^\S ]\s*| \s+|\u2026|(?<=\d)[,'](?=\d{3}(?!\d))")


def _key(text: str) -> tuple[str, array[int]]:
    """Return the matching key of ``text`` and, per key character, its index in ``text``.

    The key is the fold, lowercased, with every whitespace run as one space (line
    breaks and double spaces do not defeat a quote written on one line), "…" as
    "...", and digit-grouping commas dropped ("1,500" and "1500" share a key; a
    decimal point stays). Plain runs are copied whole, so this is linear and fast.
    """
    folded = fold(text)
    low = folded.lower()
    if len(low) != len(folded):
        # A lowercasing that changes the length (rare): keep those characters as they are.
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    parts: list[str] = []
    index: array[int] = array("q")
    pos = 0
    last_space = False
    for m in _SPECIAL.finditer(folded):
        at = m.start()
        if at > pos:
            parts.append(low[pos:at])
            index.extend(range(pos, at))
            last_space = low[at - 1] == " "
        piece = m.group()
        if piece == "\u2026":
            parts.append("...")
            index.extend((at, at, at))
            last_space = False
        elif piece[0].isspace():
            if not last_space:
                parts.append(" ")
                index.append(at)
            last_space = True
        pos = m.end()
    parts.append(low[pos:])
    index.extend(range(pos, len(folded)))
    return "".join(parts), index


def clean_needle(needle: str) -> str:
    """Return ``needle`` as it is compared: folded, stripped of spaces and wrapping quotes."""
    return fold(needle).strip().strip("\"'").strip()


def _candidates(needle: str) -> list[str]:
    """The needle as given, without wrapping quotes, then without a trailing stop or comma."""
    cleaned = clean_needle(needle)
    trimmed = cleaned.rstrip(".,;:").rstrip().strip("\"'").strip()
    return [c for c in dict.fromkeys((needle.strip(), cleaned, trimmed)) if c]


@dataclass(slots=True)
class Folded:
    """One article prepared for matching: key, offsets map and word index (built once)."""

    text: str
    key: str
    index: array[int]
    # Per word of the key, in order: start and end in the key, capitalised in the text.
    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    capitalised: list[bool] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Folded:
        """Prepare ``text``: one pass for the key, one for the words."""
        key, index = _key(text)
        prepared = cls(text, key, index)
        by_word: defaultdict[str, list[int]] = defaultdict(list)
        starts, ends, caps = prepared.starts, prepared.ends, prepared.capitalised
        for n, m in enumerate(_WORD.finditer(key)):
            start = m.start()
            starts.append(start)
            ends.append(m.end())
            caps.append(text[index[start]].isupper())
            by_word[m.group()].append(n)
        prepared.by_word = dict(by_word)
        return prepared

    def _key_pos(self, offset: int) -> int:
        """The first key position at or after text ``offset``."""
        return bisect.bisect_left(self.index, offset)

    def _span(self, key_start: int, key_end: int) -> tuple[int, int]:
        return self.index[key_start], self.index[key_end - 1] + 1

    def _boundary(self, key_end: int) -> bool:
        # A match may not end inside one text character the key expanded ("…" as "...").
        return key_end >= len(self.index) or self.index[key_end] != self.index[key_end - 1]

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Return the [start, end) text offsets of the first match of ``needle`` in the range."""
        lo = self._key_pos(start)
        hi = len(self.key) if end is None else self._key_pos(end)
        for candidate in _candidates(needle):
            wanted = _key(candidate)[0].strip()
            at = self.key.find(wanted, lo, hi) if wanted else -1
            while at >= 0 and not self._boundary(at + len(wanted)):
                at = self.key.find(wanted, at + 1, hi)
            if at >= 0:
                return self._span(at, at + len(wanted))
        return None

    def _name_at(self, first: int, words: list[str]) -> int | None:
        """Match the name ``words`` starting at word ``first``; return the last word's number."""
        at = first
        for word in words[1:]:
            for step in range(1, MAX_SKIPPED_WORDS + 2):
                j = at + step
                if j >= len(self.starts):
                    return None
                if self.key[self.starts[j] : self.ends[j]] == word:
                    at = j
                    break
                if not self.capitalised[j]:
                    return None
            else:
                return None
        return at

    def find_names(
        self, name: str, start: int = 0, end: int | None = None, *, limit: int | None = None
    ) -> list[tuple[int, int]]:
        """Matches of the name ``name`` on whole words, in order, within the text range.

        Middle names may sit between the words ("Volodymyr" in "President Zelensky"), and
        leading titles the article leaves out are tolerated.
        """
        stop = len(self.text) if end is None else end
        words = _WORD.findall(_key(clean_needle(name))[0])
        if not words:
            return []
        variants = [words]
        untitled = list(words)
        while len(untitled) > 1 and untitled[0] in TITLES:
            untitled.pop(0)
        if untitled != words:
            variants.append(untitled)
        # Word numbers of the range, so a lookup inside one sentence reads only its words.
        first_word = bisect.bisect_left(self.starts, self._key_pos(start))
        for variant in variants:
            found: list[tuple[int, int]] = []
            numbers = self.by_word.get(variant[0], [])
            for first in numbers[bisect.bisect_left(numbers, first_word) :]:
                if self.index[self.starts[first]] >= stop:
                    break
                last = self._name_at(first, variant)
                if last is None:
                    continue
                span = self._edges(name, self._span(self.starts[first], self.ends[last]))
                if span[1] <= stop and (not found or span[0] >= found[-1][1]):
                    found.append(span)
                    if limit is not None and len(found) >= limit:
                        return found
            if found:
                return found
        return []

    def _edges(self, name: str, span: tuple[int, int]) -> tuple[int, int]:
        """Widen a name match to the quote marks or stops the written name has at its ends."""
        start, end = span
        written = fold(name.strip())
        if written and not written[-1].isalnum() and fold(self.text[end : end + 1]) == written[-1]:
            end += 1
        if (
            written
            and not written[0].isalnum()
            and fold(self.text[start - 1 : start]) == written[0]
        ):
            start -= 1
        return start, end

    def find_name(
        self, name: str, start: int = 0, end: int | None = None
    ) -> tuple[int, int] | None:
        """The first match of the name ``name`` on whole words within the range, if any."""
        found = self.find_names(name, start, end, limit=1)
        return found[0] if found else None


@lru_cache(maxsize=8)
def folded(text: str) -> Folded:
    """The prepared article (cached: the same text is prepared once per request).

    Offsets are kept in arrays (8 bytes each), so a 100 KB article costs about 2 MB.
    """
    return Folded.of(text)


def find(
    haystack: str, needle: str, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """Return the [start, end) offsets of the first match of ``needle`` in the given range."""
    return folded(haystack).find(needle, start, end)


def contains(haystack: str, needle: str) -> bool:
    """Return True when ``needle`` occurs in ``haystack`` under the matching fold."""
    return find(haystack, needle) is not None


def names(haystack: str, name: str) -> bool:
    """Return True when ``haystack`` names ``name`` on whole words (see Folded.find_names)."""
    return folded(haystack).find_name(name) is not None


def name_words(name: str) -> list[str]:
    """The words of a name as compared, leading titles left out."""
    words = _WORD.findall(_key(clean_needle(name))[0])
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return words


def same_name(a: str, b: str) -> bool:
    """True when one name's words run, whole, inside the other's ("Oman" in "Jonas Oman").

    Whole words only: "EU" is not "Reuters", "US" is not "Russia".
    """
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
