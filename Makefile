# Learning Commons: the two commands a fresh machine needs are `make serve` and `make test`.
# Everything runs from a local virtual environment (.venv) built from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SITE_DIR ?= site
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup setup-dev serve build check new test lint linkcheck bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.site-installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.site-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.site-installed ## Create .venv with what building the site needs

setup-dev: $(VENV)/.dev-installed node_modules/.installed ## Create .venv with test and lint tools too

serve: setup ## Preview the wiki with live reload at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: setup ## Build the static site strictly into $(SITE_DIR)/
	$(BIN)/mkdocs build --strict --clean --site-dir $(SITE_DIR)

check: setup ## Check every page's front matter without building
	$(PY) scripts/check.py

new: setup ## Start a page: make new TYPE=lesson TITLE="What we learned" TAGS=retrospective [OWNER="…"]
	$(PY) scripts/new_page.py "$(TYPE)" "$(TITLE)" --tags "$(TAGS)" $(if $(OWNER),--owner "$(OWNER)")

test: setup-dev ## Run every test: core, builds, links, browser, workflows
	$(BIN)/pytest

lint: setup-dev ## Lint and type-check the code
	$(BIN)/ruff check hooks scripts tests
	$(BIN)/ruff format --check hooks scripts tests
	$(BIN)/mypy

linkcheck: setup-dev ## Build the site and check every internal link and anchor over HTTP
	$(PY) scripts/linkcheck.py

bench: setup-dev ## Measure build cost of our hooks against plain Material
	$(PY) scripts/bench.py

clean: ## Remove the built site and caches
	rm -rf $(SITE_DIR) .pytest_cache .mypy_cache .ruff_cache
