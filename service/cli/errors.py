"""How every `factsheet` command reports a failure: one line on stderr, exit status 2.

Errors come from the tree in service/errors.py (named by their public slug), from settings
that do not validate (named by their variable, never their value: it may be a secret), or
from files that cannot be read. Results that fall short (eval floors, failed batch items)
are not errors: those commands exit 1 on their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from service.errors import FactsheetError

P = ParamSpec("P")
T = TypeVar("T")
ERROR_EXIT = 2
err = Console(stderr=True)


def fail(message: str, code: int = ERROR_EXIT) -> typer.Exit:
    """Print `error: message` on stderr and return the Exit to raise."""
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def settings_message(exc: ValidationError) -> str:
    """One line naming each invalid setting by its environment variable and the reason."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        name = "_".join(str(part) for part in error["loc"]).upper()
        parts.append(f"FACTSHEET_{name}: {error['msg']}" if name else error["msg"])
    return "invalid settings: " + "; ".join(parts)


def describe(exc: BaseException) -> str:
    """The one line a command prints for an error it did not expect to survive."""
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        return settings_message(exc)
    if isinstance(exc, FactsheetError):
        return f"{exc.slug}: {exc}"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot read{where}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


def reports_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Wrap a command so that its known failures end as one line and exit 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except (FactsheetError, OSError) as exc:
            raise fail(describe(exc)) from exc
        except ValidationError as exc:
            if exc.title != "Settings":
                raise
            raise fail(describe(exc)) from exc

    return wrapper
