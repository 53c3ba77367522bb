"""Deployment files agree with each other: the locks pin what pyproject.toml pins, and the
Dockerfile installs from the lock before copying sources, from an allow-listed context.

(No Docker engine runs in CI; docs/operations.md says how the build steps were checked.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+)", re.MULTILINE)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str] | str) -> dict[str, str]:
    text = "\n".join(lines) if isinstance(lines, list) else lines
    return {_normal(name): version for name, version in _PIN.findall(text)}


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ["main"]), ("requirements-dev.lock", ["main", "dev"])],
)
def test_lock_pins_every_direct_dependency_at_the_pyproject_version(
    lock: str, groups: list[str]
) -> None:
    wanted: dict[str, str] = {}
    for group in groups:
        deps = (
            PYPROJECT["project"]["dependencies"]
            if group == "main"
            else (PYPROJECT["project"]["optional-dependencies"][group])
        )
        wanted |= _pins([d.split("#")[0].strip() for d in deps])
    locked = _pins((REPO / lock).read_text(encoding="utf-8"))
    stale = {n: (v, locked.get(n)) for n, v in wanted.items() if locked.get(n) != v}
    assert not stale, f"{lock} is stale, run `make lock`: {stale}"


def test_every_locked_package_has_hashes() -> None:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)


def test_dockerfile_installs_dependencies_from_the_lock_before_copying_sources() -> None:
    lock = DOCKERFILE.index("COPY requirements.lock")
    install = DOCKERFILE.index("pip install --require-hashes -r requirements.lock")
    sources = DOCKERFILE.index("COPY service")
    package = DOCKERFILE.index("pip install --no-deps .")
    assert lock < install < sources < package


def test_dockerignore_admits_exactly_what_the_dockerfile_copies() -> None:
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "*" in ignore  # an allow-list: nothing enters the context unless named
    admitted = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    copied: set[str] = set()
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            copied |= set(line.split()[1:-1])
    assert copied == admitted
    assert not admitted & {".venv", ".git", "tests", "bench", "seeds"}


def test_data_directory_is_a_volume() -> None:
    data_dir = re.search(r"FACTSHEET_DATA_DIR=(\S+)", DOCKERFILE)
    assert data_dir is not None
    assert f'VOLUME ["{data_dir.group(1)}"]' in DOCKERFILE
