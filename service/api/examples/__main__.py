"""Write (or, with --check, verify) the OpenAPI examples built from the seed article."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from service.api.examples import build

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2] / "seeds" / "kursk-north-korean-troops.txt"


def main(argv: list[str]) -> int:
    """Regenerate request.json and response.json; with --check, fail when they are stale."""
    body, sheet = asyncio.run(build(SEED.read_text(encoding="utf-8")))
    stale = []
    for name, data in (("request.json", body), ("response.json", sheet)):
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        path = HERE / name
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale: {', '.join(stale)}; run python -m service.api.examples", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
