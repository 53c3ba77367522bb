"""Where a reported content ends, and which cue words report nothing, for the attribution
passes (service/pipeline/attribution.py)."""

from __future__ import annotations

import re

from service.pipeline import lexicon as lx
from service.pipeline import quotes as q

# "claiming his third victory", "adding to his Super Tuesday victories": a tally, not a claim.
_TALLY_VERB = re.compile(r"(?:add|claim)(?:s|ed|ing)?\Z")
_TALLY = re.compile(
    r"\s+(?:to\s+)?(?:his|her|their|its|the|a)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:victory|victories|wins?|lead|delegates|tally|total|count)\b"
)
# "came under repeated assault": an adjective after "under".
_UNDER = re.compile(r"\bunder\s+\Z", re.IGNORECASE)


def not_a_cue(norm: str, start: int, end: int) -> bool:
    """A cue word used otherwise: "better-than-expected", "think tank", "appeared in print",
    "adding to his wins", "claimed victory"."""
    if _TALLY_VERB.match(norm, start, end) and _TALLY.match(norm, end):
        return True
    if _UNDER.search(norm, max(0, start - 7), start) is not None:
        return True  # "came under repeated assault"
    if lx.SHOW.match(norm, start, end):
        return lx.DOCUMENT_BEFORE.search(norm, max(0, start - 30), start) is None
    return (
        (start > 0 and norm[start - 1] == "-")
        or norm.startswith("-", end)
        or (
            lx.NOT_CUE_AFTER.match(norm, end) is not None
            and lx.NOT_CUE_VERB.match(norm, start, end) is not None
        )
    )


def next_cue(norm: str, start: int, end: int) -> re.Match[str] | None:
    """The next cue verb in ``[start, end)``, skipping words used otherwise ("think tank")."""
    for m in lx.VERB.finditer(norm, start, end):
        if not not_a_cue(norm, m.start(), m.end("verb")):
            return m
    return None


# A trailing clause or the article's aside after a comma ends the reported content
# ("..., where he trailed", "themselves conservative, a constituency that ...", "..., with
# Republicans more restless", "..., compared with four in 10 who ...").
_CONTENT_END = re.compile(
    r",[\"']*\s+(?=(?:where|which|who|while|yet|putting|according|adding|saying|though|"
    r"although|(?P<aside>a|an|with|compared)|(?P<soft>and|but|as))\b)"
)
# A "that" content cut after this many words would leave a bare subject ("that Mrs. Clinton").
_BARE_SUBJECT = 5
_THAT_CLAUSE = re.compile(r"\s*that\s", re.IGNORECASE)


def cue_after(norm: str, start: int, end: int) -> bool:
    """Whether a cue outside quotation marks lies in ``[start, end)``."""
    at = start
    while (nxt := next_cue(norm, at, end)) is not None:
        if not q.quote_open(norm, start, nxt.start()):
            return True
        at = nxt.end()
    return False


def content_end(norm: str, start: int, end: int) -> int | None:
    """Where a trailing clause ends the content; not after a bare subject ("that the two
    men, and Mr. Cruz in particular, must do more": the aside belongs to the content)."""
    for cut in _CONTENT_END.finditer(norm, start, end):
        quoted = q.quote_open(norm, start, cut.start() + cut.group().count('"'))
        if quoted and (cut.group("aside") or norm.startswith(("who", "which"), cut.end())):
            # '"... like Mr. Smith, who is a first offender, ..."' is still quoted; 'a "nasty
            # guy," an "anchor baby"' is a list of quotes.
            continue
        that = _THAT_CLAUSE.match(norm, start, cut.start())
        head = norm[start : cut.start()]
        if cut.group("soft") and not cue_after(norm, cut.end(), end):
            # ", and" / ", but" / ", as" with no cue after: in PolNeAR the clause mostly stays
            # ("that the government tried to put me away, but a federal judge refused").
            continue
        if (
            that is None
            or len(head.split()) > _BARE_SUBJECT
            or lx.SOURCE_VERB.search(head) is not None
        ):
            return cut.start()
    return None


# A cue in a subordinate or participle clause before the main one: "After the court refused
# to ..., Gov. X blamed ...", "Three years after Republicans vowed to ..., the party has ...",
# "Having announced that ..., the judge proceeded ...". It reports up to the comma where the
# main clause begins.
_SUBORDINATE = re.compile(
    r"\b(?:[Aa]fter|[Aa]lthough|[Tt]hough|[Ww]hile|[Ww]hen|[Ww]henever|[Oo]nce|[Ss]ince|"
    r"[Bb]ecause|[Bb]efore|[Uu]ntil|[Ii]f)\s"
)
_PARTICIPLE_OPENER = re.compile(r"[\"'\s]*(?:Having|[A-Z][a-z]+ing)\s")
_MAIN_CLAUSE = re.compile(r",\s+(?=(?:the|a|an|[A-Z][\w.'’-]*)\s)")


def main_clause(norm: str, s_start: int, c0: int, start: int, end: int) -> int | None:
    """Where the main clause begins after a cue in the sentence's opening subordinate clause."""
    clause = norm.rfind(",", s_start, c0) + 1 or s_start
    opener = _PARTICIPLE_OPENER.match(norm, s_start, c0) if clause == s_start else None
    link = _SUBORDINATE.search(norm, clause, c0)
    if opener is None and (link is None or len(norm[clause : link.start()].split()) > 2):
        return None  # "... spoke Friday after Trump criticized A, the former ...": no main clause
    for comma in _MAIN_CLAUSE.finditer(norm, start, end):
        if not q.quote_open(norm, start, comma.start()):
            return comma.start()
    return None
