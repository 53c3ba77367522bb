"""The exported JSON Schema matches the models, and every field is described."""

from __future__ import annotations

from typing import Any

from schemas.export import SCHEMA_PATH, render
from schemas.factsheet import FactSheet


def test_schema_file_matches_the_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), "run `make schema-write`"


def test_every_field_has_a_description() -> None:
    schema: dict[str, Any] = FactSheet.model_json_schema()
    missing = [
        f"{name}.{field}"
        for name, definition in {"FactSheet": schema, **schema["$defs"]}.items()
        for field, spec in definition.get("properties", {}).items()
        if "description" not in spec
    ]
    assert not missing
