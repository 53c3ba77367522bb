"""Which engine a run uses, said out loud: the line every CLI run prints, and the message
an explicit ``--engine llm`` fails with."""

from __future__ import annotations

from schemas.options import EngineChoice
from service.config import Settings

LLM_VARIABLES = (
    "FACTSHEET_LLM_MODEL, FACTSHEET_LLM_BASE_URL, FACTSHEET_LLM_API_KEY or OPENAI_API_KEY"
)


def resolved(choice: EngineChoice, settings: Settings) -> EngineChoice:
    """The engine ``choice`` resolves to (as produce resolves it), without raising."""
    if choice == "auto":
        return "llm" if settings.llm_chosen else "extractive"
    return choice


def describe_engine(settings: Settings, choice: EngineChoice = "auto") -> str:
    """One line naming the engine and, for the LLM, the model and endpoint host (never a key)."""
    engine = resolved(choice, settings)
    if engine == "extractive":
        why = ""
        if choice == "auto" and settings.llm_configured:
            why = "; FACTSHEET_LLM_MODEL is not set, so auto does not use the LLM"
        elif choice == "auto":
            why = "; no LLM configured"
        return f"engine: extractive (no network{why})"
    if not settings.llm_configured:
        return f"engine: llm, but no LLM is configured (set {LLM_VARIABLES})"
    fallback = ", extractive fallback on error" if choice == "auto" and settings.fallback else ""
    return f"engine: llm (model {settings.llm_model} at {settings.llm_host}{fallback})"


def llm_failure(settings: Settings, error: Exception) -> str:
    """The message of an explicit LLM run that got no sheet: endpoint and variables named."""
    return (
        f"the LLM at {settings.llm_host} (model {settings.llm_model}) gave no fact sheet: "
        f"{type(error).__name__}: {error}. Check {LLM_VARIABLES}."
    )
