"""The Markdown version of a sheet, for pasting into a CMS or a ticket.

Article text is escaped so that nothing in it becomes a link, an image, HTML or a heading
when the Markdown is rendered: a hostile article stays plain text.
"""

from __future__ import annotations

import re

from schemas.factsheet import FactSheet
from service.review.render import REASON_TEXT

# Every character CommonMark gives a meaning to, plus the HTML ones.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """Escape `text` for inline Markdown: one line, no active syntax, no raw HTML."""
    flat = " ".join(text.split())
    flat = "".join(_HTML.get(ch, ch) for ch in flat)
    return _SPECIAL.sub(r"\\\1", flat)


def to_markdown(sheet: FactSheet, *, link: str | None = None) -> str:
    """Render the sheet as Markdown: summary, claims, sources, unverified, warnings."""
    title = escape(sheet.article.title) if sheet.article.title else "Fact sheet"
    engine = sheet.engine.name + (f" ({escape(sheet.engine.model)})" if sheet.engine.model else "")
    lines = [f"# {title}", ""]
    meta = f"Engine: {engine}" + (" — degraded (fallback)" if sheet.engine.degraded else "")
    lines += [meta + f" · {len(sheet.claims)} claims · sheet `{sheet.id[:12]}`", ""]
    if link:
        lines += [f"Review page: <{link}>", ""]
    lines += ["## Summary", ""]
    lines += [f"- {escape(s.text)} ({', '.join(s.support)})" for s in sheet.summary] or ["- none"]
    lines += ["", "## Unverified", ""]
    statements = {claim.id: claim.statement for claim in sheet.claims}
    for item in sheet.unverified:
        statement = escape(statements.get(item.claim_id, ""))
        why = escape(item.explanation)
        lines.append(f"- **{item.claim_id}** ({item.status}): {statement} — {why}")
    if not sheet.unverified:
        lines.append("- nothing: every claim is attributed or corroborated")
    lines += ["", "## Claims", ""]
    for claim in sheet.claims:
        who = escape(claim.claimant.text) if claim.claimant else "the article itself"
        cue = f" ({escape(claim.cue.text)})" if claim.cue else ""
        reasons = ", ".join(REASON_TEXT[r] for r in claim.reasons) or "no reason given"
        evidence = ", ".join(e.sentence_id for e in claim.evidence)
        lines.append(f"- **{claim.id}** [{claim.status}] {escape(claim.statement)}")
        lines.append(f"  - claimant: {who}{cue}; reasons: {reasons}; evidence: {evidence}")
    if not sheet.claims:
        lines.append("- none")
    lines += ["", "## Sources", ""]
    for source in sheet.sources:
        role = f", {escape(source.role)}" if source.role else ""
        claims = ", ".join(source.claim_ids) or "no claims"
        lines.append(f"- {escape(source.name)} ({source.type}{role}): {claims}")
    if not sheet.sources:
        lines.append("- none")
    if sheet.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {escape(warning)}" for warning in sheet.warnings]
    return "\n".join(lines) + "\n"
