"""`factsheet eval editor`: score the extractive engine on a directory of editor gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.eval.editor import (
    EditorDoc,
    PredictedClaim,
    check_floors,
    format_errors,
    format_table,
    load_dir,
    score,
)
from service.pipeline.run import extractive_sheet, prepare

err = Console(stderr=True)


def predicted_claims(sheet: FactSheet) -> list[PredictedClaim]:
    """Every claim of a sheet, with its source's name and type."""
    sources = {s.id: s for s in sheet.sources}
    claims = []
    for c in sheet.claims:
        source = sources[c.claimant.source_id] if c.claimant is not None else None
        claims.append(
            PredictedClaim(
                content=(c.content.start, c.content.end),
                claimant=source.name if source is not None else None,
                source_type=source.type if source is not None else None,
                status=c.status,
                text=c.content.text,
            )
        )
    return claims


def extractive_predictions(docs: list[EditorDoc]) -> list[list[PredictedClaim]]:
    """Build each article's extractive sheet the way `eval polnear` does."""
    # PolNeAR articles can hold more attributions than the default cap on claims.
    options = Options(engine="extractive", max_claims=200)
    return [
        predicted_claims(
            extractive_sheet(prepare(doc.text, kind="text", max_chars=10_000_000), options)
        )
        for doc in docs
    ]


def eval_editor(
    directory: Annotated[
        Path, typer.Argument(help="A directory of *.editor.yaml, e.g. ../shared/editor-gold/dev.")
    ],
    floors: Annotated[
        Path | None,
        typer.Option(help="TOML of minimum (maximum for over-trust and false corroborated)."),
    ] = None,
    polnear: Annotated[
        Path | None,
        typer.Option(help="PolNeAR root holding <split>/text/ (default: ../polnear beside DIR)."),
    ] = None,
    errors: Annotated[
        bool, typer.Option(help="Also list matched claims whose claimant or status is wrong.")
    ] = False,
) -> None:
    """Score claimant, status, recall, bounds and source types against editor gold."""
    try:
        docs = load_dir(directory, polnear)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    if not docs:
        err.print(f"error: no *.editor.yaml under {directory}", markup=False, highlight=False)
        raise typer.Exit(2)
    scores = score(docs, extractive_predictions(docs))
    if errors:
        print(format_errors(scores, docs))
    print(f"Editor gold {directory} ({len(docs)} articles, extractive engine)")
    print(format_table(scores))
    if floors is not None:
        below = check_floors(scores, floors.read_text(encoding="utf-8"))
        if below:
            err.print("error: " + "; ".join(below), markup=False, highlight=False)
            raise typer.Exit(1)
