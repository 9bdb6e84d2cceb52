# The two commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := frontend/node_modules/.installed

.PHONY: run test test-fast lint format bench schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(FRONTEND_STAMP)

frontend/dist/index.html: $(FRONTEND_STAMP) $(shell find frontend/src frontend/index.html -type f 2>/dev/null)
	cd frontend && npm run build

## run: install, build the web app, serve on http://127.0.0.1:8000 with demo data (embedded stores)
run: $(STAMP) frontend/dist/index.html
	$(BIN)/trendloop serve

## test: the whole suite: lint, types, layers, schema drift, Python tests on two processes, then the
##       browser journeys (one server at a time), web unit tests
test: $(STAMP) frontend/dist/index.html
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	cd frontend && npm test --silent
	$(BIN)/pytest -m "not e2e" -n 2
	$(BIN)/pytest -m e2e

## test-fast: Python tests without the browser journeys
test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e" -x -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: every benchmark; each prints its figures and ends with one JSON line
bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

schema: $(STAMP)
	$(BIN)/trendloop export-schema

clean:
	rm -rf var frontend/dist .pytest_cache .mypy_cache .ruff_cache test-results
