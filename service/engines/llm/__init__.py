"""The LLM engine: request shape, answer checks, call budget (issue 11)."""
