"""`factsheet`: summarise an article, or evaluate the engine on PolNeAR and gold files."""

from __future__ import annotations

import asyncio
import sys
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from schemas.options import Options
from schemas.request import ArticleRequest
from service.cli.batch import batch, worker
from service.cli.editor import eval_editor
from service.cli.engines import EngineOption, EvalEngine, eval_run
from service.cli.errors import err, fail, reports_errors
from service.cli.render import render
from service.cli.serve import serve
from service.config import get_settings
from service.engine_choice import describe_engine, llm_failure
from service.errors import UpstreamError
from service.eval.gold import article_path, check_sheet, load_gold
from service.eval.polnear import format_table, load_split, score
from service.pipeline.ingest import read_bounded
from service.produce import build_sheet, prepare, produce

app = typer.Typer(help="Grounded fact sheets of news articles.", no_args_is_help=True)
eval_app = typer.Typer(help="Score the engine on annotated data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
eval_app.command("editor")(reports_errors(eval_editor))
app.command()(reports_errors(serve))
app.command()(reports_errors(batch))
app.command()(reports_errors(worker))


class OutputFormat(StrEnum):
    """How `summarise` prints the sheet."""

    text = "text"
    json = "json"


def _read(path: str, max_chars: int) -> bytes:
    """The file (or stdin), read only up to what the limit can accept."""
    if path == "-":
        return read_bounded(sys.stdin.buffer, max_chars)
    with Path(path).open("rb") as file:
        return read_bounded(file, max_chars)


@app.command()
@reports_errors
def summarise(
    path: Annotated[
        str, typer.Argument(help="Article file (text or HTML), an http(s) URL, or - for stdin.")
    ],
    output: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="text (default on a terminal) or json."),
    ] = None,
    engine: Annotated[
        EngineOption, typer.Option(help="auto: the LLM when configured, else extractive.")
    ] = EngineOption.auto,
    title: Annotated[str | None, typer.Option(help="Article title.")] = None,
) -> None:
    """Print the fact sheet of one article."""
    settings = get_settings()
    options = Options(engine=engine.value, summary_sentences=settings.summary_sentences)
    err.print(describe_engine(settings, options.engine), markup=False, highlight=False)
    if engine is EngineOption.llm:
        # Asked for by name: no silent extractive sheet when the model gives none.
        settings = settings.model_copy(update={"fallback": False})
    try:
        if path.startswith(("http://", "https://")):
            # Fetched through the same SSRF-safe fetcher as the API's `url` input.
            request = ArticleRequest(url=path, title=title, options=options)
            sheet = asyncio.run(produce(request, settings))
        else:
            prepared = prepare(
                _read(path, settings.max_chars), title=title, max_chars=settings.max_chars
            )
            sheet = asyncio.run(build_sheet(prepared, options, settings))
    except UpstreamError as exc:
        raise fail(llm_failure(settings, exc)) from exc
    chosen = output or (OutputFormat.text if sys.stdout.isatty() else OutputFormat.json)
    if chosen is OutputFormat.json:
        sys.stdout.write(sheet.model_dump_json(indent=2) + "\n")
    else:
        render(sheet, Console())


@eval_app.command("polnear")
@reports_errors
def eval_polnear(
    directory: Annotated[Path, typer.Argument(help="A PolNeAR split, e.g. ../shared/polnear/dev.")],
    floors: Annotated[
        Path | None, typer.Option(help="TOML of minimum F1 per role and criterion; fail below.")
    ] = None,
    engine: EvalEngine = EngineOption.extractive,
) -> None:
    """Score attributions (source, cue, content; exact and overlap) on a PolNeAR split."""
    get_settings()  # every command validates the settings first (one line, exit 2)
    docs = load_split(directory)
    if not docs:
        raise fail(f"no articles under {directory}/text")
    # PolNeAR articles can hold more attributions than the default cap on claims.
    options = Options(engine=engine.value, max_claims=200)
    prepared = [prepare(doc.text, kind="text", max_chars=10_000_000) for doc in docs]
    predictions = [
        [
            (c.content, c.cue, c.claimant)
            for c in (sheet.claims if sheet is not None else [])
            if c.cue is not None  # PolNeAR annotates attributions, not hedged article voice
        ]
        for sheet in eval_run(prepared, options)
    ]
    scores = score(docs, predictions)  # type: ignore[arg-type]
    print(f"PolNeAR {directory} ({len(docs)} articles)")
    print(format_table(scores))
    if floors is not None:
        below = []
        for key, minimum in tomllib.loads(floors.read_text(encoding="utf-8")).items():
            role, criterion = key.split("_")
            got = getattr(scores, criterion)[role].f1
            if got < float(minimum):
                below.append(f"{role} {criterion} F1 {got:.3f} < floor {minimum}")
        if below:
            raise fail("; ".join(below), 1)


@eval_app.command("gold")
@reports_errors
def eval_gold(
    gold_file: Annotated[Path, typer.Argument(help="A gold YAML file.")],
    article: Annotated[
        Path | None, typer.Option(help="The article (default: from the file).")
    ] = None,
    engine: EvalEngine = EngineOption.extractive,
) -> None:
    """Check the fact sheet of a gold file's article against the editor's expectations."""
    settings = get_settings()
    gold = load_gold(gold_file)
    source = article or article_path(gold_file, gold)
    prepared = prepare(source.read_bytes(), max_chars=settings.max_chars)
    sheet = eval_run([prepared], Options(engine=engine.value))[0]
    if sheet is None:  # unreachable: _eval_run fails when the only article failed
        raise fail("no fact sheet", 1)
    checks = check_sheet(sheet, gold)
    table = Table(title=f"{gold_file.name} against {source} ({sheet.engine.name})")
    for column in ("check", "id", "ok", "detail"):
        table.add_column(column)
    for check in checks:
        table.add_row(check.kind, check.id, "yes" if check.ok else "NO", check.detail)
    Console().print(table)
    failed = [c for c in checks if not c.ok]
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)
