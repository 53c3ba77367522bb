"""The batch bench's fake LLM engine (tests/support/engines.py), as a `factsheet` CLI script.

    FAKE_LLM_LATENCY_MS=500 python bench/fake_engine.py batch in.jsonl -o out.jsonl

`install()` registers an engine (service.produce.register_engine) that sleeps like an LLM
call and returns an empty draft with LLM-like usage, under both engine names, so the bench
measures the batch path, not the rules. Run as a script it installs itself and then runs the
`factsheet` CLI, so subprocess workers can use it too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from service.produce import register_engine
from tests.support.engines import ScriptedEngine


def install(latency_s: float) -> None:
    """Make every Runtime built from now on use the fake for both engine names."""
    register_engine("llm", lambda: ScriptedEngine(delay_s=latency_s, empty=True))
    register_engine("extractive", lambda: ScriptedEngine(delay_s=latency_s, empty=True))


if __name__ == "__main__":
    install(float(os.environ.get("FAKE_LLM_LATENCY_MS", "500")) / 1000)
    from service.cli.main import app

    app(prog_name="factsheet")
