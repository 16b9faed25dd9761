# peel-extract: `make` builds the data, `make test` checks it. `make help` lists every target.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# the baselines (camelot, opencv) are a separate install: only make bench and make icdar need them
BENCH_STAMP := $(VENV)/.bench-installed
TEST_STAMP := $(VENV)/.test-installed
ZOO_STAMP := $(VENV)/.zoo-installed
RAW := raw
OUT := extracted
SOURCES := $(shell find pipeline schemas -name '*.py' -o -name '*.csv' 2>/dev/null)
INPUTS := $(shell find $(RAW) -type f \( -name '*.pdf' -o -name '*.toml' \) 2>/dev/null)

CACHE := .cache

.PHONY: all help install test report dictionary bench icdar fuzz fetch clean zoo

all: $(OUT)/validation/summary.json ## create .venv, install, extract every PDF in raw/ into extracted/

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# A fresh install is most of a fresh `make`, so it does only what the pipeline needs:
# - pip puts uv (a pinned release) in the venv and uv installs the rest: it resolves and downloads
#   in parallel, where pip spends about 20 s parsing PyPI's index pages one package after another;
#   where uv cannot be had or fails (an index only pip is set up for), pip installs it all;
# - nothing byte-compiles every module of pandas, pyarrow and the rest (uv does not, pip is told
#   --no-compile); Python compiles the few the pipeline imports on first use and keeps them, even
#   where the machine sets PYTHONDONTWRITEBYTECODE (the venv is ours to write to);
# - where the host's pip can install into another interpreter (pip 22.3+), the venv gets no pip
#   of its own (ensurepip alone takes about 9 s); to add a package by hand:
#   .venv/bin/uv pip install --python .venv/bin/python NAME
# (decided in the recipes, when they run: asking at every `make` would cost a no-op make a second)
unexport PYTHONDONTWRITEBYTECODE
UV_VERSION := 0.13.9
PIP = $$(if [ -x $(VENV)/bin/pip ]; then echo $(PY) -m pip; else echo $(PYTHON) -m pip --python $(PY); fi)
comma := ,
define install
{ [ -x $(VENV)/bin/uv ] && $(VENV)/bin/uv pip install --quiet --python $(PY) $(1); } || $(PIP) install --quiet --no-compile $(1)
endef

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	if $(PYTHON) -m pip --python "$$(command -v $(PYTHON))" --version >/dev/null 2>&1; \
	then $(PYTHON) -m venv --without-pip $(VENV); else $(PYTHON) -m venv $(VENV); fi
	$(PIP) install --quiet --no-compile uv==$(UV_VERSION) || echo "uv could not be installed: pip installs the rest (slower)"
	$(call install,-e .)
	touch $@

install: $(STAMP) ## create .venv and install the pinned dependencies (only when pyproject.toml changed)

# the test tools (pytest, reportlab, frictionless, dask) are a separate install: make alone does not need them
$(TEST_STAMP): $(STAMP) pyproject.toml
	$(call install,-e '.[test]')
	touch $@

$(ZOO_STAMP): $(TEST_STAMP) pyproject.toml
	$(call install,-e '.[test$(comma)zoo]')
	touch $@

$(BENCH_STAMP): $(TEST_STAMP) pyproject.toml
	$(call install,-e '.[test$(comma)bench]')
	touch $@

$(OUT)/validation/summary.json: $(STAMP) $(SOURCES) $(INPUTS)
	$(PY) -m pipeline run --raw $(RAW) --out $(OUT) --cache $(CACHE)

test: $(TEST_STAMP) ## run the test suite (and check the README's data dictionary is current)
	$(PY) -m pipeline.dictionary --check README.md
	$(PY) -m pytest

dictionary: $(STAMP) ## rewrite the data dictionary in README.md from the schemas
	$(PY) -m pipeline.dictionary --update README.md

fetch: $(STAMP) ## download manifest entries that have a url and are missing from raw/ (checks sha256)
	$(PY) -m pipeline fetch --raw $(RAW)

report: $(OUT)/validation/summary.json ## print where the validation report is and its headline counts
	@$(PY) -m pipeline report --out $(OUT)

bench: $(BENCH_STAMP) ## time the pipeline against the page.chars floor, pdfplumber and camelot (writes bench/results.json)
	$(PY) bench/bench.py

icdar: $(BENCH_STAMP) ## score the table reader against camelot and pdfplumber on ../shared/icdar2013 (prints a table)
	$(PY) bench/icdar.py

FUZZ_CASES ?= 1000
FUZZ_SEED ?= 2

fuzz: $(TEST_STAMP) ## feed the pipeline FUZZ_CASES mutated PDFs (seed FUZZ_SEED): rows or one error line each, never a traceback
	$(PY) tests/fuzz.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

zoo: $(ZOO_STAMP) ## print the rendering zoo again (needs chromium, libreoffice, poppler-utils, ghostscript, groff)
	$(PY) tests/zoo/make_zoo.py

clean: ## remove the outputs (keeps extracted/README.md), the cache and the venv
	find $(OUT) -mindepth 1 ! -name README.md -delete
	rm -rf $(VENV) $(CACHE)
