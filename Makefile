# Jumys: `make demo` and `make test` are all a fresh machine with Python 3.11 needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
DEMO_HOME ?= var/demo
DEMO_SCALE ?= 0.01
DEMO_AS_OF ?= 2026-01-01
DEMO_EARLIER ?= 2025-07-01 2025-10-01
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1/test
DEMO_SERVE ?= 1
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000

.PHONY: help install demo chromium test test-pg lint typecheck check bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

.tools/bin/uv:
	@echo "uv not found: installing it into .tools/"
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv) ## Install Jumys and its tools (uv sync from uv.lock)
	$(UV) sync --frozen

demo: install ## A small synthetic Kazakhstan: ingested, verified, scored; then served with a login per role
	rm -rf $(DEMO_HOME) && mkdir -p $(DEMO_HOME)
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys synth --scale $(DEMO_SCALE) --seed 1 --out $(DEMO_HOME)/batch
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys ingest $(DEMO_HOME)/batch
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys batches
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys summary
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys verify --as-of $(DEMO_AS_OF) > $(DEMO_HOME)/verification.txt
	@echo "every project verified at $(DEMO_AS_OF): $(DEMO_HOME)/verification.txt"
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys scorecard --as-of $(DEMO_AS_OF)
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys alerts --as-of $(DEMO_AS_OF) --lang en | tail -n 6
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys risk score --as-of $(DEMO_AS_OF) | tail -n 1
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys warnings --as-of $(DEMO_AS_OF) | tail -n 1
	@echo "the warnings at the first of every month of the disputes, measured (and scored below):"
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys warnings measure | grep -v '^computing the warnings at'
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys illegal-work --as-of $(DEMO_AS_OF) | tail -n 1
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys permits decide $(DEMO_HOME)/batch/applications.csv | tail -n 1
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys regions --year 2025 | grep "list in force"
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys resettle match --as-of $(DEMO_AS_OF) | sed -n 1,2p
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys compatriots plan | tail -n 1
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys scenario run jumys/forecasting/data/scenario_example.csv | sed -n 1,2p
	set -o pipefail; JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys resettle cases --as-of $(DEMO_AS_OF) | sed -n 1,2p
	@echo "a personal cabinet at /cabinet for the head of the first resettlement case, IIN $$(sed -n 2p $(DEMO_HOME)/batch/resettlement.csv | cut -d, -f2) (synthetic):"
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys cabinet add-person --email person@example.org \
		--iin $$(sed -n 2p $(DEMO_HOME)/batch/resettlement.csv | cut -d, -f2)
	JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys score $(DEMO_HOME)/batch
	@for day in $(DEMO_EARLIER); do \
		echo "verifying at $$day too, for the dashboard's trends"; \
		JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys verify --as-of $$day > /dev/null || exit 1; \
	done
	JUMYS_HOME=$(DEMO_HOME) $(UV) run python -m jumys.web.demo http://$(DEMO_HOST):$(DEMO_PORT)/
	@if [ "$(DEMO_SERVE)" = 1 ]; then \
		echo "serving on http://$(DEMO_HOST):$(DEMO_PORT)/ (make demo DEMO_SERVE=0 stops before this step)"; \
		JUMYS_HOME=$(DEMO_HOME) $(UV) run jumys serve --host $(DEMO_HOST) --port $(DEMO_PORT); \
	fi

chromium: ## Install Debian's chromium for the browser tests when it is missing and can be (root, apt-get)
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update && apt-get install -y chromium; \
	else \
		echo "chromium not found, and not installed here (that needs root and apt-get): install it with"; \
		echo "your system's packages (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install"; \
		echo "chromium; macOS: brew install --cask chromium). Until then the browser tests are skipped."; \
	fi

test: install chromium ## Run the test suite (on PostgreSQL too when JUMYS_TEST_DATABASE_URL is set)
	$(UV) run pytest -n 2 -q --durations=25

test-pg: install chromium ## Run the test suite on DuckDB and on the local PostgreSQL
	JUMYS_TEST_DATABASE_URL=$(PG_TEST_URL) $(UV) run pytest -n 2 -q --durations=25

lint: install ## ruff (lint and format) and the import layers
	$(UV) run ruff check jumys tests bench
	$(UV) run ruff format --check jumys tests bench
	$(UV) run lint-imports

typecheck: install ## mypy --strict on the package
	$(UV) run mypy

check: lint typecheck test ## Everything CI runs

bench: install ## Speed and memory figures (synth, ingest, verify, API latency) at scale 0.1 and 1
	$(UV) run python -m bench.run

clean: ## Remove generated data
	rm -rf var bench-out .pytest_cache .mypy_cache .ruff_cache
