"""`factsheet eval editor`: score the extractive engine on a directory of editor gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.cli.engines import EngineOption, EvalEngine, eval_run
from service.cli.errors import fail
from service.config import get_settings
from service.eval.editor import (
    EditorDoc,
    PredictedClaim,
    check_floors,
    format_errors,
    format_table,
    load_dir,
    score,
)
from service.produce import prepare


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


def predictions(docs: list[EditorDoc], engine: EngineOption) -> list[list[PredictedClaim]]:
    """Build each article's sheet with the chosen engine, the way `eval polnear` does."""
    # PolNeAR articles can hold more attributions than the default cap on claims.
    options = Options(engine=engine.value, max_claims=200)
    prepared = [prepare(doc.text, kind="text", max_chars=10_000_000) for doc in docs]
    return [
        predicted_claims(sheet) if sheet is not None else []
        for sheet in eval_run(prepared, options)
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
    engine: EvalEngine = EngineOption.extractive,
) -> None:
    """Score claimant, status, recall, bounds and source types against editor gold."""
    get_settings()  # every command validates the settings first (one line, exit 2)
    try:
        docs = load_dir(directory, polnear)
    except (ValueError, KeyError) as exc:
        raise fail(f"{directory}: {exc}") from exc
    if not docs:
        raise fail(f"no *.editor.yaml under {directory}")
    scores = score(docs, predictions(docs, engine))
    if errors:
        print(format_errors(scores, docs))
    print(f"Editor gold {directory} ({len(docs)} articles, {engine.value} engine)")
    print(format_table(scores))
    if floors is not None:
        below = check_floors(scores, floors.read_text(encoding="utf-8"))
        if below:
            raise fail("; ".join(below), 1)
