"""The engine option every command shares, and how the eval commands build their sheets."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.cli.errors import err, fail
from service.config import get_settings
from service.engine_choice import describe_engine, llm_failure
from service.eval.sheets import eval_sheets
from service.produce import Prepared


class EngineOption(StrEnum):
    """Which engine drafts the sheet."""

    auto = "auto"
    llm = "llm"
    extractive = "extractive"


# The --engine option of the eval commands: the extractive engine unless asked otherwise.
EvalEngine = Annotated[
    EngineOption, typer.Option(help="Engine to score (auto: the LLM when chosen).")
]


def eval_run(prepared: list[Prepared], options: Options) -> list[FactSheet | None]:
    """Sheets of the articles with the chosen engine; failures listed on stderr."""
    settings = get_settings()
    err.print(describe_engine(settings, options.engine), markup=False, highlight=False)
    run = eval_sheets(prepared, options, settings)
    for failure in run.failures:
        err.print(f"warning: {failure}", markup=False, highlight=False)
    if run.failures and len(run.failures) == len(prepared):
        raise fail(llm_failure(settings, RuntimeError(run.failures[0])))
    return run.sheets
