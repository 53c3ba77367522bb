"""The subject of a sentence, for a cue whose own subject was lost or is junk.

"Braynard is quoted as saying ...", '"...," Elias said' (with no subject found) and
"Dan Alpert, ..., a book calling for massive fiscal stimulus, expressed alarm" all
speak through the sentence's subject: the first person it names, or the first
personal pronoun, outside quotation marks and before the cue.
"""

from __future__ import annotations

import re

from service.engines.extractive.speakers import gender_of, not_a_first_name
from service.pipeline.types import Span

_QUOTE = re.compile(r"[\"“”]|''")
# A personal pronoun as a subject, or a capitalised name of one to three words.
_CANDIDATE = re.compile(
    r"\b(?P<pronoun>I|[Hh]e|[Ss]he|[Tt]hey)\b(?!['’])"
    r"|(?P<name>(?:(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.|Judge|Justice|Senator|Governor|Mayor)\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?"
    r"(?:\s+[A-Z][\w'’-]+){0,2})"
)
_HONORIFIC = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.|Judge|Justice|Senator|Governor|Mayor)\s+"
)
_TITLE_END = re.compile(r"\b(?:Rep|Sen|Gov|Gen|Dr|Lt|Col|Sgt|Capt|Rev|St)$")
_OWNED = re.compile(r"['’]s?$")
# Words after a name that make it no subject: "Grayson’s", "Trump campaign".
_NOT_SUBJECT_AFTER = re.compile(r"['’]|\s+(?:campaign|administration|supporters)\b")


# Words after which a clause, and so a subject, begins ("former" opens a title).
_CLAUSE_OPENERS = frozenset(
    [
        "and", "but", "or", "when", "while", "as", "after", "before", "because", "since",
        "though", "although", "then", "so", "where", "if", "once", "until", "whereas", "former",
    ]
)  # fmt: skip


def _opens_clause(text: str, start: int, at: int) -> bool:
    """Whether a word at ``at`` can open a clause: the sentence's start, after punctuation or
    after a conjunction."""
    before = text[max(start, at - 40) : at].rstrip(" \"“”'‘’")
    if at - start < 2 or not before:
        return True
    if before[-1] in ",;:(—–-.":
        return True
    words = before.split()
    return bool(words) and words[-1].lower() in _CLAUSE_OPENERS


def _unquoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) outside quotation marks (quotes counted from ``start``)."""
    parts: list[tuple[int, int]] = []
    cursor, inside = start, False
    for mark in _QUOTE.finditer(text, start, end):
        if not inside and mark.start() > cursor:
            parts.append((cursor, mark.start()))
        inside = not inside
        cursor = mark.end()
    if not inside and cursor < end:
        parts.append((cursor, end))
    return parts


def sentence_subject(text: str, start: int, end: int, known: frozenset[str]) -> Span | None:
    """The first person named (a known first name and a surname, an honorific and a name,
    or a name in ``known``) or personal pronoun in [start, end), outside quotes."""
    for lo, hi in _unquoted(text, start, end):
        for m in _CANDIDATE.finditer(text, lo, hi):
            if not _opens_clause(text, start, m.start()):
                continue  # "who still backs Randolph": an object, not the subject
            if m.group("pronoun"):
                return Span(m.start(), m.end(), m.group())
            name = m.group("name")
            if _NOT_SUBJECT_AFTER.match(text, m.end()) or _OWNED.search(name):
                continue
            if _TITLE_END.search(name) and text.startswith(".", m.end()):
                continue  # "Colorado Rep." is the title of the name after it
            honorific = _HONORIFIC.match(name)
            words = name[honorific.end() :].split() if honorific else name.split()
            while words and not_a_first_name(words[0]):
                words = words[1:]  # "But Bill Skelly", "State William Galvin"
            bare = " ".join(words)
            if not words:
                continue
            if honorific or bare in known or (len(words) > 1 and gender_of(words[0])):
                start_at = m.start() if honorific else m.end() - len(bare)
                return Span(start_at, m.end(), text[start_at : m.end()])
    return None
