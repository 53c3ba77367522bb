# Every command a developer needs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
POLNEAR ?= ../shared/polnear
SEED   := seeds/kursk-north-korean-troops.txt

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck unit schema schema-write examples serve worker record eval bench bench-smoke fuzz clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) ## Create the virtual environment and install everything

demo: $(STAMP) ## Print the fact sheet of the seed article
	$(BIN)/factsheet summarise $(SEED) --format text

test: $(STAMP) lint typecheck schema unit eval ## Run the whole suite (lint, types, tests, evaluation floors)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

eval: $(STAMP) ## Score the extractive engine on PolNeAR dev and the gold file, failing below the floors
	$(BIN)/factsheet eval polnear $(POLNEAR)/dev --floors eval-floors.toml
	$(BIN)/factsheet eval gold ../shared/gold/kursk-north-korean-troops.gold.yaml

bench: $(STAMP) ## Run the benchmarks in bench/ and print their tables
	$(BIN)/python bench/segment.py $(POLNEAR)/dev
	$(BIN)/python bench/extractive.py $(POLNEAR)/dev
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/service_overhead.py $(POLNEAR)/dev
	$(BIN)/python bench/load.py $(POLNEAR)/dev
	$(BIN)/python bench/llm_overhead.py
	$(BIN)/python bench/batch_api_cost.py $(POLNEAR)/dev

bench-smoke: $(STAMP) ## A 5-second load test (20 clients), to check the load bench runs
	$(BIN)/python bench/load.py $(POLNEAR)/dev --clients 20 --seconds 5

fuzz: $(STAMP) ## Only the fuzzers and hostile articles (schemathesis, hypothesis)
	$(BIN)/pytest -q tests/fuzz tests/hostile

worker: $(STAMP) ## Drain the Redis job queue (needs FACTSHEET_REDIS_URL)
	$(BIN)/factsheet worker

record: $(STAMP) ## Re-record the LLM cassettes (local llama.cpp, or FACTSHEET_RECORD_BASE_URL)
	scripts/record.sh

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
