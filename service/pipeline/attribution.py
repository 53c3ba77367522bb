"""Attribution relations (who says what, through which cue) from compiled regex passes.

Conventions follow the PolNeAR annotations: the content keeps a leading "that"
and its quotes; the source is the whole noun phrase (appositives included); an
impersonal subject ("It is also mentioned that") gives no source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from service.pipeline import bounds as b
from service.pipeline import lexicon as lx
from service.pipeline import quotes as q
from service.pipeline.types import Attribution, Sentence, Span


def _span(
    text: str, start: int, end: int, lead: str = lx.LEAD, trail: str = lx.TRAIL
) -> Span | None:
    """Trim separators at both ends; None when nothing is left."""
    while start < end and (text[start] in lead or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in trail or text[end - 1].isspace()):
        end -= 1
    if (dangling := lx.DANGLING.search(text, start, end)) is not None:
        end = dangling.start()  # "... 88,000 according to": the cut fell inside a nested cue
    return Span(start, end, text[start:end]) if end > start else None


def _subject(text: str, norm: str, s_start: int, lo: int, cue_start: int) -> Span | None:
    """The noun phrase right before a cue, from the last clause boundary."""
    if (
        dashed := lx.DASHED_ASIDE.search(norm, max(s_start, cue_start - 300), cue_start)
    ) is not None:
        # "Lois Frankel - like Reid, a supporter of Murphy - recalled": the aside is no subject.
        inner = _subject(text, norm, s_start, lo, dashed.start())
        if inner is not None:
            return inner
    if norm[s_start:cue_start].rstrip().endswith(",") and (
        who := lx.WHO_CLAUSE.search(norm, max(s_start, cue_start - 200), cue_start)
    ):
        # "Swanson, who is a pastor in Elizabeth, Colorado, slammed": the relative clause
        # may hold commas of its own; the subject is the noun phrase before it.
        inner = _subject(text, norm, s_start, lo, who.start())
        if inner is not None:
            return inner
    bounds = [s_start] + [m.end() for m in lx.BOUNDARY.finditer(norm, s_start, cue_start)]
    start, end = bounds[-1], cue_start
    if not norm[start:cue_start].strip() and len(bounds) >= 3:
        # "Karimi, executive director of Paths to Peace, said": keep the appositive;
        # "Barkley, who said he votes Democratic, said": drop the relative clause.
        start = bounds[-3]
        if lx.RELATIVE.match(norm, bounds[-2]):
            end = bounds[-2]
    elif lx.COORDINATED.search(norm, max(start, cue_start - 6), cue_start):
        return None
    if start < lo < end:
        start = lo
    for link in lx.CLAUSE_LINK.finditer(norm, start, end):
        start = link.end()
    if (pronoun := lx.PRONOUN.search(norm, max(start, end - 6), end)) is not None:
        start = pronoun.start()
    if (lead := lx.SOURCE_LEAD.match(norm, start, end)) is not None:
        start = lead.end()
    if lx.SOURCE_VERB.search(norm, start, end) is not None:
        # "X has won a state and Cruz suggested": the subject after the last "and".
        joints = list(lx.CLAUSE_AND.finditer(norm, start, end))
        if not joints or lx.SOURCE_VERB.search(norm, joints[-1].end() - 1, end) is not None:
            return None  # a clause, not a noun phrase: the cue's subject is elsewhere
        start = joints[-1].end()
    if (tail := lx.SOURCE_TAIL.search(norm, start, end)) is not None:
        end = tail.start()
    src = _span(text, start, end, lead=lx.LEAD + "\"'", trail=lx.TRAIL)
    if src is None or len(src.text) > 160:
        return None
    if norm[src.start : src.end].lower() in lx.IMPERSONAL:
        # "It said ..." speaks for an organisation or a document; "It is mentioned" is nobody.
        active = src.text.lower() == "it" and not lx.PASSIVE.match(norm, cue_start)
        return src if active else None
    return src


@dataclass(frozen=True, slots=True)
class _Cue:
    """One cue in its sentence: what every construction below looks at."""

    text: str
    norm: str
    sents: Sequence[Sentence]
    i: int
    c0: int
    c1: int
    lo: int

    @property
    def s(self) -> Sentence:
        """The cue's sentence."""
        return self.sents[self.i]

    @property
    def span(self) -> Span:
        """The cue itself."""
        return Span(self.c0, self.c1, self.text[self.c0 : self.c1])

    @property
    def head(self) -> str:
        """The sentence before the cue."""
        return self.norm[self.s.start : self.c0]


