"""Run llama-cpp-python's OpenAI-compatible server, printing every rendered prompt to stderr.

    python scripts/llama_server.py --model M.gguf --chat_format hf-tokenizer-config \
        --hf_tokenizer_config_path scripts/gemma-chat-template.json ...

Same arguments as ``python -m llama_cpp.server``. The server itself never shows the prompt
its chat template renders, so this wrapper does: scripts/record.sh reads the log to check
that the system prompt and the re-ask error reached the model. Runs in the recording venv
(llama-cpp-python), never in the project's.
"""

from __future__ import annotations

import os
import runpy
import sys
from typing import Any

import llama_cpp.llama_chat_format as chat_format
import llama_cpp.llama_cpp as bindings

MARK = "=== rendered prompt ==="
_original = chat_format.hf_tokenizer_config_to_chat_formatter


def _logging_formatter(config: dict[str, Any], add_generation_prompt: bool = True) -> Any:
    render = _original(config, add_generation_prompt=add_generation_prompt)

    def logged(**kwargs: Any) -> Any:
        result = render(**kwargs)
        print(f"{MARK}\n{result.prompt}\n=== end of prompt ===", file=sys.stderr, flush=True)
        return result

    return logged


# Looked up by name when the server builds its handler, so the patch takes effect.
chat_format.hf_tokenizer_config_to_chat_formatter = _logging_formatter

_default_params = bindings.llama_model_default_params


def _plain_buffers() -> Any:
    # ggml's extra CPU buffer types (weight repacking, AMX) crash the first decode with
    # SIGSEGV on our 2-core sandboxes (Sapphire Rapids); plain buffers work, a bit slower.
    params = _default_params()
    params.use_extra_bufts = os.environ.get("LLAMA_EXTRA_BUFTS") == "1"
    return params


bindings.llama_model_default_params = _plain_buffers
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
