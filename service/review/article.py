"""The article's markup: the pieces of `render` as escaped HTML, whitespace kept exactly.

Built here rather than in a template because the text sits in a `white-space: pre-wrap`
block, where template whitespace would change what the reader sees. Every character of the
article goes through `escape`; ids and statuses come from the contract's closed sets.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from service.review.render import Piece, Run


def _sid(run: Run) -> str:
    if run.sentence is None:
        return ""
    sid = escape(run.sentence)
    return f'<span class="sid" id="sent-{sid}" data-sid="{sid}">{sid}</span>'


def _run(run: Run, *, sid: bool = True) -> str:
    html = str(escape(run.text))
    if run.cue_of:
        html = f'<span class="cue" data-for="{escape(run.cue_of[0])}">{html}</span>'
    if run.sources:
        html = f'<span class="mention" data-source="{escape(" ".join(run.sources))}">{html}</span>'
    if run.claimant_of:
        who = escape(run.claimant_of[0])
        html = f'<strong class="claimant" data-for="{who}">{html}</strong>'
    if run.removed is not None:
        tag = (
            f'<span class="removed-tag">[removed {escape(run.removed.replace("_", " "))}]</span>'
            if run.removed_start
            else ""
        )
        kind = escape(run.removed)
        html = f'<span class="removed" data-kind="{kind}">{tag}<del>{html}</del></span>'
    return (_sid(run) if sid else "") + html


def _piece(piece: Piece) -> str:
    claim = piece.claim
    if claim is None:
        return "".join(_run(run) for run in piece.runs)
    # A sentence starting where a highlight starts gets its id before the highlight.
    head = piece.runs[0] if piece.runs else None
    body = "".join(_run(run, sid=run is not head) for run in piece.runs)
    cid = escape(claim.id)
    attrs = f'class="hl st-{claim.status}" data-claim="{cid}" data-status="{claim.status}"'
    source = claim.claimant.source_id if claim.claimant else ""
    attrs += f' data-source="{escape(source)}"'
    before = _sid(head) if head is not None else ""
    if not piece.first:
        return before + f'<mark {attrs} data-part="more">{body}</mark>'
    label = f"{escape(claim.id)} {claim.status}"
    return before + (
        f'<mark {attrs} id="hl-{escape(claim.id)}" tabindex="0" role="button" '
        f'aria-controls="card-{escape(claim.id)}">'
        f'<span class="tag">{label}</span>{body}</mark>'
    )


def article_html(pieces: tuple[Piece, ...] | list[Piece]) -> Markup:
    """The article as HTML: highlights, cues, claimants, mentions, debris and sentence ids."""
    return Markup("".join(_piece(piece) for piece in pieces))  # noqa: S704 (escaped above)
