"""Where `factsheet batch` may write: never onto its input, never over a file it did not write.

A batch appends to OUTPUT and, to resume, truncates a last line cut short by a crash. Both
destroy data when OUTPUT is something else: the input itself (the run reads its own
records back forever) or an unrelated file (its unterminated last line is cut off).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from service.errors import UnsafeOutput

STDIO = "-"
# How much of OUTPUT's first line is read to tell whether it is a record.
_HEAD_BYTES = 16 * 1024 * 1024


def is_record_line(line: bytes) -> bool:
    """True for a line `factsheet batch` writes: {"id", "factsheet"} or {"id", "error"}."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return False
    bodies = [key for key in ("factsheet", "error") if isinstance(data.get(key), dict)]
    return len(bodies) == 1 and set(data) == {"id", bodies[0]}


def _first_line(path: Path) -> bytes:
    with path.open("rb") as lines:
        return lines.readline(_HEAD_BYTES)


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


def _stat(name: str, fd: int) -> os.stat_result | None:
    """The file behind a path, or behind stdin/stdout for "-"; None if there is none."""
    try:
        return os.fstat(fd) if name == STDIO else Path(name).stat()
    except OSError:
        return None


def check_output(source: str, output: str, *, force: bool) -> bool:
    """Raise UnsafeOutput when writing ``output`` would destroy ``source`` or another file;
    return True when ``force`` lets an existing non-record OUTPUT be replaced (emptied).

    Both are command-line names: a path, or "-" for stdin (source) and stdout (output).
    The same file is found by device and inode, so symlinks and hard links count too.
    """
    into, out = _stat(source, 0), _stat(output, 1)
    # Regular files only: a terminal is both stdin and stdout of `batch - -o -`, harmlessly.
    if (
        into is not None
        and out is not None
        and stat.S_ISREG(into.st_mode)
        and _identity(into) == _identity(out)
    ):
        raise UnsafeOutput(f"the output {output} is the input {source}: choose another file")
    if output == STDIO:
        return False
    path = Path(output)
    if path.is_dir():
        raise UnsafeOutput(f"the output {output} is a directory")
    if not path.parent.is_dir():
        raise UnsafeOutput(f"no directory {path.parent}")
    if out is None or out.st_size == 0:
        return False
    if not path.is_file():
        raise UnsafeOutput(f"the output {output} is not a regular file")
    if is_record_line(_first_line(path)):
        return False  # a run of ours: resumed
    if not force:
        raise UnsafeOutput(
            f"the output {output} exists and is not a factsheet record file; "
            "choose another file, or pass --force to replace it"
        )
    return True
