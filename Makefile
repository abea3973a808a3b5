# Anju — one command per chore, the same locally and in CI. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages: Chromium for the browser tests (driven by Playwright, never downloaded by it),
# CJK fonts so the Chinese pages render in screenshots and PDFs, and wrk for the load benchmark.
DEBIAN_PACKAGES := chromium fonts-noto-cjk wrk

system: ## Install the Debian packages the browser tests need (as root; skipped when present)
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "Debian packages present: $(DEBIAN_PACKAGES)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "Not root: install$$missing yourself for the browser tests (they skip without it)"; fi

setup: $(STAMP) ## Create .venv and install Anju with its development tools

run: setup ## Set up, create the demo database and show what Anju does
	$(BIN)/anju demo

test: system setup lint ## Set up, lint, and run every test
	$(BIN)/pytest -n 2

lint: setup ## ruff, mypy (strict on the domain) and the import-linter contracts
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup ## Run every benchmark under bench/ and print the figures
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

docs: setup ## Regenerate the CLI reference and the scenario JSON Schema under docs/
	$(BIN)/typer anju.adapters.cli.main utils docs --name anju --output docs/cli.md
	$(BIN)/anju schema scenario --output docs/scenario.schema.json

clean: ## Remove the virtualenv, caches and the demo database
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache anju.db anju.db-* var

.PHONY: help system setup run test lint bench docs clean
