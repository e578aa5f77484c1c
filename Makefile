# Two entry points: `make demo` runs riskctl on the sample registers, `make test` runs
# every check (lint, types, tests). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TODAY ?=

.PHONY: demo test lint typecheck unit bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	@echo "== riskctl check registers/  (exit 1 is expected: three policies are overdue for review)"
	-$(BIN)/riskctl check registers/
	@echo
	@echo "== riskctl list registers/"
	$(BIN)/riskctl list registers/
	@echo
	@echo "== riskctl list registers/ --policies"
	$(BIN)/riskctl list registers/ --policies

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: $(VENV)/.installed
	$(BIN)/pytest

test: lint typecheck unit

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .riskctl_cache