class _NotThis:
    """A construction that does not apply to the cue: try the next one."""


_NOT_THIS = _NotThis()
_Found = Attribution | None | _NotThis


def _according_to(c: _Cue) -> _Found:
    """ "according to X, CONTENT" or "CONTENT, according to X"."""
    text, norm, s = c.text, c.norm, c.s
    if not (norm[c.c0] in "Aa" and norm.startswith("ccording", c.c0 + 1)):
        return _NOT_THIS
    comma = norm.find(",", c.c1, s.end)
    if c.head.strip(" ,") == "" or c.head.strip().lower() in {"but", "and", "yet"}:
        end = comma if comma > 0 else s.end
        return _mk(c.span, _span(text, c.c1, end), _span(text, end, s.end), [s])
    src = _span(text, c.c1, comma if comma > 0 else s.end)
    return _mk(c.span, src, _span(text, s.start, c.c0), [s])


def _as_stated(c: _Cue) -> _Found:
    """ "CONTENT, as stated in an interview with X"."""
    if (m := lx.AS_CUE.search(c.head)) is None:
        return _NOT_THIS
    s = c.s
    iv = lx.INTERVIEW.match(c.norm, c.c1, s.end)
    src = _span(c.text, iv.end(), s.end) if iv else None
    return _mk(c.span, src, _span(c.text, s.start, s.start + m.start()), [s])


def _said_after_quote(c: _Cue) -> _Found:
    """'"The plan is dead." said Tom Smith.': the cue opens the sentence after the quote."""
    text, norm, sents, i, s = c.text, c.norm, c.sents, c.i, c.s
    if c.head.strip() or lx.NAMED.match(norm, c.c1) is None:
        return _NOT_THIS
    if (prev := q.quote_before(norm, sents, i)) < 0:
        return _NOT_THIS
    nxt = b.next_cue(norm, c.c1, s.end)
    src = _span(text, c.c1, norm.rfind(",", c.c1, nxt.start()) if nxt else s.end)
    if src is None or src.text.split()[0].lower() in lx.IMPERSONAL:
        return _NOT_THIS
    k = q.extend_back(norm, sents, prev, sents[prev].end)
    content = _span(text, sents[k].start, sents[prev].end)
    return _mk(c.span, src, content, sents[k : i + 1])


def _inverted(c: _Cue) -> _Found:
    """Inverted: '"CONTENT," said X, who ... .'  The source keeps its appositive."""
    text, norm, sents, i, s = c.text, c.norm, c.sents, c.i, c.s
    h = c.head.rstrip()
    if lx.LISTENER.search(norm, c.c0, c.c1) and not h.endswith(('"', "'")):
        return _NOT_THIS  # '"...," Graham, a senator, told CBS News': CBS News only listened
    comma = norm.find(",", c.c1, s.end)
    after = norm[c.c1 : comma if comma > 0 else s.end]
    clause = _POSSESSIVE.sub("", after.partition(" who ")[0])  # "the super-PAC's creation"
    if lx.FINITE.search(clause) is not None or not (
        h.endswith((',"', ",'", "''", '?"', '!"', '."'))
        or (
            h.endswith(",")
            and len(after.split()) <= 10
            and lx.NAMED.match(norm, c.c1) is not None
            and lx.INVERTIBLE.search(norm, c.c0, c.c1) is not None
        )
    ):
        return _NOT_THIS
    k = q.extend_back(norm, sents, i, c.c0)
    nxt = b.next_cue(norm, c.c1, s.end)
    reopened = _REOPENED.search(norm, c.c1, nxt.start() if nxt else s.end)
    if reopened is not None and h.endswith((',"', ",'", "''")):
        # '"It is hard," said the senator, "because ...": one content over both halves.
        src = _span(text, c.c1, reopened.start())
        if src is None or src.text.split()[0].lower() in lx.IMPERSONAL:
            return _NOT_THIS
        j = q.extend_forward(norm, sents, i, reopened.end() - 1)
        return _mk(c.span, src, _span(text, sents[k].start, sents[j].end), sents[k : j + 1])
    src = _span(text, c.c1, norm.rfind(",", c.c1, nxt.start()) if nxt else s.end)
    if src is None or src.text.split()[0].lower() in lx.IMPERSONAL:
        return _NOT_THIS
    opens = norm[sents[k].start] in "\"'"
    j = q.trailing_quote(norm, sents, i) if opens and not nxt else i
    content = _span(text, sents[k].start, c.c0 if j == i else sents[j].end)
    return _mk(c.span, src, content, sents[k : j + 1])


