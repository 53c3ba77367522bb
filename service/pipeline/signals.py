"""Per-sentence signals that a claim is not established: hedges, speculation, denials,
anonymous sources and explicit non-confirmation, each as spans of the cue words."""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from service.pipeline.types import Sentence, SentenceSignals, Span

# "could" is a hedge ("it could rain"), "could not" and "could barely" a plain past
# (in)ability ("he could not attend", "I could barely stop grinning"); "likely voters"
# names a group and "the unlikely alternative" describes one: neither hedges anything.
_HEDGES = (
    r"allegedly|reportedly|purportedly|supposedly|apparently|possibly|potentially|"
    r"presumably|(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\band\s)(?:un)?likely"
    r"(?!\s+(?:(?:republican|democratic|gop)\s+)?(?:voters|caucus))|might|could(?!\s+not\b|\s+never\b|n't|\s+(?:barely|hardly|scarcely)\b)|"
    # "no one may solicit votes": a rule's permission, not a hedge.
    r"(?<!\bno\sone\s)(?<!\bnobody\s)(?<!\bnone\s)may|"
    r"(?:it\s+is|it's|is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|understood)|"
    r"(?:is|are|was|were)\s+(?:widely\s+)?(?:said|reported|expected)\s+to|"
    r"appear(?:s|ed)?\s+to|seem(?:s|ed)?|seemingly|suggesting|suggests|rumou?red|alleged|probably|"
    r"perhaps|maybe"
)
_SPECULATION = (
    r"(?:there\s+is|there's|there\s+has\s+been)\s+(?:\w+\s+)?speculation|"
    r"leading\s+to\s+speculation|speculation|speculated|speculating|speculates|conjecture|"
    r"(?:it\s+is|it's|it\s+was|it\s+would\s+be)\s+(?:possible|conceivable|plausible)|"
    r"wonder(?:s|ed|ing)?\s+(?:if|whether|why)|(?:nobody|no\s+one)\s+(?:yet\s+|really\s+)?knows"
)
_DENIALS = (
    r"denied|denies|deny|denying|"
    r"reject(?:ed|s|ing)?\s+(?:the\s+|that\s+|any\s+|those\s+|these\s+)?(?:claim|allegation|report|"
    r"notion|idea|suggestion|premise|characterization|assertion|accusation|charge)s?|"
    r"push(?:ed|es|ing)?\s+back|"
    r"dismissed\s+(?:[\w'-]+\s+){0,6}?as|no\s+evidence|no\s+proof|unfounded|"
    r"without\s+(?:any\s+)?(?:evidence|proof)|(?:is|was|are|were)\s+false|"
    r"falsely|refuted|refuting|refutes|disputed|disputes|contradicted|contradicts|"
    r"contradicting|rebutted|rebutting|rebuts|debunked|misrepresent(?:ed|s|ing)?|"
    r"(?:is|was|are|were)\s+(?:not\s+true|untrue|baseless|inaccurate|wrong)|"
    r"a\s+hoax|hoax|lies|fabricated|fabrication|bogus|categorically"
)
_ANONYMOUS = (
    r"(?:sources?|officials?|insiders?|people|persons?)\s+(?:familiar|close|with\s+knowledge)|"
    r"(?:a|one|another|the)\s+source|sources\s+(?:said|say|says|told)|"
    r"according\s+to\s+(?:(?:numerous|multiple|several|many|various|other|some|two|three)\s+)?"
    r"(?:[a-z-]+\s+)?(?:sources|people|aides|officials|insiders|staffers|allies|democrats|"
    r"republicans|witnesses|advisers|associates)|"
    r"a\s+person\s+familiar\s+with|on\s+(?:the\s+)?condition\s+of\s+anonymity|"
    r"who\s+(?:spoke|asked)\s+(?:on\s+condition\s+of\s+|not\s+to\s+be\s+)|anonymous(?:ly)?|"
    r"an\s+official\s+who|insiders|unnamed|privately|off\s+the\s+record|"
    r"(?:not|n't)\s+authorized\s+to\s+(?:speak|discuss|comment)|"
    r"declined\s+to\s+be\s+(?:named|identified)|(?:requested|granted)\s+anonymity"
)
_NO_CONFIRMATION = (
    r"no\s+(?:official\s+)?confirmation|not\s+(?:been\s+)?(?:independently\s+)?"
    r"(?:confirmed|verified)|could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:confirm|verif)\w*|"
    r"cannot\s+be\s+(?:independently\s+)?(?:confirmed|verified)|unconfirmed|unverified|"
    r"no\s+(?:official\s+)?(?:[\w-]+\s+){0,3}?(?:or\s+)?verifiable\s+\w+|"
    r"(?:has|have)\s+not\s+been\s+(?:officially\s+)?(?:confirmed|verified)|"
    r"(?:declined|refused|would\s+not|wouldn't|did\s+not|didn't|does\s+not|doesn't|"
    r"has\s+not|hasn't|have\s+not|haven't|was\s+unable|were\s+unable|unable)\s+"
    r"(?:to\s+)?(?:independently\s+|publicly\s+|immediately\s+)?"
    r"(?:confirm|verify|corroborate|authenticate)\w*"
)
# Most specific first: at one position the first kind that matches wins, so
# "could not be verified" is a non-confirmation rather than the hedge "could".
_KINDS = {
    "no_confirmation": _NO_CONFIRMATION,
    "speculation": _SPECULATION,
    "denials": _DENIALS,
    "anonymous": _ANONYMOUS,
    "hedges": _HEDGES,
}
# One case-sensitive pass over an ASCII-lowered copy of the text for all kinds:
# about 4x faster than re.IGNORECASE, and the copy keeps every offset.
_SIGNAL = re.compile(
    r"(?=[a-z])\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _KINDS.items()) + r")\b"
)
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _matches(norm: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every signal in norm[lo:hi], looking through invisible characters.

    A zero-width space or soft hyphen inside "allegedly" hides the hedge from a regex
    but not from a reader, so such text is scanned with them removed and the matches
    mapped back to the original offsets.
    """
    lowered = norm.translate(_LOWER)
    if _INVISIBLE.search(lowered, lo, hi) is None:
        for m in _SIGNAL.finditer(lowered, lo, hi):
            yield m.start(), m.end(), str(m.lastgroup)
        return
    kept = [i for i in range(lo, hi) if not _INVISIBLE.match(lowered, i)]
    visible = "".join(lowered[i] for i in kept)
    for m in _SIGNAL.finditer(visible):
        yield kept[m.start()], kept[m.end() - 1] + 1, str(m.lastgroup)


def find_signals(text: str, norm: str, sentences: Sequence[Sentence]) -> dict[str, SentenceSignals]:
    """Signals per sentence id; every sentence gets an entry, empty when nothing is found."""
    result = {s.id: SentenceSignals() for s in sentences}
    if not sentences:
        return result
    starts = [s.start for s in sentences]
    lo, hi = sentences[0].start, sentences[-1].end
    for start, end, kind in _matches(norm, lo, hi):
        k = bisect_right(starts, start) - 1
        if k < 0 or end > sentences[k].end:
            continue
        span = Span(start, end, text[start:end])
        if span.text == "May":
            continue  # the month ("in May", "May 5") or a name, not the modal
        sig = result[sentences[k].id]
        if kind == "no_confirmation" and span.text.lower() == "unconfirmed":
            sig.hedges.append(span)  # both a hedge and an explicit non-confirmation
        getattr(sig, kind).append(span)
    return result
