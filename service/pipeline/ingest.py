"""Ingest: turn what the caller sent (text or HTML, str or bytes) into an ``Ingested``.

Order matters for cost and for honest errors: decode, check the length (before
any parsing), reject binary and empty input, extract HTML, then find debris.
Text input is never altered, so every offset is valid in what the caller sent.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO, Literal

import ahocorasick

from service.errors import BinaryInput, EmptyInput, InputTooLong, UndecodableInput
from service.pipeline.debris import find_debris, remaining_regions
from service.pipeline.language import detect_language
from service.pipeline.normalise import fold
from service.pipeline.types import Ingested

__all__ = ["detect_language", "ingest", "read_bounded"]

Kind = Literal["auto", "text", "html"]

# Control characters other than the usual whitespace; a text with many is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05

_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"<(?:p|div|article|body|main|section|header|footer|h[1-6]|ul|ol|li|blockquote|table"
    r"|br)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# Tags whose end starts a new paragraph in the lxml fallback.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "article", "section", "main", "header", "footer", "aside", "nav"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dd", "dt"),
        *("blockquote", "pre", "table", "tr", "td", "th", "br", "hr", "figure", "figcaption"),
    }
)


# Byte-order marks of the encodings decoded besides UTF-8; UTF-32 first, as its
# little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(raw: bytes) -> str:
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            try:
                return raw.decode(codec)  # the codec reads and drops the mark
            except UnicodeDecodeError as exc:
                raise UndecodableInput(
                    f"input is not valid {codec.upper()}: bad bytes at offset {exc.start}"
                ) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        if _looks_utf16(raw):
            raise UndecodableInput(
                "input looks like UTF-16 without a byte-order mark: convert it to UTF-8"
            )
        raise BinaryInput(f"input is binary data: NUL byte at offset {nul}")
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        raise UndecodableInput(
            f"input is not valid UTF-8: byte 0x{raw[offset]:02x} at offset {offset}"
        ) from None


def _looks_utf16(raw: bytes) -> bool:
    """Most of the even (or odd) bytes are NUL: ASCII text written as UTF-16."""
    half = len(raw) // 2
    return half >= 4 and max(raw[0::2].count(0), raw[1::2].count(0)) >= 0.9 * half


def max_input_bytes(max_chars: int) -> int:
    """The most bytes any accepted input can take: HTML markup allowance, 4 bytes a character."""
    return max_chars * HTML_MARKUP_FACTOR * 4


def read_bounded(stream: BinaryIO, max_chars: int) -> bytes:
    """Read a file or stdin up to what an article of ``max_chars`` can take, and no further.

    A 300 MB file costs max_input_bytes (8 MB at the default limit) before the error,
    not 300 MB of memory.
    """
    limit = max_input_bytes(max_chars)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLong(
            f"input is over {limit} bytes, more than an article of {max_chars} characters can take"
        )
    return data


def _check_binary(text: str) -> None:
    surrogate = _SURROGATE.search(text)
    if surrogate:
        # Legal as a JSON escape (\ud800) but not text: it cannot be encoded or hashed.
        raise UndecodableInput(
            f"input is not valid Unicode: lone surrogate U+{ord(surrogate.group()):04X} "
            f"at offset {surrogate.start()}"
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise BinaryInput(f"input is binary data: NUL character at offset {nul}")
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise BinaryInput(
            f"input is binary data: {controls} of {len(text)} characters are control characters"
        )


_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters XML (and so lxml) refuses; they carry no text in an HTML page.
_XML_CONTROL = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]|&#0*(?:[1-8]|1[1-2]|1[4-9]|2[0-9]|3[01]|127);"
)


HTML_MARKUP_FACTOR = 20
_MIN_HIDDEN = 20
_HIDDEN = "//*[@hidden] | //template | //*[@aria-hidden='true']"


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` looks like an HTML document or fragment."""
    return bool(_HTML_START.match(text) or _HTML_BLOCK.search(text))


def _paragraphs(lines: str) -> str:
    # One paragraph per line (blank-line separated) so segmenters see the breaks.
    return "\n\n".join(" ".join(p.split()) for p in lines.splitlines() if p.strip())


def _lxml_text(html: str) -> str:
    # No lxml stubs in the dev dependencies; the few calls here are checked by the tests.
    import lxml.html
    from lxml.etree import ParserError
    from lxml_html_clean import Cleaner

    try:
        tree = lxml.html.fromstring(html)
        tree = Cleaner(scripts=True, javascript=True, style=True, comments=True).clean_html(tree)
    except (ParserError, ValueError, TypeError):
        # Hostile markup ("<a {{ b }}>", a lone comment as the root) that lxml cannot
        # rewrite holds no article text we could ground; the caller reports it as empty.
        return ""
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            # Newlines around every block, so text_content() keeps paragraphs apart.
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    body = tree.find(".//body")
    return _paragraphs((body if body is not None else tree).text_content())


