"""Write (or check) schemas/factsheet.schema.json from the Pydantic models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.factsheet import FactSheet

SCHEMA_PATH = Path(__file__).with_name("factsheet.schema.json")


def render() -> str:
    """Return the JSON Schema of FactSheet as stable, pretty JSON."""
    return json.dumps(FactSheet.model_json_schema(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """Write the schema file, or with --check exit 1 when it is stale."""
    if "--check" in argv:
        if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != render():
            print(f"{SCHEMA_PATH} is stale: run `make schema-write`", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
