"""Scraper debris: whole lines of bylines, counters and site chrome, found by anchored regexes.

Debris is always a whole line (trimmed of surrounding whitespace) that matches a
pattern from start to end, so a real sentence that merely *starts* like chrome
("Close aides said the plan failed.") never matches. Patterns that are only
ambiguous words on their own ("Menu", "World") apply in the leading and trailing
runs of debris, where scrapers leave them, and nowhere in the middle.
"""

from __future__ import annotations

import re

from service.pipeline.types import Debris, DebrisKind

# Lines longer than this are prose, not chrome; skipping them keeps the scan cheap.
MAX_DEBRIS_LINE = 300

_LINE = re.compile(r"[^\r\n\u2028\u2029]+")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}(?:T[\d:+.Z-]+)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s+\(?(?:[A-Z]{2,4}T|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?"
)
_AGO = (
    r"(?:(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?\s+ago"
    r"|just now|yesterday|today)"
)
_STAMP_ATOM = rf"(?:{_WEEKDAY})?(?:{_DATE}|{_TIME}|{_AGO})"
_STAMP_SEP = r"(?:\s*[,|•·–—-]\s*|\s+(?:at|on)\s+|\s+)"
_STAMP_VERB = (
    r"(?:(?:last\s+)?(?:updated|published|posted|modified|first published)"
    r"(?:\s+(?:on|at))?\s*:?\s*)"
)
# One level of repetition only: nested repeats would backtrack exponentially.
_STAMPS = rf"{_STAMP_VERB}?{_STAMP_ATOM}(?:{_STAMP_SEP}{_STAMP_VERB}?{_STAMP_ATOM})*"

# A capitalised personal or agency name; case-sensitive inside an otherwise caseless pattern.
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_NAME = rf"(?-i:{_CAP}(?:\s+(?:{_CAP}|de|van|von|da|al|bin|la|le|del)){{0,4}})"
_ROLE = r"(?:\w+\s+){0,3}(?:correspondent|reporter|writer|editor|contributor|staff)s?"
_SEP = r"\s*[|•·,;/–—-]\s*"
_N = r"\d[\d,.]*\s*[km]?"
_SOCIAL = (
    r"(?:share(?: this(?: article| story| post| page)?| on \w+| via \w+)?|like this|tweet|email"
    r"|e-mail|print|save|copy link|whatsapp|facebook|twitter|x|linkedin|reddit|telegram"
    r"|pinterest|flipboard|messenger|bluesky|threads)"
)
_SECTIONS = (
    r"(?:menu|main menu|open menu|toggle navigation|navigation|search|home|world|news|politics"
    r"|business|sport|sports|opinion|tech|technology|science|health|culture|entertainment"
    r"|breaking(?: news)?|live|exclusive|analysis|x|×|✕|☰)"
)


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (kind, pattern) matched against whole lines anywhere in the text.
PATTERNS: tuple[tuple[DebrisKind, re.Pattern[str]], ...] = (
    # "Written by 11:07 AM World": a byline whose author link the scraper lost.
    # No sentence-final punctuation, so "Written by hand, the note was ... ." stays.
    (
        "byline",
        _c(
            r"(?:written|posted|published|reported|compiled|edited|words|story|photos?|"
            r"reporting)\s+by\b(?:[^.!?]|(?-i:(?<=\b[A-Z])\.)){0,60}"
        ),
    ),
    # "By Jane Doe | Updated 3:02 PM", "By Jane Doe and John Roe, Reuters".
    (
        "byline",
        _c(
            rf"(?-i:By|BY)\s+{_NAME}(?:\s*(?:and|&)\s*{_NAME})*"
            # Atomic: each tail item commits, so a long non-byline line fails fast.
            rf"(?:{_SEP}(?>{_STAMPS}|{_ROLE}|{_NAME}))*"
        ),
    ),
    # "Jane Doe | October 31, 2024".
    ("byline", _c(rf"{_NAME}{_SEP}{_STAMPS}")),
    # "Published 2 hours ago", "Updated 3:02 PM", "October 31, 2024 11:07 AM".
    ("byline", _c(_STAMPS)),
    ("counter", _c(r"\d+\s+min(?:ute)?s?\s+read")),
    # "Visited 1 times, 1 visit(s) today" (WordPress post-views counter).
    (
        "counter",
        _c(
            rf"(?:visited|viewed|read|seen)\s+{_N}\s+times?"
            rf"(?:\s*,\s*{_N}\s+visits?(?:\(s\))?\s+today)?"
        ),
    ),
    # "1,234 views", "3 comments · 12 shares", "Views: 1234".
    (
        "counter",
        _c(
            rf"{_N}\s+(?:views?|reads?|shares?|comments?|likes?|visits?|reactions?)"
            rf"(?:{_SEP}{_N}\s+(?:views?|reads?|shares?|comments?|likes?|reactions?))*"
        ),
    ),
    ("counter", _c(rf"(?:views?|reads?|shares?|comments?|likes?|visits?)\s*:\s*{_N}")),
    # "Share this:", "Share this: Twitter Facebook Email" (social share widget).
    ("counter", _c(rf"{_SOCIAL}\s*:?(?:\s*[|•·,]?\s*{_SOCIAL}\s*:?)*")),
    (
        "site_chrome",
        _c(
            r"close(?:\s+(?:search|menu|window|ad|advert(?:isement)?|dialog|popup"
            r"|overlay|banner|this|x|navigation))*"
        ),
    ),
    (
        "site_chrome",
        _c(
            r"(?:read (?:the rest|more|the full (?:story|article|report))"
            r"(?: (?:here|at [^.]{1,60}|on [^.]{1,60}))?|continue reading|keep reading)"
            r"[.:!…]*"
        ),
    ),
    (
        "site_chrome",
        _c(
            r"(?:read more|related(?: stories| articles| posts| coverage)?|see also"
            r"|also read|read also|recommended(?: stories| for you)?|more stories"
            r"|more from [\w ]{1,40}|you may also like|most read|trending(?: now)?)"
            r"(?:\s*:\s*.{0,150})?"
        ),
    ),
    (
        "site_chrome",
        _c(
            r"\(?(?:advertisement|advertising|sponsored(?: content| post)?|ad"
            r"|paid (?:post|content)|(?:story|article) continues below"
            r"(?: advertisement)?|scroll to continue(?: with content)?"
            r"|continue reading below)\)?"
        ),
    ),
    ("site_chrome", _c(r"(?:skip|jump|go) to (?:main )?(?:content|navigation|search|footer)")),
    (
        "site_chrome",
        _c(
            r"(?:subscribe|sign up|register|log ?in|sign in)(?: now| today| for free"
            r"| here)?[.!]?|newsletters?"
        ),
    ),
    ("site_chrome", _c(r"(?:subscribe|sign up|register|get)\b.{0,40}\bnewsletters?\b.{0,100}")),
    ("site_chrome", _c(r"(?:click|tap) here(?:\s+(?:to|for)\b.{0,100}|[.!]?)")),
    ("site_chrome", _c(r"(?:follow|like) us\b.{0,80}")),
    (
        "site_chrome",
        _c(
            r"(?:(?:accept|reject|allow|manage|decline)(?: all)?(?: cookies)?"
            r"|cookie (?:settings|preferences|policy|consent)"
            r"|(?:this (?:site|website) uses|we use) cookies\b.{0,250})"
        ),
    ),
    ("site_chrome", _c(r"(?:©|copyright\s*(?:©|\(c\)|\d{4})).{0,120}|all rights reserved\.?")),
    (
        "site_chrome",
        _c(
            r"(?:leave a (?:comment|reply)|post a comment|add a comment"
            r"|(?:show|view|hide) comments|comments?)"
        ),
    ),
    (
        "site_chrome",
        _c(
            r"loading(?:\.{0,3}|…)|back to top|return to top|top of page"
            r"|(?:previous|next)(?: (?:article|post|story|page))?"
        ),
    ),
    ("site_chrome", _c(r"(?:tags?|filed under|categories|topics)\s*:.{0,150}")),
    ("site_chrome", _c(r"listen to (?:this|the) (?:article|story)(?:\s*[·•|-]?\s*\d+\s+min\w*)?")),
)

# (kind, pattern) matched only in the leading and trailing runs of debris.
EDGE_PATTERNS: tuple[tuple[DebrisKind, re.Pattern[str]], ...] = (("site_chrome", _c(_SECTIONS)),)


def _match(
    line: str, patterns: tuple[tuple[DebrisKind, re.Pattern[str]], ...]
) -> DebrisKind | None:
    for kind, pattern in patterns:
        if pattern.fullmatch(line):
            return kind
    return None


def find_debris(text: str) -> tuple[Debris, ...]:
    """Return the whole lines of ``text`` that are scraper debris, in order."""
    lines: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        chunk = m.group()
        stripped = chunk.strip()
        if stripped:
            start = m.start() + (len(chunk) - len(chunk.lstrip()))
            lines.append((start, start + len(stripped)))

    kinds: list[DebrisKind | None] = []
    edge: list[DebrisKind | None] = []
    for start, end in lines:
        line = text[start:end]
        short = end - start <= MAX_DEBRIS_LINE
        kinds.append(_match(line, PATTERNS) if short else None)
        edge.append(_match(line, EDGE_PATTERNS) if short else None)

    # Extend the leading and trailing runs with the edge-only patterns.
    final = list(kinds)
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if final[i] is None:
                final[i] = edge[i]
                if final[i] is None:
                    break

    return tuple(
        Debris(start, end, text[start:end], kind)
        for (start, end), kind in zip(lines, final, strict=True)
        if kind is not None
    )


def remaining_regions(text: str, removed: tuple[Debris, ...]) -> tuple[tuple[int, int], ...]:
    """Return the half-open ranges of ``text`` left between debris, trimmed of whitespace."""
    regions: list[tuple[int, int]] = []
    cursor = 0
    for start, end in [(d.start, d.end) for d in removed] + [(len(text), len(text))]:
        a, b = cursor, start
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            regions.append((a, b))
        cursor = max(cursor, end)
    return tuple(regions)
