"""The LLM engine: prompts, one call to an OpenAI-compatible endpoint, grounding, chunking.

Kept free of imports so that ``schemas.draft`` can use ``service.llm.match`` cheaply.
"""