_POSSESSIVE = re.compile(r"(?<=\w)'s?\b")


# A quote reopened after an inverted cue: '"It is hard," said the senator, "because ...'.
_REOPENED = re.compile(r",\s*(?:''|[\"'])")


def _passive_by(c: _Cue) -> _Found:
    """ "The move was hotly criticized by economists": the agent says, the subject is said."""
    if not lx.PASSIVE.match(c.norm, c.c0, c.c1):
        return _NOT_THIS
    if (by := lx.BY_AGENT.match(c.norm, c.c1, c.s.end)) is None:
        return _NOT_THIS
    agent = _span(c.text, by.start("agent"), by.end("agent"))
    subject = _subject(c.text, c.norm, c.s.start, c.lo, c.c0)
    if agent is None or subject is None:
        return _NOT_THIS
    return _mk(c.span, agent, subject, [c.s])


def _participle(norm: str, s_start: int, c0: int, c1: int) -> bool:
    """A participle cue after a comma: "X did Y, saying ..."."""
    return norm[s_start:c0].rstrip().endswith(",") and norm[c1 - 3 : c1] == "ing"


def _subject_of(c: _Cue) -> Span | None:
    """The cue's subject; none for a participle ("X did Y, saying ...")."""
    if _participle(c.norm, c.s.start, c.c0, c.c1):
        return None
    return _subject(c.text, c.norm, c.s.start, c.lo, c.c0)


def _main_subject(c: _Cue) -> Span | None:
    """The speaker of a participle or of a second verb ("X did Y and told Z ..."): the name
    or pronoun that opens the sentence."""
    coordinated = lx.COORDINATED.search(c.norm, max(c.s.start, c.c0 - 6), c.c0) is not None
    if not (coordinated or _participle(c.norm, c.s.start, c.c0, c.c1)):
        return None
    if (m := lx.MAIN_SUBJECT.match(c.norm, c.s.start, c.c0)) is None:
        return None
    return _span(c.text, m.start("subj"), m.end("subj"))


def _rest(c: _Cue) -> str:
    """The sentence after the cue, empty when only a listener follows it."""
    rest = c.norm[c.c1 : c.s.end].strip()
    if lx.LISTENER.search(c.norm, c.c0, c.c1) and lx.ONLY_LISTENER.match(c.norm, c.c1, c.s.end):
        return ""
    return rest


def _ends(rest: str) -> bool:
    """Nothing reported follows the cue: the content came before it."""
    trailer = lx.TRAILER.match(rest) is not None and lx.QUOTE_OR_THAT.search(rest) is None
    return not rest or rest[0] in ".!?" or trailer or lx.AFTERTHOUGHT.match(rest) is not None


def _quote_before(c: _Cue, subj: Span | None) -> _Found:
    """'"Who do they think they are?" Trump said.' split after the question mark."""
    text, norm, sents = c.text, c.norm, c.sents
    if subj is None or norm[c.s.start : subj.start].strip() or not _ends(_rest(c)):
        return _NOT_THIS
    if (prev := q.quote_before(norm, sents, c.i)) < 0:
        return _NOT_THIS
    k = q.extend_back(norm, sents, prev, sents[prev].end)
    content = _span(text, sents[k].start, sents[prev].end)
    return _mk(c.span, subj, content, sents[k : c.i + 1])


