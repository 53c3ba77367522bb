"""Attribution relations (who says what, through which cue) from compiled regex passes.

Conventions follow the PolNeAR annotations: the content keeps a leading "that"
and its quotes; the source is the whole noun phrase (appositives included); an
impersonal subject ("It is also mentioned that") gives no source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

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
        return None  # a clause, not a noun phrase: the cue's subject is elsewhere
    if (tail := lx.SOURCE_TAIL.search(norm, start, end)) is not None:
        end = tail.start()
    src = _span(text, start, end, lead=lx.LEAD + "\"'", trail=lx.TRAIL)
    if src is None or len(src.text) > 160 or norm[src.start : src.end].lower() in lx.IMPERSONAL:
        return None
    return src


def _one(
    text: str, norm: str, sents: Sequence[Sentence], i: int, cue: tuple[int, int], lo: int
) -> Attribution | None:
    s = sents[i]
    c0, c1 = cue
    cue_span = Span(c0, c1, text[c0:c1])
    head = norm[s.start : c0]
    if norm[c0] in "Aa" and norm.startswith("ccording", c0 + 1):
        # "according to X, CONTENT" or "CONTENT, according to X"
        comma = norm.find(",", c1, s.end)
        if head.strip(" ,") == "" or head.strip().lower() in {"but", "and", "yet"}:
            end = comma if comma > 0 else s.end
            return _mk(cue_span, _span(text, c1, end), _span(text, end, s.end), [s])
        src = _span(text, c1, comma if comma > 0 else s.end)
        return _mk(cue_span, src, _span(text, s.start, c0), [s])
    if (m := lx.AS_CUE.search(head)) is not None:
        # "CONTENT, as stated in an interview with X"
        lo = s.start + m.start()
        iv = lx.INTERVIEW.match(norm, c1, s.end)
        src = _span(text, iv.end(), s.end) if iv else None
        return _mk(cue_span, src, _span(text, s.start, lo), [s])
    tail = norm[c1 : s.end]
    h = head.rstrip()
    comma = norm.find(",", c1, s.end)
    after = norm[c1 : comma if comma > 0 else s.end]
    if lx.FINITE.search(after.partition(" who ")[0]) is None and (
        h.endswith((',"', ",'", "''", '?"', '!"'))
        or (h.endswith(",") and len(after.split()) <= 10 and lx.NAMED.match(norm, c1) is not None)
    ):
        # Inverted: "CONTENT," said X, who ... .  The source keeps its appositive.
        k = q.extend_back(norm, sents, i, c0)
        nxt = lx.VERB.search(norm, c1, s.end)
        src = _span(text, c1, norm.rfind(",", c1, nxt.start()) if nxt else s.end)
        if src is not None and src.text.split()[0].lower() not in lx.IMPERSONAL:
            j = q.trailing_quote(norm, sents, i) if norm[s.start] in "\"'" and not nxt else i
            content = _span(text, sents[k].start, c0 if j == i else sents[j].end)
            return _mk(cue_span, src, content, sents[k : j + 1])
    if lx.PASSIVE.match(norm, c0, c1) and (by := lx.BY_AGENT.match(norm, c1, s.end)) is not None:
        # "The move was hotly criticized by economists": the agent says, the subject is said.
        agent = _span(text, by.start("agent"), by.end("agent"))
        subject = _subject(text, norm, s.start, lo, c0)
        if agent is not None and subject is not None:
            return _mk(cue_span, agent, subject, [s])
    # "X did Y, saying ...": the participle's speaker is the clause's subject, which
    # find_attributions borrows from the previous relation of the sentence.
    participle = h.endswith(",") and norm[c1 - 3 : c1] == "ing"
    subj = None if participle else _subject(text, norm, s.start, lo, c0)
    rest = tail.strip()
    if lx.LISTENER.search(norm, c0, c1) and lx.ONLY_LISTENER.match(norm, c1, s.end):
        rest = ""
    before = norm[s.start : subj.start].rstrip() if subj else ""
    # A short intro ("In the early 1990s, X said, ...") leaves the content after the cue.
    intro = before.endswith(",") and len(before.split()) <= 5 and '"' not in before
    trailer = lx.TRAILER.match(rest) is not None and lx.QUOTE_OR_THAT.search(rest) is None
    ends = not rest or rest[0] in ".!?" or trailer or lx.AFTERTHOUGHT.match(rest) is not None
    quote_next = lx.QUOTE_NEXT.match(rest) is not None
    if subj is not None and not before and ends and (prev := q.quote_before(norm, sents, i)) >= 0:
        # '"Who do they think they are?" Trump said.' split after the question mark.
        k = q.extend_back(norm, sents, prev, sents[prev].end)
        content = _span(text, sents[k].start, sents[prev].end)
        return _mk(cue_span, subj, content, sents[k : i + 1])
    if (
        before
        and not intro
        and not quote_next
        and (
            not rest
            or rest[0] in ".!?"
            or before.endswith(('"', "'"))
            or (before.endswith(",") and (ends or rest[0] in ",;-("))
        )
    ):
        # "CONTENT, X said."  The content ends at the clause boundary before X.
        assert subj is not None  # noqa: S101 (``before`` is only set with a subject)
        k = q.extend_back(norm, sents, i, subj.start)
        j = q.trailing_quote(norm, sents, i) if norm[s.start] in "\"'" and ends else i
        content = _span(text, sents[k].start, subj.start if j == i else sents[j].end)
        return _mk(cue_span, subj, content, sents[k : j + 1])
    # Source first: "X said (that) CONTENT"; skip a short object ("told reporters").
    start = c1
    obj = lx.OBJECT.match(norm, c1, s.end) if lx.LISTENER.search(norm, c0, c1) else None
    if obj is not None and not lx.THAT.match(norm, c1):
        start = obj.end()
    elif (adv := lx.ADVERBIAL.match(norm, c1, s.end)) is not None:
        # "X said in an interview Tuesday that ...": the content starts at "that".
        start = adv.end()
    j = q.extend_forward(norm, sents, i, start)
    end = sents[j].end
    if j == i and (cut := lx.CONTENT_END.search(norm, start, end)) is not None:
        end = cut.start()
    if norm.startswith("Asked", c0) and (comma := norm.find(",", start, end)) > 0:
        end = comma  # "Asked whether ..., Trump said ...": the question ends at the comma
    if j == i:
        # "X insisted A, claiming B" / "X thanked A and said B": the next cue starts a relation.
        for nxt in lx.VERB.finditer(norm, start, end):
            if (
                joint := lx.JOINT.search(norm, max(start, nxt.start() - 30), nxt.start())
            ) is not None:
                end = joint.start()
                break
    return _mk(cue_span, subj, _span(text, start, end), sents[i : j + 1])


def _mk(
    cue: Span, source: Span | None, content: Span | None, sents: Sequence[Sentence]
) -> Attribution | None:
    """The relation, or None when the content is empty or a single character."""
    if content is None or len(content.text) < 2:
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
                marks.open_at(m.start())
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
                if (
                    a.source is None
                    and here
                    and lx.COORDINATED.search(norm, max(0, cue[0] - 5), cue[0])
                ):
                    # "He criticized X and said ...": the same speaker.
                    a = Attribution(a.content, a.cue, here[-1].source, a.sentence_ids)
                here.append(a)
            lo = end
        out.extend(_untangle(text, here))
    return q.outermost(out)


def _paragraph_end(norm: str, start: int) -> int:
    end = norm.find("\n", start)
    return len(norm) if end < 0 else end
