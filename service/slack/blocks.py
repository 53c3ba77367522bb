"""Render a FactSheet as Slack Block Kit, within Slack's limits, with article text kept inert."""

from __future__ import annotations

from typing import Any

from schemas.factsheet import Claim, FactSheet
from service.slack.text import fit, mrkdwn

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
# One line of a packed list; short enough that a section holds several.
MAX_LINE = 600
MAX_STATEMENT = 1200

DEGRADED_NOTE = (
    ":warning: The language model was unavailable: this sheet comes from the extractive fallback."
)

_STATUS_ICON = {
    "corroborated": ":white_check_mark:",
    "attributed": ":speech_balloon:",
    "unverified": ":grey_question:",
    "disputed": ":heavy_exclamation_mark:",
}


def _section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def _reasons(reasons: list[str]) -> str:
    return ", ".join(reason.replace("_", " ") for reason in reasons)


def _packed(title: str, lines: list[str], label: str, max_sections: int) -> list[Block]:
    """Pack pre-fitted lines into at most max_sections sections, then say how many were left."""
    sections: list[str] = [title]
    shown = 0
    for line in lines:
        if len(sections[-1]) + 1 + len(line) <= MAX_SECTION:
            sections[-1] += "\n" + line
        elif len(sections) < max_sections:
            sections.append(line)
        else:
            break
        shown += 1
    blocks = [_section(text) for text in sections]
    if shown < len(lines):
        blocks.append(_context(f"…and {len(lines) - shown} more {label}"))
    return blocks


def _header(sheet: FactSheet) -> Block:
    title = sheet.article.title
    text = fit(f"Fact sheet: {title}", MAX_HEADER) if title else "Fact sheet"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": False}}


def _meta(sheet: FactSheet) -> list[Block]:
    counts = (
        f"Engine: {sheet.engine.name} · {len(sheet.claims)} claims · "
        f"{len(sheet.sources)} sources · {len(sheet.unverified)} unverified · "
        f"id {sheet.id[:12]}"
    )
    blocks = [_context(counts)]
    lines = [fit(warning, MAX_LINE) for warning in sheet.warnings]
    if sheet.engine.degraded:
        # Said first so a reader knows this sheet is the fallback's, not the model's.
        lines.insert(0, DEGRADED_NOTE)
    while len("\n".join(lines)) > MAX_SECTION:
        lines.pop()
    if lines:
        blocks.append(_context("\n".join(lines)))
    return blocks


def _summary(sheet: FactSheet) -> Block:
    body = " ".join(sentence.text for sentence in sheet.summary) or "No summary."
    return _section("*Summary*\n" + fit(body, MAX_SECTION - 12))


def _claim(claim: Claim) -> Block:
    who = fit(claim.claimant.text, 200) if claim.claimant else "the article itself"
    head = f"*{claim.id}* {_STATUS_ICON[claim.status]} *{claim.status}* · claimant: _{who}_"
    return _section(head + "\n" + fit(claim.statement, MAX_STATEMENT))


def _claims(sheet: FactSheet, room: int) -> list[Block]:
    if not sheet.claims:
        return [_section("*Claims*\nNo claims found.")]
    shown = sheet.claims[: max(room, 1)]
    blocks = [_section("*Claims*"), *(_claim(claim) for claim in shown)]
    if len(shown) < len(sheet.claims):
        blocks.append(_context(f"…and {len(sheet.claims) - len(shown)} more claims"))
    return blocks


def _sources(sheet: FactSheet) -> list[Block]:
    lines = []
    for source in sheet.sources:
        role = f", {source.role}" if source.role else ""
        claims = ", ".join(source.claim_ids) or "no claims"
        lines.append(fit(f"• {source.name} ({source.type}{role}): ", MAX_LINE - 200) + claims[:200])
    if not lines:
        return [_section("*Sources*\nNo named sources.")]
    return _packed("*Sources*", lines, "sources", max_sections=2)


def _unverified(sheet: FactSheet) -> list[Block]:
    statements = {claim.id: claim.statement for claim in sheet.claims}
    lines = []
    for item in sheet.unverified:
        statement = fit(statements.get(item.claim_id, ""), 250)
        detail = fit(f"{item.explanation} ({_reasons(list(item.reasons))})", 300)
        lines.append(f"• *{item.claim_id}* _{item.status}_: {statement}\n   ↳ {detail}")
    lines += [fit(f"Note ({note.kind}): {note.text}", 500) for note in sheet.notes]
    title = f"*:warning: UNVERIFIED ({len(sheet.unverified)})*"
    if not lines:
        return [_section(title + "\nNothing: every claim is attributed or corroborated.")]
    return _packed(title, lines, "unverified items", max_sections=4)


def _review_button(url: str) -> Block:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "Open review page", "emoji": False},
        "url": url,
        "action_id": "open_review_page",
    }
    return {"type": "actions", "elements": [button]}


def factsheet_blocks(sheet: FactSheet, *, review_url: str | None = None) -> list[Block]:
    """Return the Block Kit blocks of a sheet: at most 50, every text within Slack's limits."""
    head = [_header(sheet), *_meta(sheet), _summary(sheet), {"type": "divider"}]
    if review_url:
        head.insert(len(head) - 2, _review_button(review_url))
    tail = [{"type": "divider"}, *_sources(sheet), {"type": "divider"}, *_unverified(sheet)]
    # The claims get what the other parts leave: their heading and the "more" note included.
    room = MAX_BLOCKS - len(head) - len(tail) - 2
    return head + _claims(sheet, room) + tail


def fallback_text(sheet: FactSheet) -> str:
    """Return the notification text; built from counts only, so no article text is parsed."""
    return (
        f"Fact sheet: {len(sheet.claims)} claims, {len(sheet.sources)} sources, "
        f"{len(sheet.unverified)} unverified"
    )


def sheet_message(sheet: FactSheet, *, review_url: str | None = None) -> dict[str, Any]:
    """Return the message payload (text, blocks, no unfurling) for respond or chat.postMessage."""
    return {
        "text": fallback_text(sheet),
        "blocks": factsheet_blocks(sheet, review_url=review_url),
        "unfurl_links": False,
        "unfurl_media": False,
    }
