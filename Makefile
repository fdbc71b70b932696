# CJM Studio: everything a newcomer needs is one of these targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= resources/examples/retail-checkout.cjm

.PHONY: run test quick lint bench examples dist icons clean

# Install into a local virtual environment and open the app on a bundled example map.
run: $(VENV)/.installed
	@tools/system-packages.sh run
	$(BIN)/cjm-studio $(EXAMPLE)

# Install everything and run the whole test suite (lint and types first).
test: $(VENV)/.installed-test
	@tools/system-packages.sh test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

# The quick inner loop: the tests not marked slow, no lint or type check.
quick: $(VENV)/.installed-test
	@tools/system-packages.sh test
	$(BIN)/pytest -m "not slow"

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Rebuild the example .cjm files from the templates.
examples: $(VENV)/.installed
	$(BIN)/python tools/make_examples.py

# Build the installable bundle (dist/cjm-studio/) and its archive; prints their sizes.
dist: $(VENV)/.installed-test
	@tools/system-packages.sh test
	$(BIN)/python tools/build_dist.py

# Remake the application icon's PNG/ICO/ICNS files from resources/icons/cjm-studio.svg.
icons: $(VENV)/.installed
	$(BIN)/python tools/make_icons.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
