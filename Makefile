# Dials & Weights: every set-up step lives here, so a fresh clone needs two commands:
#   make serve   (or make build)   and   make test
# The venv is created from requirements.lock (exact versions) the first time and
# whenever the lock or pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
ADDR   ?= 127.0.0.1:8000
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build figures check browser test test-pythons build-properdocs hooks lint bench bench-tools lock clean

setup: $(STAMP)

# uv installs the exact pins of the lock several times faster than pip, with its own progress
# lines; it is a tool of this Makefile only (pinned here), not a dependency of the project.
# The packages are compiled to bytecode after installing: figure scripts run with
# PYTHONDONTWRITEBYTECODE (no __pycache__ in scripts/), so without it every script on a fresh machine
# compiled scikit-learn, SciPy and matplotlib anew (the fresh-clone test run took 17.5 min against
# 13.5 min with a used venv). tools/compile_bytecode.py does what uv's --compile-bytecode does, but
# says how far it has got every two seconds instead of ten silent seconds.
UV := uv==0.13.9

$(STAMP): pyproject.toml requirements.lock
	@echo "==> [1/4] Creating $(VENV) with $$($(PYTHON) --version 2>&1) (a few seconds)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> [2/4] Installing $(UV), a fast installer for the lock (about 10 s)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check '$(UV)'
	@echo "==> [3/4] Installing the $$(grep -c '==' requirements.lock) pinned packages of requirements.lock, then this project (about 40 s on a fresh machine)"
	@$(BIN)/uv pip install --python $(BIN)/python -r requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@echo "==> [4/4] Compiling the packages to bytecode, so figure scripts start fast (about 15 s)"
	@$(BIN)/python tools/compile_bytecode.py
	@touch $(STAMP)
	@echo "==> Set up. Next: the figure scripts run once (later runs reuse them)."

serve: $(STAMP) figures
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

figures: $(STAMP)
	$(BIN)/dials-weights figures

check: $(STAMP)
	$(BIN)/dials-weights check

# Browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@test -x "$${DW_CHROMIUM:-/usr/bin/chromium}" || { echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "Could not install chromium: install it at /usr/bin/chromium (needs root on Debian/Ubuntu)"; exit 1; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The whole suite on the other Pythons the README promises (CI runs them as a matrix). Under pyenv,
# where python3.12 is a shim that answers only for the selected version, name the interpreters:
# make test-pythons PYTHON312=$$(pyenv prefix 3.12.1)/bin/python3.12 PYTHON313=...
PYTHON312 ?= python3.12
PYTHON313 ?= python3.13
test-pythons:
	$(MAKE) test PYTHON=$(PYTHON312) VENV=.venv-3.12
	$(MAKE) test PYTHON=$(PYTHON313) VENV=.venv-3.13

# The site built by ProperDocs, the maintained fork of MkDocs 1.x: our escape route, proven.
PROPERDOCS := properdocs==1.6.7
build-properdocs:
	$(MAKE) setup VENV=.venv-properdocs
	.venv-properdocs/bin/uv pip install --python .venv-properdocs/bin/python '$(PROPERDOCS)'
	.venv-properdocs/bin/properdocs build --strict --site-dir site-properdocs

# A git hook that runs ruff and `dials-weights check` before each commit.
hooks: $(STAMP)
	$(BIN)/pre-commit install

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench tools
	$(BIN)/mypy

# The benchmark (not part of the tests): every part, one to two hours on two shared cores; the table it
# prints goes to bench/results/ and README.md. Parts: make bench BENCH_ARGS="--only warm,bytes".
BENCH_ARGS ?=
bench: $(STAMP) browser bench-tools
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Lighthouse for the benchmark, from the npm lock in bench/npm (skipped, and said, without npm).
bench-tools:
	@test -x bench/npm/node_modules/.bin/lighthouse || { command -v npm >/dev/null && \
	  echo "Installing Lighthouse for the benchmark (npm ci, about a minute)..." && \
	  npm ci --prefix bench/npm --no-audit --no-fund --loglevel=error; } || \
	  echo "npm is missing: the benchmark will report Lighthouse as not measured"

# Re-resolve every dependency and rewrite the lock (a deliberate, reviewed change).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[test]'
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf site .cache
