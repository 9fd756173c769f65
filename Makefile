# cchc-kg: the two commands a new user needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= var/store
HOST ?= 127.0.0.1
PORT ?= 8000
SAMPLES := ingest/samples
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends

.PHONY: help install system-deps run test lint namespace docs clean bench load eval

help:
	@echo "make run    install, ingest the bundled sample plans into $(STORE), serve on http://$(HOST):$(PORT)"
	@echo "make test   install (with dev extras and system packages) and run the whole test suite"
	@echo "make lint   ruff"
	@echo "make eval   score extraction on the gold corpus ../shared/corpus -> bench/results/extraction.{md,json}"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-installs only when pyproject.toml changes, so a second `make test` is fast.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# System packages the tests need, from Debian's apt, installed only when missing.
system-deps:
	@if ! command -v java >/dev/null 2>&1; then \
		echo "Installing a Java runtime (the HermiT reasoner needs it)"; \
		$(SUDO) apt-get update -qq && $(APT_INSTALL) default-jre-headless; \
	fi
	@# Virtuoso for the remote-store tests: only the binaries (virtuoso-t, isql-vt), no system service
	@# and no debconf password; the tests start their own instance on 127.0.0.1 (tests/virtuoso.py).
	@# If apt cannot install it, `make test` goes on and those tests are skipped, saying so.
	@if ! command -v virtuoso-t >/dev/null 2>&1; then \
		echo "Installing Virtuoso (the remote-store tests run against a private instance)"; \
		{ $(SUDO) apt-get update -qq && $(APT_INSTALL) virtuoso-opensource-7-bin; } \
			|| echo "Virtuoso could not be installed: its tests will be skipped"; \
	fi
	@# Headless Chromium for the browser and screenshot tests (driven by Playwright with executable_path).
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing Chromium (the browser tests drive it headless)"; \
		{ $(SUDO) apt-get update -qq && $(APT_INSTALL) chromium fonts-dejavu-core; } \
			|| echo "Chromium could not be installed: the browser tests will be skipped"; \
	fi
	@# Readers of other formats (README, "What ingest understands"): LibreOffice converts .doc/.odt/.rtf,
	@# Tesseract with its Vietnamese model reads scanned PDFs, poppler-utils renders PDFs for the scan tests.
	@# Without them `make run` still works (ingest and serve say which formats are unavailable) and their
	@# tests are skipped, naming the package.
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr-vie"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (readers of .doc/.odt/.rtf and scanned PDFs)"; \
		{ $(SUDO) apt-get update -qq && $(APT_INSTALL) $$missing; } \
			|| echo "Could not install$$missing: the tests of those formats will be skipped"; \
	fi

run: install
	$(BIN)/cchc-kg ingest --store $(STORE) $(SAMPLES)
	$(BIN)/cchc-kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

# Extraction scored against the gold corpus (ingest/evaluation.py); the totals are the last lines printed.
eval: install
	$(BIN)/cchc-kg eval ../shared/corpus --out bench/results/extraction

# Benchmarks (bench/README.md): corpora cached in var/bench/corpora, results in bench/results/latest.{json,md}.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@touch $@

# system-deps: the virtuoso part loads the national store into a private Virtuoso (skipped, saying so, without it).
bench: $(VENV)/.installed-bench system-deps
	$(BIN)/python -m bench.run --corpora var/bench/corpora

# Loopback load test (bench/load.py): 16 clients x 30 s against `cchc-kg serve` on the national corpus
# (var/bench/stores/national, generated and ingested first when missing); bench/results/load.{json,md}.
load: $(VENV)/.installed-bench
	$(BIN)/python -m bench.load --scale national --clients 16 --seconds 30

# Regenerate ontology/namespace.py after editing the Turtle files.
namespace: install
	$(BIN)/python -m ontology.gen_namespace

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
