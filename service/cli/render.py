"""Render a FactSheet as a readable terminal sheet, with the unverified section set apart."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from schemas.factsheet import FactSheet

_STATUS_STYLE = {
    "corroborated": "bold green",
    "attributed": "cyan",
    "unverified": "bold yellow",
    "disputed": "bold red",
}


def _engine_line(sheet: FactSheet) -> Text:
    engine = sheet.engine
    line = Text(f"engine: {engine.name}", style="dim")
    if engine.model:
        line.append(f" ({engine.model})", style="dim")
    if engine.degraded:
        line.append("  DEGRADED: fallback used", style="bold red")
    line.append(f"   language: {sheet.article.language}   chars: {sheet.article.chars}", "dim")
    return line


def _claims_table(sheet: FactSheet) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("claim", ratio=4)
    table.add_column("who", ratio=1)
    table.add_column("status", no_wrap=True)
    for claim in sheet.claims:
        who = claim.claimant.text if claim.claimant else "(article)"
        cue = f"\n[dim]{claim.cue.text}[/dim]" if claim.cue else ""
        table.add_row(
            claim.id,
            Text(claim.statement),
            Text(who) + Text.from_markup(cue),
            Text(claim.status, style=_STATUS_STYLE[claim.status]),
        )
    return table


def _sources_table(sheet: FactSheet) -> Table:
    table = Table(expand=True)
    for column in ("id", "name", "type", "role", "claims"):
        table.add_column(column)
    for source in sheet.sources:
        table.add_row(
            source.id,
            Text(source.name),
            source.type,
            Text(source.role or ""),
            ", ".join(source.claim_ids),
        )
    return table


def _unverified_panel(sheet: FactSheet) -> Panel:
    statements = {c.id: c.statement for c in sheet.claims}
    lines = Text()
    for item in sheet.unverified:
        lines.append(f"{item.claim_id} ", style="bold")
        lines.append(f"[{item.status}] ", style=_STATUS_STYLE[item.status])
        lines.append(statements[item.claim_id] + "\n")
        lines.append(f"    {item.explanation}\n", style="italic")
    for note in sheet.notes:
        lines.append(f"Note ({note.kind}): ", style="bold")
        lines.append(note.text + "\n")
    if not lines.plain:
        lines.append("Nothing: every claim is attributed or corroborated.")
    return Panel(lines, title="UNVERIFIED", border_style="yellow", title_align="left")


def render(sheet: FactSheet, console: Console) -> None:
    """Print the sheet: header, summary, claims, sources, the unverified section, warnings."""
    title = sheet.article.title or "Fact sheet"
    console.print(Panel(_engine_line(sheet), title=Text(title, style="bold"), title_align="left"))
    summary = Text()
    for sentence in sheet.summary:
        summary.append(f"- {sentence.text} ", style="")
        summary.append(f"[{', '.join(sentence.support)}]\n", style="dim")
    console.print(Panel(summary or Text("(none)"), title="Summary", title_align="left"))
    if sheet.claims:
        console.print(Group(Text("Claims", style="bold"), _claims_table(sheet)))
    if sheet.sources:
        console.print(Group(Text("Sources", style="bold"), _sources_table(sheet)))
    console.print(_unverified_panel(sheet))
    for warning in sheet.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    if sheet.article.removed:
        removed = "; ".join(repr(r.text) for r in sheet.article.removed)
        console.print(Text(f"removed debris: {removed}", style="dim"))
