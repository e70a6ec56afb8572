# Learning Commons: the two commands a fresh machine needs are `make serve` and `make test`.
# Everything runs from a local virtual environment (.venv) built from the locked, hashed requirements
# (compiled from requirements.in and requirements-dev.in: see `make lock`).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SITE_DIR ?= site
# The engine that builds and serves the wiki: mkdocs, or properdocs (MkDocs' maintained fork, which reads
# the same mkdocs.yml and runs the same hooks). To switch for good, set it here and put `properdocs` in
# place of `mkdocs` in requirements.in (then `make lock`); see docs/about/engines.md.
ENGINE ?= mkdocs
EXPORT_DIR ?= export
export NO_MKDOCS_2_WARNING := 1
# SKIP_BROWSER=1 skips the browser tests on purpose; they are never skipped by default.
export SKIP_BROWSER

.DEFAULT_GOAL := help
.PHONY: help setup setup-dev browser serve build check new adopt test lint linkcheck bench audit lock export clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# --require-hashes: pip installs exactly the files that were locked, or stops.
$(VENV)/.site-installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@ $(VENV)/.site-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.site-installed ## Create .venv with what building the site needs

setup-dev: $(VENV)/.dev-installed node_modules/.installed ## Create .venv with test and lint tools too

browser: ## Make sure Debian's Chromium is there for the browser tests (installs it when run as root)
	@if [ -n "$(filter-out 0,$(SKIP_BROWSER))" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "make: the browser tests need Chromium: run 'sudo apt-get install chromium', or skip them with 'make test SKIP_BROWSER=1'" >&2; \
	  exit 1; \
	fi

# Another engine (ENGINE=properdocs) comes with the dev requirements.
ENGINE_SETUP = $(if $(filter-out mkdocs,$(ENGINE)),$(VENV)/.dev-installed)

serve: setup $(ENGINE_SETUP) ## Preview the wiki with live reload at http://127.0.0.1:8000
	$(BIN)/$(ENGINE) serve --dirty --dev-addr 127.0.0.1:8000

build: setup $(ENGINE_SETUP) ## Build the static site strictly into $(SITE_DIR)/
	$(BIN)/$(ENGINE) build --strict --clean --site-dir $(SITE_DIR)

check: setup ## Check every page's front matter and HTML without building
	$(PY) scripts/check.py

new: setup ## Start a page: make new TYPE=lesson TITLE="What we learned" TAGS=retrospective [OWNER="…"]
	$(PY) scripts/new_page.py "$(TYPE)" "$(TITLE)" --tags "$(TAGS)" $(if $(OWNER),--owner "$(OWNER)")

adopt: setup ## Bring a folder in with its history: make adopt FROM=notes [TYPE=page] [TO=docs/notes] [APPLY=1]
	@test -n "$(FROM)" || { echo "make adopt needs the folder: make adopt FROM=notes"; exit 2; }
	$(PY) scripts/adopt.py "$(FROM)" $(if $(TYPE),--type "$(TYPE)") $(if $(TO),--to "$(TO)") $(if $(filter-out 0,$(APPLY)),--apply) $(foreach glob,$(EXCLUDE),--exclude "$(glob)")

test: setup-dev browser ## Run every test: core, builds, links, browser, workflows
	$(BIN)/pytest

lint: setup-dev ## Lint and type-check the code
	$(BIN)/ruff check hooks scripts tests
	$(BIN)/ruff format --check hooks scripts tests
	$(BIN)/mypy

linkcheck: setup-dev ## Build the site and check every internal link and anchor over HTTP
	$(PY) scripts/linkcheck.py

bench: setup-dev ## Measure build cost of our hooks against plain Material
	$(PY) scripts/bench.py

AUDIT_FORMAT ?= columns
audit: $(VENV)/.dev-installed ## Look up known vulnerabilities of the locked Python packages (pip-audit)
	$(BIN)/pip-audit --strict --disable-pip --require-hashes --format $(AUDIT_FORMAT) -r requirements-dev.txt

# pip-tools runs from a throwaway environment, so the locked .venv holds only what the lock files name.
lock: ## Recompile requirements.txt and requirements-dev.txt (with hashes) from the .in files
	@tools=$$(mktemp -d) && $(PYTHON) -m venv "$$tools" && "$$tools/bin/pip" install --quiet pip-tools && \
	for name in requirements requirements-dev; do \
	  "$$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	    --no-emit-find-links --output-file $$name.txt $$name.in || exit 1; \
	done; rm -rf "$$tools"

export: setup ## Write the wiki for engines without hooks (Zensical) into $(EXPORT_DIR)/
	$(PY) scripts/export.py $(EXPORT_DIR) --force

clean: ## Remove the built site (only a folder a build of this wiki marked) and caches
	@if [ -e "$(SITE_DIR)/.learning-commons-build" ]; then rm -rf "$(SITE_DIR)"; \
	elif [ -e "$(SITE_DIR)" ]; then echo "kept $(SITE_DIR): it is not a build of this wiki (no .learning-commons-build)"; fi
	rm -rf .pytest_cache .mypy_cache .ruff_cache