_THAT_WORD = re.compile(r"\bthat\b")


def _content_first(c: _Cue, subj: Span | None) -> _Found:
    """ "CONTENT, X said."  The content ends at the clause boundary before X."""
    if subj is None:
        return _NOT_THIS
    text, norm, sents, i, s = c.text, c.norm, c.sents, c.i, c.s
    before = norm[s.start : subj.start].rstrip()
    rest = _rest(c)
    ends = _ends(rest)
    # A short intro ("In the early 1990s, X said, ...") leaves the content after the cue.
    # With nothing reported after the cue ("The plan is dead, Smith said on Tuesday."), the
    # content is before it however short.
    intro = before.endswith(",") and len(before.split()) <= 5 and '"' not in before and not ends
    if (
        not before
        or intro
        or lx.QUOTE_NEXT.match(rest) is not None
        or not (
            not rest
            or rest[0] in ".!?"
            or before.endswith(('"', "'"))
            or (before.endswith(",") and (ends or rest[0] in ",;-("))
        )
    ):
        return _NOT_THIS
    k = q.extend_back(norm, sents, i, subj.start)
    # '"A," X told CBS News on Tuesday, when ... . "B."': nothing reported after the cue, so
    # the quote that resumes in the next sentence is still X's.
    quiet = ends or (
        before.endswith(('"', "'"))
        and _THAT_WORD.search(rest) is None
        and not q.quote_open(rest, 0, len(rest))  # 'told NBC's "Today" on Monday' is quiet
        and b.next_cue(norm, c.c1, s.end) is None
    )
    # The content opens or closes a quote: 'Still, clubs are "just scratching out a profit,"
    # Mr. Hedge said. "Golf is a razor-thin industry."' goes on with the next quote.
    quoted = norm[sents[k].start] in "\"'" or before.endswith(('"', "'"))
    j = q.trailing_quote(norm, sents, i) if quoted and quiet else i
    end = subj.start if j == i else sents[j].end
    if j == i and not ends and lx.RESUMED.match(rest):
        # "Pivoting too soon, economists say, limited the recovery": the content goes on
        # after the cue; the engine's statement leaves "economists say" out.
        end = s.end
    content = _span(text, sents[k].start, end)
    return _mk(c.span, subj, content, sents[k : j + 1])


# A short listener closed by a colon before a quote: "told Mr. Rubio: ".
_LISTENER_COLON = re.compile(r"(?:\s+[\w.'’-]+){1,4}:(?=\s*[\"'])")


