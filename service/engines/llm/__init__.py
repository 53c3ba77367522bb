"""The LLM engine: its Draft, prompts, request shape, the one call, answer checks, call budget,
chunking, grounding, usage and breaker, behind the engine interface (engine.py)."""