def _hidden_texts(html: str) -> set[str]:
    """Texts a reader never sees ([hidden], <template>, aria-hidden), whitespace-collapsed.

    trafilatura drops display:none but keeps these; text hidden from the page's reader
    must not become claims, so these texts are cut from what was extracted.
    """
    if "hidden" not in html and "template" not in html:
        return set()
    import lxml.html
    from lxml.etree import ParserError

    try:
        hidden = lxml.html.fromstring(html).xpath(_HIDDEN)
    except (ParserError, ValueError, TypeError):
        return set()
    texts = {" ".join(e.text_content().split()) for e in hidden}
    # Short pieces ("Menu") could also be words of the visible article: leave them.
    return {t for t in texts if len(t) >= _MIN_HIDDEN}


def _cut(text: str, pieces: set[str]) -> str:
    """``text`` without any of ``pieces``: leftmost-longest matches, in one Aho-Corasick pass.

    One str.replace per piece cost pieces x text (11 s for 20,000 hidden divs).
    """
    automaton = ahocorasick.Automaton()
    for piece in pieces:
        automaton.add_word(piece, len(piece))
    automaton.make_automaton()
    kept, cursor = [], 0
    for end, length in automaton.iter_long(text):
        kept.append(text[cursor : end + 1 - length])
        cursor = end + 1
    kept.append(text[cursor:])
    return "".join(kept)


def _extract_html(html: str) -> tuple[str, str | None]:
    import trafilatura
    from trafilatura.settings import Document

    # Tables off: cell text is not prose and would reach the segmenter as run-on "sentences".
    html = _XML_CONTROL.sub("", html)
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            include_formatting=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            # Only the title is used: htmldate's extensive date search was 60% of the time
            # on a 1 MB page of 20,000 divs.
            date_extraction_params={"extensive_search": False},
        )
    except (AssertionError, ValueError, TypeError):
        # trafilatura's date search asserts on foreign-content pages ("<svg><html>");
        # the plain lxml extraction below still gets what text there is.
        doc = None
    # as_dict is off, so a result is a Document; None means nothing was extracted.
    text, title = "", None
    if isinstance(doc, Document):
        text = _paragraphs(doc.text or "")
        title = doc.title or None
    if not text:
        text = _lxml_text(html)
    if hidden := _hidden_texts(html):
        text = _paragraphs(_cut(text, hidden).replace("\n\n", "\n"))
    # trafilatura repeats the <h1> as the first paragraph; the title travels separately.
    if title and text.startswith(title) and text[len(title) : len(title) + 2] in ("", "\n\n"):
        text = text[len(title) :].lstrip("\n")
    return text, title


# trafilatura's time grows with the square of a page's elements (1 MB of "<p>ab</p>":
# 52 s of CPU); news pages have a few thousand. Counted with one regex pass, before parsing.
HTML_MAX_ELEMENTS = 15_000
_ELEMENT = re.compile(r"<[A-Za-z]")


def _check_elements(html: str) -> None:
    count = sum(1 for _ in _ELEMENT.finditer(html))
    if count > HTML_MAX_ELEMENTS:
        raise InputTooLong(
            f"the HTML page has {count} elements, over the limit of {HTML_MAX_ELEMENTS} "
            "(a news page has a few thousand)"
        )


def _check_length(text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise InputTooLong(
            f"{what} is {len(text)} characters long, over the limit of {limit} characters"
        )


def ingest(
    raw: str | bytes,
    *,
    kind: Kind = "auto",
    title: str | None = None,
    max_chars: int = 100_000,
) -> Ingested:
    """Decode, check, extract (HTML) and strip debris from an article; see the module doc."""
    text = _decode(raw) if isinstance(raw, bytes) else raw
    is_html = kind == "html" or (kind == "auto" and looks_like_html(text))
    # A news page is mostly markup: the raw page may be HTML_MARKUP_FACTOR times the
    # article limit (checked before parsing); the extracted article must fit the limit.
    _check_length(text, max_chars * HTML_MARKUP_FACTOR if is_html else max_chars, "input")
    _check_binary(text)
    if not text.strip():
        raise EmptyInput("input is empty or whitespace only")

    if is_html:
        _check_elements(text)
        text, html_title = _extract_html(text)
        if not text.strip():
            raise EmptyInput("no article text found in the HTML")
        _check_length(text, max_chars, "the article extracted from the HTML")
        title = title or html_title

    removed = find_debris(text)
    regions = remaining_regions(text, removed)
    if not regions:
        raise EmptyInput("input contains only scraper debris (bylines, counters, site chrome)")
    return Ingested(text=text, norm=fold(text), regions=regions, removed=removed, title=title)