def _source_first(c: _Cue, subj: Span | None) -> Attribution | None:
    """Source first: "X said (that) CONTENT"; skip a short object ("told reporters")."""
    text, norm, sents, i, s, c0, c1 = c.text, c.norm, c.sents, c.i, c.s, c.c0, c.c1
    start = c1
    listener = lx.LISTENER.search(norm, c0, c1) is not None
    obj = lx.OBJECT.match(norm, c1, s.end) if listener else None
    if listener and (colon := _LISTENER_COLON.match(norm, c1, s.end)) is not None:
        obj = colon  # "told Mr. Rubio: \"...\"": the content is the quote after the colon
    if obj is not None and not lx.THAT.match(norm, c1):
        start = obj.end()
    elif (adv := lx.ADVERBIAL.match(norm, c1, s.end)) is not None:
        # "X said in an interview Tuesday that ...": the content starts at "that".
        start = adv.end()
    j = q.extend_forward(norm, sents, i, start)
    end = sents[j].end
    first = i
    if subj is not None and _split_quote(norm, s.start, subj.start, start):
        # '"The plan," Tom Smith said, "is dead."': one content from the first half's quote
        # to the second's; the engine's statement leaves the inner cue out.
        first = q.extend_back(norm, sents, i, subj.start)
        start = sents[first].start
    if j == i and (cut := b.content_end(norm, start, end)) is not None:
        end = cut
    if norm.startswith("Asked", c0) and (comma := norm.find(",", start, end)) > 0:
        end = comma  # "Asked whether ..., Trump said ...": the question ends at the comma
    if j == i and (main := b.main_clause(norm, s.start, c0, start, end)) is not None:
        end = main
    if j == i:
        # "X insisted A, claiming B" / "X thanked A and said B": the next cue starts a relation.
        for nxt in lx.VERB.finditer(norm, start, end):
            if q.quote_open(norm, start, nxt.start()):
                continue  # "that ''I called my lenders, asked for extensions''": still quoted
            if (
                joint := lx.JOINT.search(norm, max(start, nxt.start() - 30), nxt.start())
            ) is not None:
                end = joint.start()
                break
    if j == i and end == s.end and (k := _colon_paragraph(norm, sents, i)) > i:
        # "X wrote:" closing a paragraph: the next paragraph is what X wrote; a short lead-in
        # ("wrote on Monday:") is not.
        lead = norm[start : s.end]
        if len(lead.split()) <= 4 and not lx.THAT.match(lead):
            start = sents[i + 1].start
        j, end = k, sents[k].end
    return _mk(c.span, subj, _span(text, start, end), sents[first : j + 1])


def _colon_paragraph(norm: str, sents: Sequence[Sentence], i: int) -> int:
    """Last sentence of the paragraph after sentence ``i`` when ``i`` ends a paragraph with a
    colon ("..., said that given the candidates on both sides:"), else ``i``."""
    if i + 1 >= len(sents) or not norm[sents[i].start : sents[i].end].rstrip().endswith(":"):
        return i
    if "\n" not in norm[sents[i].end : sents[i + 1].start]:
        return i
    j = i + 1
    while j + 1 < len(sents) and j - i < 8 and "\n" not in norm[sents[j].end : sents[j + 1].start]:
        j += 1
    return j


def _split_quote(norm: str, s_start: int, subj_start: int, content_start: int) -> bool:
    """A quote closed with a comma right before the subject, reopened right after the cue."""
    before = norm[s_start:subj_start].rstrip()
    reopened = lx.THAT.match(norm, content_start)
    return (
        before.endswith((',"', ",'", ",''"))
        and reopened is not None
        and "that" not in reopened.group().lower()
    )


def _one(
    text: str, norm: str, sents: Sequence[Sentence], i: int, cue: tuple[int, int], lo: int
) -> Attribution | None:
    """The relation of one cue, from the first construction that applies to it."""
    c = _Cue(text, norm, sents, i, cue[0], cue[1], lo)
    constructions = (_according_to, _as_stated, _said_after_quote, _inverted, _passive_by)
    for construction in constructions:
        if not isinstance(found := construction(c), _NotThis):
            return found
    subj = _subject_of(c)
    for with_subject in (_quote_before, _content_first):
        if not isinstance(found := with_subject(c, subj), _NotThis):
            return found
    return _source_first(c, subj or _main_subject(c) or _antecedent(c))


def _antecedent(c: _Cue) -> Span | None:
    """The speaker of "..., Franklin Graham, who has vowed ...": the name before "who"."""
    if (who := lx.WHO_BEFORE.search(c.norm, max(c.s.start, c.c0 - 12), c.c0)) is None:
        return None
    if (
        name := lx.NAME_BEFORE.search(c.norm, max(c.s.start, who.start() - 80), who.start())
    ) is None:
        return None
    return _span(c.text, name.start(), name.end())


# Contents that report nothing: the agent of a passive cue ("was nominated by Republican
# presidents", not "by raising taxes") and a short place or topic phrase after a verb
# ("noted in The Intercept", "do agree on something"), a bare object and a time.
_NO_CLAIM = re.compile(
    r"by\s+(?!\w+ing\b)|(?:in|on)\s+(?!\S*\s+that\b)(?:\S+\s+){0,6}\S+\Z"
    # a bare object and a time ("endorsed him last week")
    r"|(?:him|her|them|me|us|it)\s+(?:last|this|on|earlier|yesterday|today)\b(?:\s+\S+){0,2}\Z"
)


