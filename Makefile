# Every command a developer needs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
POLNEAR ?= ../shared/polnear
SEED   := seeds/kursk-north-korean-troops.txt
GOLD   ?= ../shared/gold/kursk-north-korean-troops.gold.yaml
EDITOR_GOLD ?= ../shared/editor-gold

.DEFAULT_GOAL := help
.PHONY: help venv lock demo test lint typecheck unit schema schema-write examples serve worker record eval bench bench-smoke tagger fuzz browser-deps browser clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

# Every dependency, indirect ones included, comes from the lock (pinned, with hashes);
# the package itself is then installed with --no-deps. `make lock` regenerates the locks.
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## Create the virtual environment and install everything

LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock' --quiet

lock: $(STAMP) ## Re-pin the whole dependency tree from pyproject.toml (requirements*.lock)
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

demo: $(STAMP) ## Print the fact sheet of the seed article
	$(BIN)/factsheet summarise $(SEED) --format text

test: $(STAMP) lint typecheck schema unit eval ## Run the whole suite (lint, types, tests, evaluation floors)

lint: $(STAMP) ## ruff lint and format check, and the layer contracts (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP) ## mypy --strict
	$(BIN)/mypy

schema: $(STAMP) ## Fail when schemas/factsheet.schema.json or the OpenAPI examples are stale
	$(BIN)/python -m schemas.export --check
	$(BIN)/python -m service.api.examples --check

examples: $(STAMP) ## Regenerate the OpenAPI examples from the seed article
	$(BIN)/python -m service.api.examples

serve: $(STAMP) ## Run the REST API (FACTSHEET_HOST / FACTSHEET_PORT, default 127.0.0.1:8000)
	$(BIN)/factsheet serve

schema-write: $(STAMP) ## Regenerate schemas/factsheet.schema.json
	$(BIN)/python -m schemas.export

unit: $(STAMP) ## pytest
	$(BIN)/pytest -q

eval: $(STAMP) ## Score the extractive engine on PolNeAR dev, the gold file and editor gold dev, failing below the floors
	@# A clone without ../shared runs to the end and says what it skipped; .ci/run requires it.
	@if [ -d $(POLNEAR)/dev/text ]; then \
		$(BIN)/factsheet eval polnear $(POLNEAR)/dev --floors eval-floors.toml; \
	else echo "SKIPPED: PolNeAR evaluation ($(POLNEAR)/dev not found; it lives in ../shared)"; fi
	@if [ -f $(GOLD) ]; then \
		$(BIN)/factsheet eval gold $(GOLD); \
	else echo "SKIPPED: seed gold check ($(GOLD) not found; it lives in ../shared)"; fi
	@if [ -d $(EDITOR_GOLD)/dev ]; then \
		$(BIN)/factsheet eval editor $(EDITOR_GOLD)/dev --floors eval-floors-editor.toml; \
	else echo "SKIPPED: editor-gold evaluation ($(EDITOR_GOLD)/dev not found; it lives in ../shared)"; fi

tagger: $(STAMP) ## Retrain the attribution tagger on PolNeAR train (docs/tagger.md)
	$(BIN)/python scripts/train_tagger.py $(POLNEAR)/train --out service/pipeline/data/tagger.crfsuite

bench: $(STAMP) ## Run the benchmarks in bench/ and print their tables
	$(BIN)/python bench/pathological.py
	$(BIN)/python bench/segment.py $(POLNEAR)/dev
	$(BIN)/python bench/extractive.py $(POLNEAR)/dev
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/breaker.py
	$(BIN)/python bench/service_overhead.py $(POLNEAR)/dev
	$(BIN)/python bench/load.py $(POLNEAR)/dev
	$(BIN)/python bench/hostile_clients.py
	$(BIN)/python bench/review_render.py
	$(BIN)/python bench/llm_overhead.py
	$(BIN)/python bench/batch_api_cost.py $(POLNEAR)/dev

bench-smoke: $(STAMP) ## A 5-second load test (20 clients), to check the load bench runs
	$(BIN)/python bench/load.py $(POLNEAR)/dev --clients 20 --seconds 5

fuzz: $(STAMP) ## Only the fuzzers and hostile articles (schemathesis, hypothesis)
	$(BIN)/pytest -q tests/fuzz tests/hostile

browser-deps: ## Install the review page's browser-test needs: Debian chromium + driver, axe-core
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || \
		(apt-get update && apt-get install -y chromium chromium-driver)
	cd tests/review && npm ci --no-audit --no-fund

browser: $(STAMP) ## Only the review page tests (browser ones fail instead of skipping)
	FACTSHEET_REQUIRE_BROWSER=1 $(BIN)/pytest -q tests/review

worker: $(STAMP) ## Drain the Redis job queue (needs FACTSHEET_REDIS_URL)
	$(BIN)/factsheet worker

record: $(STAMP) ## Re-record the LLM cassettes (local llama.cpp, or FACTSHEET_RECORD_BASE_URL)
	scripts/record.sh

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
