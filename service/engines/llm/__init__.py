"""The LLM engine: its Draft model, prompts, the one call, chunking, grounding, usage, breaker."""