def _mk(
    cue: Span, source: Span | None, content: Span | None, sents: Sequence[Sentence]
) -> Attribution | None:
    """The relation, or None when the content is empty, a single character or no claim."""
    if content is None or len(content.text) < 2 or _NO_CLAIM.match(content.text):
        return None
    return Attribution(content, cue, source, tuple(x.id for x in sents))


def _headline(text: str, norm: str, sents: Sequence[Sentence], i: int) -> Attribution | None:
    """``Name: what they said`` at the start of a paragraph; the content runs to its end."""
    s = sents[i]
    m = lx.SPEAKER.match(norm, s.start, s.end)
    if m is None or m.group(1).upper() in lx.NOT_SPEAKERS or (i and norm[s.start - 1] != "\n"):
        return None
    j = i
    while j + 1 < len(sents) and "\n" not in norm[sents[j].end : sents[j + 1].start]:
        j += 1
    if not any(ch.isalpha() for ch in norm[m.end() : s.end]):
        return None  # "Pledged: 781." is a table row, not a quotation
    cue = Span(m.end(1), m.end(1) + 1, ":")
    source = _span(text, s.start, m.end(1))
    return _mk(cue, source, _span(text, m.end(), sents[j].end), sents[i : j + 1])


def _untangle(text: str, here: list[Attribution]) -> list[Attribution]:
    """Cut a source-first content where a later content-first relation's source begins."""
    out = []
    for k, a in enumerate(here):
        ends = [
            b.source.start if b.source else b.content.end
            for b in here[k + 1 :]
            if b.cue is not None
            and a.cue is not None
            and b.content.end <= b.cue.start < a.content.end
            and b.content.start <= a.cue.start
        ]
        if a.cue is not None and a.content.start >= a.cue.end and ends:
            cut = _span(text, a.content.start, min(ends))
            if cut is None:
                continue
            a = Attribution(cut, a.cue, a.source, a.sentence_ids)
        out.append(a)
    return out


# Bounds that keep the cue stage linear in the article length (docs/reliability.md): a
# sentence longer than LONG_SENTENCE is seen by each cue through a window of WINDOW
# characters either side of it, and at most MAX_CUES cues are analysed per sentence
# (PolNeAR's busiest sentence has 5). Ordinary sentences are untouched by either.
LONG_SENTENCE = 2000
WINDOW = 600
MAX_CUES = 40


class _Windowed(Sequence[Sentence]):
    """The sentences, with sentence ``i`` narrowed to the window around one cue."""

    def __init__(self, sents: Sequence[Sentence], i: int, window: Sentence) -> None:
        self._sents, self._i, self._window = sents, i, window

    def __len__(self) -> int:
        return len(self._sents)

    @overload
    def __getitem__(self, k: int) -> Sentence: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[Sentence]: ...
    def __getitem__(self, k: int | slice) -> Sentence | Sequence[Sentence]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        return self._window if k in (self._i, self._i - len(self._sents)) else self._sents[k]


def _around(
    text: str, norm: str, sents: Sequence[Sentence], i: int, cue: tuple[int, int]
) -> Sequence[Sentence]:
    """``sents`` as the cue should see them: a long sentence cut to a window at word breaks."""
    s = sents[i]
    if s.end - s.start <= LONG_SENTENCE:
        return sents
    start, end = max(s.start, cue[0] - WINDOW), min(s.end, cue[1] + WINDOW)
    # Cut at spaces so no word is split (a window without one keeps its raw edge).
    if start > s.start and (space := norm.find(" ", start, cue[0])) >= 0:
        start = space + 1
    if end < s.end and (space := norm.rfind(" ", cue[1], end)) >= 0:
        end = space
    return _Windowed(sents, i, Sentence(s.id, start, end, text[start:end]))


