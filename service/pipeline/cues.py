"""The cues stage: attribution relations and per-sentence signals, both deterministic."""

from __future__ import annotations

from service.pipeline.attribution import find_attributions
from service.pipeline.signals import find_signals

__all__ = ["find_attributions", "find_signals"]