def find_attributions(text: str, norm: str, sentences: Sequence[Sentence]) -> list[Attribution]:
    """Attributions found by cue verbs and phrases, in reading order."""
    out = []
    para, scanned, marks = -1, 0, q.QuoteMarks(norm, 0, 0)
    for i, s in enumerate(sentences):
        here: list[Attribution] = []
        lo = s.start
        # The paragraph start: a newline since the previous sentence starts a new one (each
        # character is looked at once over the whole loop).
        start = norm.rfind("\n", scanned, s.start) + 1 or max(para, 0)
        scanned = s.start
        if start != para:
            para, marks = start, q.QuoteMarks(norm, start, _paragraph_end(norm, start))
        if (h := _headline(text, norm, sentences, i)) is not None:
            here.append(h)
        analysed = 0
        for m in lx.VERB.finditer(norm, s.start, s.end):
            verb, particle = m.group("verb"), m.group("particle")
            # PolNeAR keeps "in a statement" in the cue (40 of 61 in train).
            keep = particle in lx.PARTICLES_OF.get(verb.lower(), ()) or "statement" in (
                particle or ""
            )
            end = m.end() if keep else m.end("verb")
            if end == m.end("verb") and verb.lower() in lx.NEEDS_PARTICLE:
                continue
            # A cue inside a quotation is the quoted speaker's words, not a new relation.
            if (
                b.not_a_cue(norm, m.start(), m.end("verb"))
                or marks.open_at(m.start())
                or lx.NOUN_BEFORE.search(norm, max(s.start, m.start() - 8), m.start())
                or (
                    verb == "called"
                    and lx.NAMING.search(norm, max(s.start, m.start() - 40), m.start())
                )
            ):
                continue
            analysed += 1
            if analysed > MAX_CUES:
                break
            mods = lx.MODS.search(norm, max(lo, m.start() - 40), m.start())
            cue = (mods.start() if mods else m.start(), end)
            seen = _around(text, norm, sentences, i, cue)
            low = max(lo, seen[i].start)
            a = None
            if not keep and particle in lx.TOPIC:
                # "X complained about Y" keeps "about"; '"...," X said of Y' does not.
                a = _one(text, norm, seen, i, (cue[0], m.end()), low)
                a = a if a is not None and a.content.start > cue[0] else None
            a = a or _one(text, norm, seen, i, cue, low)
            if a is not None:
                here.append(_carry_speaker(norm, s, cue, a, here))
            lo = end
        out.extend(_one_per_claim(_untangle(text, here)))
    return q.outermost(out)


def _paragraph_end(norm: str, start: int) -> int:
    end = norm.find("\n", start)
    return len(norm) if end < 0 else end


def _carry_speaker(
    norm: str,
    s: Sentence,
    cue: tuple[int, int],
    a: Attribution,
    here: Sequence[Attribution],
) -> Attribution:
    """The speaker a relation inherits from the relation before it.

    "He criticized X and said ...", "X said A, adding B", "X said A, who also said B": the
    sentence's previous speaker.
    """
    if not here:
        return a
    who = lx.WHO_BEFORE.search(norm, max(s.start, cue[0] - 12), cue[0])
    previous = here[-1].source
    if who is not None and a.source is not None:
        # "..., said Ann Lee, a lawyer, who also said": the source runs up to "who".
        if previous is None or previous.end < who.start() - 3:
            return a
    elif not (
        lx.COORDINATED.search(norm, max(0, cue[0] - 5), cue[0])
        or _participle(norm, s.start, cue[0], cue[1])
        or who is not None
    ):
        return a
    return Attribution(a.content, a.cue, previous, a.sentence_ids)


def _one_per_claim(here: list[Attribution]) -> list[Attribution]:
    """Drop a content-first relation whose content holds a whole other relation of the
    sentence ("X noted A, rising to B according to data"): one claim per attribution."""
    return [
        a
        for a in here
        if a.cue is None
        or a.content.end > a.cue.start
        or not any(
            b is not a
            and b.cue is not None
            and b.source is not None
            and a.content.start <= b.source.start
            and b.cue.end <= a.content.end
            and b.content.start < a.content.end
            for b in here
        )
    ]
